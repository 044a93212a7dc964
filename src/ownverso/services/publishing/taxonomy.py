"""The public catalogs: the genre tree, tags (popular, search, create where allowed) and the
content warning types, with the listed series under a genre or a tag."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.errors import DomainError
from ownverso.domain.identity.values import UserRole
from ownverso.domain.publishing.taxonomy import Genre, Tag, tag_blocked, tag_name
from ownverso.domain.publishing.warnings import ContentWarning
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, PermissionDenied, ValidationFailed
from ownverso.services.ports import Clock, IdGenerator, IntegrityConflict, UnitOfWork
from ownverso.services.publishing.series_queries import (
    SeriesCard,
    SeriesFilter,
    SeriesQueries,
    TagCard,
)

TAG_CREATORS = frozenset({UserRole.AUTHOR, UserRole.COLLABORATOR, UserRole.ADMIN,
                          UserRole.SUPER_ADMIN})
SEARCH_LIMIT = 20


@dataclass
class GenreNode:
    genre: Genre
    children: list["GenreNode"] = field(default_factory=list)

    def __getattr__(self, name: str):  # serialize like the genre, plus ``children``
        if name == "genre":
            raise AttributeError(name)
        return getattr(self.genre, name)


def genre_not_found() -> NotFound:
    return NotFound("No such genre.", code="genre_not_found")


def tag_not_found() -> NotFound:
    return NotFound("No such tag.", code="tag_not_found")


def find_or_create_tag(uow: UnitOfWork, ids: IdGenerator, name: str, *,
                       now: datetime) -> tuple[Tag, bool]:
    """The tag of that name (by slug), made if new; blocked names and tags are refused (422
    ``tag_blocked``)."""
    try:
        clean, slug = tag_name(name)
    except DomainError as error:
        raise ValidationFailed(error.message, code=error.code, fields=error.fields) from None
    tag = uow.tags.get_by(slug=slug)
    if tag is not None:
        if tag.is_blocked:
            error = tag_blocked()
            raise ValidationFailed(error.message, code=error.code, fields=error.fields)
        return tag, False
    tag = Tag(id=ids.new_id("tag"), name=clean, slug=slug, created_at=now)
    uow.tags.add(tag)
    return tag, True


class GenreService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], queries: SeriesQueries):
        self.uow, self.queries = uow, queries

    def _active(self, uow: UnitOfWork, **filters) -> list[Genre]:
        return uow.genres.list(is_active=True, order_by=["display_order", "name"], **filters)

    def _one(self, uow: UnitOfWork, genre_id: str) -> Genre:
        genre = uow.genres.get(genre_id) or uow.genres.get_by(slug=genre_id)
        if genre is None or not genre.is_active:
            raise genre_not_found()
        return genre

    def tree(self, *, parent: str | None = None, flat: bool = False) -> list:
        """Top-level genres with their children nested; or one parent's children, or every
        genre, as a flat list. One query either way."""
        with self.uow() as uow:
            if parent is not None:
                return self._active(uow, parent_id=self._one(uow, parent).id)
            genres = self._active(uow)
        if flat:
            return genres
        nodes = {g.id: GenreNode(g) for g in genres}
        for genre in genres:
            if genre.parent_id in nodes:
                nodes[genre.parent_id].children.append(nodes[genre.id])
        return [node for node in nodes.values() if node.genre.parent_id not in nodes]

    def featured(self) -> list[Genre]:
        with self.uow() as uow:
            return self._active(uow, is_featured=True)

    def get(self, *, genre_id: str) -> GenreNode:
        with self.uow() as uow:
            genre = self._one(uow, genre_id)
            return GenreNode(genre, [GenreNode(g) for g in self._active(uow,
                                                                        parent_id=genre.id)])

    def children(self, *, genre_id: str) -> list[Genre]:
        with self.uow() as uow:
            return self._active(uow, parent_id=self._one(uow, genre_id).id)

    def series(self, *, genre_id: str, sort: str = "popular", offset: int = 0,
               limit: int | None = None) -> tuple[list[SeriesCard], int]:
        """Listed series in the genre or any of its sub-genres."""
        with self.uow() as uow:
            genre = self._one(uow, genre_id)
            ids = (genre.id, *(g.id for g in self._active(uow, parent_id=genre.id)))
        return self.queries.cards(SeriesFilter(listed=True, genre_ids=ids), sort=sort,
                                  offset=offset, limit=limit)


class TagService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 queries: SeriesQueries):
        self.uow, self.clock, self.ids, self.queries = uow, clock, ids, queries

    def popular(self, *, offset: int = 0, limit: int | None = None) -> tuple[list[Tag], int]:
        usable = {"is_blocked": False, "is_approved": True}
        with self.uow() as uow:
            return (uow.tags.list(order_by=["-usage_count", "name"], offset=offset, limit=limit,
                                  **usable), uow.tags.count(**usable))

    def search(self, *, text: str, limit: int = SEARCH_LIMIT) -> list[TagCard]:
        text = text.strip()
        return self.queries.search_tags(text, limit=limit) if text else []

    def create(self, *, actor: Actor, name: str) -> tuple[Tag, bool]:
        """Authors (and collaborators, admins) add tags; an existing one is returned as is."""
        if actor.role not in TAG_CREATORS:
            raise PermissionDenied("Only authors can create tags.", code="authors_only")
        with self.uow() as uow:
            tag, created = find_or_create_tag(uow, self.ids, name, now=self.clock.now())
            try:
                uow.commit()
            except IntegrityConflict:  # made meanwhile by someone else: theirs is ours
                with self.uow() as again:
                    return find_or_create_tag(again, self.ids, name, now=self.clock.now())[0], \
                        False
            return tag, created

    def get(self, *, slug: str) -> Tag:
        with self.uow() as uow:
            tag = uow.tags.get_by(slug=slug.lower())
        if tag is None or tag.is_blocked:
            raise tag_not_found()
        return tag

    def series(self, *, slug: str, sort: str = "popular", offset: int = 0,
               limit: int | None = None) -> tuple[list[SeriesCard], int]:
        tag = self.get(slug=slug)
        return self.queries.cards(SeriesFilter(listed=True, tag_id=tag.id), sort=sort,
                                  offset=offset, limit=limit)


class ContentWarningCatalog:
    def __init__(self, *, uow: Callable[[], UnitOfWork]):
        self.uow = uow

    def all(self) -> list[ContentWarning]:
        with self.uow() as uow:
            return uow.content_warnings.list(order_by=["display_order", "id"])
