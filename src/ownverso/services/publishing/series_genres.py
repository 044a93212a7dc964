"""The genres of a series: at most three, exactly one of them primary."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.taxonomy import SeriesGenre, choose_genres
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, ValidationFailed, domain_rules
from ownverso.services.ports import Clock, IdGenerator, Repository, UnitOfWork
from ownverso.services.publishing.series_access import load_series
from ownverso.services.publishing.taxonomy_views import SeriesGenreView, series_genres


def resolve(repo: Repository, keys: list[str], *, field: str, code: str,
            usable: Callable[[object], bool] = lambda _: True) -> list:
    """The rows named by id or slug (two queries), in the order asked; unknown ones are 422."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return []
    found = {**{r.slug: r for r in repo.list(slug__in=keys)},
             **{r.id: r for r in repo.list(id__in=keys)}}
    missing = [k for k in keys if k not in found or not usable(found[k])]
    if missing:
        raise ValidationFailed(f"Unknown: {', '.join(missing)}.", code=code,
                               fields={field: [f"Unknown: {', '.join(missing)}."]})
    return list({found[k].id: found[k] for k in keys}.values())


class SeriesTaxonomyBase:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator):
        self.uow, self.clock, self.ids = uow, clock, ids

    @contextmanager
    def _editing(self, actor: Actor, series_id: str) -> Iterator[tuple[UnitOfWork, Series]]:
        """A unit of work on the series, whose ``updated_at`` (and version) moves, so two
        concurrent edits of its links cannot both pass the count rules."""
        with self.uow() as uow:
            series, _ = load_series(uow, actor, series_id, Permission.CONTENT_WRITE)
            series.updated_at = self.clock.now()
            with domain_rules():
                yield uow, series


class SeriesGenreService(SeriesTaxonomyBase):
    def get(self, *, actor: Actor, series_id: str) -> list[SeriesGenreView]:
        with self.uow() as uow:
            load_series(uow, actor, series_id, Permission.CONTENT_READ)
            return series_genres(uow, series_id)

    def _apply(self, uow: UnitOfWork, series: Series, chosen: list[tuple[str, bool]],
               links: list[SeriesGenre]) -> list[SeriesGenreView]:
        wanted = dict(chosen)
        for link in links:
            if link.genre_id not in wanted:
                uow.series_genres.remove(link)
            else:
                link.is_primary = wanted.pop(link.genre_id)
        for genre_id, is_primary in wanted.items():
            uow.series_genres.add(SeriesGenre(id=self.ids.new_id("sgn"), series_id=series.id,
                                              genre_id=genre_id, is_primary=is_primary,
                                              created_at=self.clock.now()))
        views = series_genres(uow, series.id)
        uow.commit()
        return views

    def _genre_ids(self, uow: UnitOfWork, keys: list[str]) -> list[str]:
        genres = resolve(uow.genres, keys, field="genre_ids", code="unknown_genre",
                         usable=lambda g: g.is_active)
        return [g.id for g in genres]

    def replace(self, *, actor: Actor, series_id: str, genre_ids: list[str],
                primary_genre_id: str | None = None) -> list[SeriesGenreView]:
        """Set the genres (PUT); the primary is the one named, else the first."""
        with self._editing(actor, series_id) as (uow, series):
            ids = self._genre_ids(uow, genre_ids)
            primary = self._genre_ids(uow, [primary_genre_id])[0] if primary_genre_id else None
            chosen = choose_genres(ids, primary)
            return self._apply(uow, series, chosen, uow.series_genres.list(series_id=series.id))

    def add(self, *, actor: Actor, series_id: str, genre_id: str,
            is_primary: bool = False) -> list[SeriesGenreView]:
        """Add one genre (the first one is primary; ``is_primary`` takes the role over)."""
        with self._editing(actor, series_id) as (uow, series):
            links = uow.series_genres.list(series_id=series.id, order_by=["created_at", "id"])
            new_id = self._genre_ids(uow, [genre_id])[0]
            current = next((link.genre_id for link in links if link.is_primary), None)
            chosen = choose_genres([link.genre_id for link in links] + [new_id],
                                   new_id if is_primary else current)
            return self._apply(uow, series, chosen, links)

    def remove(self, *, actor: Actor, series_id: str, genre_id: str) -> None:
        """The primary role passes to the oldest remaining genre."""
        with self._editing(actor, series_id) as (uow, series):
            links = uow.series_genres.list(series_id=series.id, order_by=["created_at", "id"])
            genre = uow.genres.get(genre_id) or uow.genres.get_by(slug=genre_id)
            if genre is None or genre.id not in {link.genre_id for link in links}:
                raise NotFound("This genre is not on the series.", code="genre_not_on_series")
            remaining = [link.genre_id for link in links if link.genre_id != genre.id]
            current = next((link.genre_id for link in links
                            if link.is_primary and link.genre_id != genre.id), None)
            self._apply(uow, series, choose_genres(remaining, current), links)
