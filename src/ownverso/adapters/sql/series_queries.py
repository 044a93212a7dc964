"""The series read side on SQL: one statement per page, one per total, one per aggregate."""

import sqlalchemy as sa

from ownverso.adapters.filters import parse_order
from ownverso.adapters.sql.tables import metadata
from ownverso.adapters.sql.tables.publishing import series, series_genres, series_tags, tags
from ownverso.adapters.sql.tables.sites import sites
from ownverso.domain.publishing.values import SeriesStatus
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

s = series.c


def _where(where: SeriesFilter) -> list:
    clauses = [s.deleted_at.is_not(None) if where.deleted else s.deleted_at.is_(None)]
    for name in ("site_id", "author_id", "status", "content_type"):
        value = getattr(where, name)
        if value is not None:
            clauses.append(s[name] == value)
    if where.public or where.listed:
        clauses.append(s.status != SeriesStatus.DRAFT)
        clauses.append(sa.exists().where(sites.c.id == s.site_id, sites.c.is_public.is_(True),
                                         sites.c.status.in_(PUBLIC_SITE_STATUSES)))
    if where.listed:
        clauses.append(s.is_listed.is_(True))
    if where.genre_ids:
        clauses.append(sa.exists().where(series_genres.c.series_id == s.id,
                                         series_genres.c.genre_id.in_(where.genre_ids)))
    if where.tag_id:
        clauses.append(sa.exists().where(series_tags.c.series_id == s.id,
                                         series_tags.c.tag_id == where.tag_id))
    return clauses


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class SqlSeriesQueries(SeriesQueries):
    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def cards(self, where: SeriesFilter, *, sort: str = "updated", offset: int = 0,
              limit: int | None = None) -> tuple[list[SeriesCard], int]:
        clauses = _where(where)
        query = sa.select(*[s[f] for f in CARD_FIELDS]).where(*clauses)
        for name in (*SORTS[sort], "id"):
            field, desc = parse_order(name)
            query = query.order_by((s[field].desc() if desc else s[field].asc()).nulls_last())
        query = query.offset(offset).limit(limit)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
            total = connection.scalar(sa.select(sa.func.count()).select_from(series)
                                      .where(*clauses))
        return [SeriesCard(**row) for row in rows], total or 0

    def totals(self, where: SeriesFilter) -> AuthorTotals:
        def total(column):
            return sa.func.coalesce(sa.func.sum(column), 0)

        query = sa.select(
            sa.func.count().label("series"),
            total(sa.case((s.is_complete.is_(True), 1), else_=0)).label("completed_series"),
            total(s.published_chapter_count).label("published_chapters"),
            total(s.word_count).label("words"), total(s.view_count).label("views"),
            total(s.subscriber_count).label("subscribers"),
        ).select_from(series).where(*_where(where))
        with self.engine.connect() as connection:
            row = connection.execute(query).mappings().one()
        return AuthorTotals(**{key: int(value) for key, value in row.items()})

    def chapter_status_counts(self, series_id: str) -> dict[str, int]:
        chapters = metadata.tables.get("chapters")
        if chapters is None or not {"series_id", "status"} <= set(chapters.c.keys()):
            return {}
        query = (sa.select(chapters.c.status, sa.func.count())
                 .where(chapters.c.series_id == series_id).group_by(chapters.c.status))
        if "deleted_at" in chapters.c:
            query = query.where(chapters.c.deleted_at.is_(None))
        with self.engine.connect() as connection:
            return {str(getattr(status, "value", status)): count
                    for status, count in connection.execute(query)}

    def search_tags(self, text: str, *, limit: int) -> list[TagCard]:
        pattern = _like(text.strip().lower())
        query = (sa.select(tags.c.id, tags.c.name, tags.c.slug, tags.c.usage_count)
                 .where(tags.c.is_blocked.is_(False), tags.c.is_approved.is_(True),
                        sa.or_(sa.func.lower(tags.c.name).like(pattern, escape="\\"),
                               tags.c.slug.like(pattern, escape="\\")))
                 .order_by(tags.c.usage_count.desc(), tags.c.name).limit(limit))
        with self.engine.connect() as connection:
            return [TagCard(**row) for row in connection.execute(query).mappings()]
