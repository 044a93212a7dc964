"""The genres, tags and warnings of a series as callers see them: two statements each (the
links, then the rows they point at), whatever their number."""

from dataclasses import dataclass

from ownverso.domain.publishing.taxonomy import Genre, Tag
from ownverso.domain.publishing.warnings import ContentWarning
from ownverso.services.ports import UnitOfWork


@dataclass(frozen=True)
class SeriesGenreView:
    id: str
    name: str
    slug: str
    parent_id: str | None
    is_primary: bool


def series_genres(uow: UnitOfWork, series_id: str) -> list[SeriesGenreView]:
    """Primary first, then in the order they were added."""
    links = uow.series_genres.list(series_id=series_id, order_by=["-is_primary", "created_at",
                                                                   "id"])
    genres: dict[str, Genre] = {g.id: g for g in uow.genres.list(
        id__in=[link.genre_id for link in links])} if links else {}
    return [SeriesGenreView(id=g.id, name=g.name, slug=g.slug, parent_id=g.parent_id,
                            is_primary=link.is_primary)
            for link in links if (g := genres.get(link.genre_id))]


def series_tags(uow: UnitOfWork, series_id: str) -> list[Tag]:
    links = uow.series_tags.list(series_id=series_id, order_by=["created_at", "id"])
    tags = {t.id: t for t in uow.tags.list(id__in=[link.tag_id for link in links])} \
        if links else {}
    return [tags[link.tag_id] for link in links if link.tag_id in tags]


def series_warnings(uow: UnitOfWork, series_id: str) -> list[ContentWarning]:
    links = uow.series_content_warnings.list(series_id=series_id)
    if not links:
        return []
    return uow.content_warnings.list(id__in=[link.warning_id for link in links],
                                     order_by=["display_order", "id"])


def taxonomy_of(uow: UnitOfWork, series_id: str) -> dict:
    return {"genres": series_genres(uow, series_id), "tags": series_tags(uow, series_id),
            "content_warnings": series_warnings(uow, series_id)}
