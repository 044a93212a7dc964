"""The chapters read side in memory: the same answers as the SQL adapter, over committed
state."""

from typing import Any

from ownverso.adapters.filters import parse_order
from ownverso.adapters.memory.persistence import InMemoryDatabase
from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.versions import ChapterVersion
from ownverso.services.publishing.chapter_queries import (
    CARD_FIELDS,
    CHAPTER_ORDER,
    VERSION_FIELDS,
    ChapterCard,
    ChapterFilter,
    ChapterQueries,
    VersionCard,
)


def _sorted(rows: list[Any], order: tuple[str, ...]) -> list[Any]:
    """Stable sorts, least significant key first; None last either way (as NULLS LAST)."""
    for name in reversed(order):
        field, desc = parse_order(name)
        present = [r for r in rows if getattr(r, field) is not None]
        missing = [r for r in rows if getattr(r, field) is None]
        present.sort(key=lambda r, f=field: getattr(r, f), reverse=desc)
        rows = present + missing
    return rows


def _page(rows: list[Any], offset: int, limit: int | None) -> list[Any]:
    return rows[offset:None if limit is None else offset + limit]


class InMemoryChapterQueries(ChapterQueries):
    def __init__(self, db: InMemoryDatabase):
        self.db = db

    def cards(self, where: ChapterFilter, *, offset: int = 0,
              limit: int | None = None) -> tuple[list[ChapterCard], int]:
        with self.db.lock:
            rows = [ch for ch in self.db.tables[Chapter].values()
                    if ch.series_id == where.series_id
                    and (ch.deleted_at is not None) == where.deleted
                    and where.status in (None, ch.status)]
        rows = _sorted(rows, CHAPTER_ORDER)
        return ([ChapterCard(**{f: getattr(ch, f) for f in CARD_FIELDS})
                 for ch in _page(rows, offset, limit)], len(rows))

    def versions(self, chapter_id: str, *, offset: int = 0,
                 limit: int | None = None) -> tuple[list[VersionCard], int]:
        with self.db.lock:
            rows = [ver for ver in self.db.tables[ChapterVersion].values()
                    if ver.chapter_id == chapter_id]
        rows = _sorted(rows, ("-version_number",))
        return ([VersionCard(**{f: getattr(ver, f) for f in VERSION_FIELDS})
                 for ver in _page(rows, offset, limit)], len(rows))
