"""The media library's read side on SQL: one statement per page, one per total."""

import json

import sqlalchemy as sa

from ownverso.adapters.filters import parse_order
from ownverso.adapters.sql.tables.media import media_files
from ownverso.services.media.queries import (
    LIVE_STATUSES,
    SORTS,
    MediaListQuery,
    MediaQueries,
)

m = media_files.c


def _where(query: MediaListQuery) -> list:
    clauses = [m.status.in_(query.statuses)]
    for name in ("owner_id", "site_id", "kind", "content_type", "folder_id"):
        value = getattr(query, name)
        if value is not None:
            clauses.append(m[name] == value)
    if query.in_root:
        clauses.append(m.folder_id.is_(None))
    if query.tag:
        # tags are a JSON list of plain strings, serialized the same way on both databases
        clauses.append(sa.cast(m.tags, sa.Text).contains(json.dumps(query.tag),
                                                          autoescape=True))
    if query.search:
        clauses.append(sa.func.lower(m.filename).contains(query.search.lower(),
                                                          autoescape=True))
    if query.created_after is not None:
        clauses.append(m.created_at >= query.created_after)
    if query.created_before is not None:
        clauses.append(m.created_at < query.created_before)
    return clauses


class SqlMediaQueries(MediaQueries):
    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def list_files(self, query: MediaListQuery) -> tuple[list[dict], int]:
        clauses = _where(query)
        page = sa.select(media_files).where(*clauses)
        for name in (*SORTS[query.sort], "id"):
            field, desc = parse_order(name)
            page = page.order_by(m[field].desc() if desc else m[field].asc())
        page = page.offset(query.offset).limit(query.limit)
        total = sa.select(sa.func.count()).select_from(media_files).where(*clauses)
        with self.engine.connect() as connection:
            rows = [dict(row._mapping) for row in connection.execute(page)]
            return rows, connection.execute(total).scalar_one()

    def breakdown(self, owner_id: str) -> dict:
        live = [m.owner_id == owner_id, m.status.in_(LIVE_STATUSES)]
        files, size = sa.func.count().label("files"), sa.func.sum(m.size_bytes).label("bytes")
        by_kind = sa.select(m.kind, files, size).where(*live).group_by(m.kind).order_by(m.kind)
        by_site = sa.select(m.site_id, files, size).where(*live).group_by(m.site_id) \
            .order_by(m.site_id.asc().nulls_first())
        with self.engine.connect() as connection:
            kinds = [{"kind": r.kind, "files": r.files, "bytes": int(r.bytes or 0)}
                     for r in connection.execute(by_kind)]
            sites = [{"site_id": r.site_id, "files": r.files, "bytes": int(r.bytes or 0)}
                     for r in connection.execute(by_site)]
        return {"by_kind": kinds, "by_site": sites}
