"""The chapters read side on SQL: one statement per page and one per total."""

import sqlalchemy as sa

from ownverso.adapters.filters import parse_order
from ownverso.adapters.sql.tables.publishing import chapter_versions, chapters
from ownverso.services.publishing.chapter_queries import (
    CARD_FIELDS,
    CHAPTER_ORDER,
    VERSION_FIELDS,
    ChapterCard,
    ChapterFilter,
    ChapterQueries,
    VersionCard,
)

c, v = chapters.c, chapter_versions.c


def _ordered(query, table: sa.Table, order: tuple[str, ...]):
    for name in order:
        field, desc = parse_order(name)
        column = table.c[field]
        query = query.order_by((column.desc() if desc else column.asc()).nulls_last())
    return query


class SqlChapterQueries(ChapterQueries):
    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def _page(self, table: sa.Table, columns: tuple[str, ...], clauses: list,
              order: tuple[str, ...], offset: int, limit: int | None) -> tuple[list, int]:
        query = _ordered(sa.select(*[table.c[f] for f in columns]).where(*clauses), table, order)
        query = query.offset(offset).limit(limit)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
            total = connection.scalar(sa.select(sa.func.count()).select_from(table)
                                      .where(*clauses))
        return list(rows), total or 0

    def cards(self, where: ChapterFilter, *, offset: int = 0,
              limit: int | None = None) -> tuple[list[ChapterCard], int]:
        clauses = [c.series_id == where.series_id,
                   c.deleted_at.is_not(None) if where.deleted else c.deleted_at.is_(None)]
        if where.status is not None:
            clauses.append(c.status == where.status)
        rows, total = self._page(chapters, CARD_FIELDS, clauses, CHAPTER_ORDER, offset, limit)
        return [ChapterCard(**row) for row in rows], total

    def versions(self, chapter_id: str, *, offset: int = 0,
                 limit: int | None = None) -> tuple[list[VersionCard], int]:
        rows, total = self._page(chapter_versions, VERSION_FIELDS, [v.chapter_id == chapter_id],
                                 ("-version_number",), offset, limit)
        return [VersionCard(**row) for row in rows], total
