"""The series read side in memory: the same answers as the SQL adapter, over committed state."""

from typing import Any

from ownverso.adapters.filters import parse_order
from ownverso.adapters.memory.persistence import InMemoryDatabase
from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.taxonomy import SeriesGenre, SeriesTag, Tag
from ownverso.domain.publishing.values import SeriesStatus
from ownverso.domain.sites.site import Site
from ownverso.services.publishing.series_queries import (
    CARD_FIELDS,
    PUBLIC_SITE_STATUSES,
    SORTS,
    AuthorTotals,
    SeriesCard,
    SeriesFilter,
    SeriesQueries,
    TagCard,
)
from ownverso.services.registry import REPOSITORIES


def _sorted(rows: list[Any], order: tuple[str, ...]) -> list[Any]:
    """Stable sorts, least significant key first; None last either way (as NULLS LAST)."""
    for name in reversed(order):
        field, desc = parse_order(name)
        present = [r for r in rows if getattr(r, field) is not None]
        missing = [r for r in rows if getattr(r, field) is None]
        present.sort(key=lambda r, f=field: getattr(r, f), reverse=desc)
        rows = present + missing
    return rows


class InMemorySeriesQueries(SeriesQueries):
    def __init__(self, db: InMemoryDatabase):
        self.db = db

    def _matching(self, where: SeriesFilter) -> list[Series]:
        tables = self.db.tables
        with self.db.lock:
            rows = list(tables[Series].values())
            visible = {site.id for site in tables[Site].values()
                       if site.is_public and site.status in PUBLIC_SITE_STATUSES}
            in_genres = {link.series_id for link in tables[SeriesGenre].values()
                         if link.genre_id in where.genre_ids}
            tagged = {link.series_id for link in tables[SeriesTag].values()
                      if link.tag_id == where.tag_id}

        def keep(row: Series) -> bool:
            return ((row.deleted_at is not None) == where.deleted
                    and all(getattr(where, f) in (None, getattr(row, f))
                            for f in ("site_id", "author_id", "status", "content_type"))
                    and (not (where.public or where.listed)
                         or (row.status != SeriesStatus.DRAFT and row.site_id in visible))
                    and (not where.listed or row.is_listed)
                    and (not where.genre_ids or row.id in in_genres)
                    and (not where.tag_id or row.id in tagged))

        return [row for row in rows if keep(row)]

    def cards(self, where: SeriesFilter, *, sort: str = "updated", offset: int = 0,
              limit: int | None = None) -> tuple[list[SeriesCard], int]:
        rows = _sorted(self._matching(where), (*SORTS[sort], "id"))
        end = None if limit is None else offset + limit
        return ([SeriesCard(**{f: getattr(row, f) for f in CARD_FIELDS})
                 for row in rows[offset:end]], len(rows))

    def totals(self, where: SeriesFilter) -> AuthorTotals:
        rows = self._matching(where)
        return AuthorTotals(
            series=len(rows), completed_series=sum(1 for r in rows if r.is_complete),
            published_chapters=sum(r.published_chapter_count for r in rows),
            words=sum(r.word_count for r in rows), views=sum(r.view_count for r in rows),
            subscribers=sum(r.subscriber_count for r in rows))

    def chapter_status_counts(self, series_id: str) -> dict[str, int]:
        chapter_class = REPOSITORIES.get("chapters")
        if chapter_class is None:
            return {}
        counts: dict[str, int] = {}
        with self.db.lock:
            for chapter in self.db.tables[chapter_class].values():
                if (getattr(chapter, "series_id", None) == series_id
                        and getattr(chapter, "deleted_at", None) is None):
                    status = str(getattr(chapter.status, "value", chapter.status))
                    counts[status] = counts.get(status, 0) + 1
        return counts

    def search_tags(self, text: str, *, limit: int) -> list[TagCard]:
        needle = text.strip().lower()
        with self.db.lock:
            found = [t for t in self.db.tables[Tag].values()
                     if not t.is_blocked and t.is_approved
                     and (needle in t.name.lower() or needle in t.slug)]
        found = _sorted(found, ("-usage_count", "name"))[:limit]
        return [TagCard(id=t.id, name=t.name, slug=t.slug, usage_count=t.usage_count)
                for t in found]
