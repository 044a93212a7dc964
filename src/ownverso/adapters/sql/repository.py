"""The generic SQL repository: the same filters and ordering as the in-memory one."""

from collections.abc import Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session as OrmSession

from ownverso.adapters.filters import parse, parse_order
from ownverso.adapters.sql.errors import translated
from ownverso.adapters.sql.mapping import table_of
from ownverso.services.ports import Repository

T = TypeVar("T")

CLAUSES = {
    "eq": lambda c, v: c.is_(None) if v is None else c == v,
    # NULL is "not equal" to a value, as in Python (plain SQL ``!=`` would drop NULL rows)
    "ne": lambda c, v: c.is_not(None) if v is None else c.is_distinct_from(v),
    "lt": lambda c, v: c < v,
    "lte": lambda c, v: c <= v,
    "gt": lambda c, v: c > v,
    "gte": lambda c, v: c >= v,
    "in": lambda c, v: _in(c, list(v)),
    "isnull": lambda c, v: c.is_(None) if v else c.is_not(None),
}


def _in(column, values: list):
    """``None`` among the values matches NULL, as ``None in values`` does in Python."""
    clause = column.in_([v for v in values if v is not None])
    return sa.or_(clause, column.is_(None)) if None in values else clause


class SqlRepository(Repository[T]):
    def __init__(self, session: OrmSession, cls: type[T]):
        self.session, self.cls, self.table = session, cls, table_of(cls)

    def _where(self, filters: dict[str, Any]) -> list:
        clauses = []
        for name, value in filters.items():
            field, op = parse(name)
            clauses.append(CLAUSES[op](self.table.c[field], value))
        return clauses

    def get(self, id: str) -> T | None:
        with translated():
            return self.session.get(self.cls, id)

    def add(self, obj: T) -> None:
        self.session.add(obj)

    def remove(self, obj: T) -> None:
        self.session.delete(obj)

    def list(self, *, order_by: Sequence[str] = (), offset: int = 0, limit: int | None = None,
             for_update: bool = False, **filters: Any) -> list[T]:
        query = sa.select(self.cls).where(*self._where(filters))
        for name in list(order_by) or ["id"]:
            field, desc = parse_order(name)
            column = self.table.c[field]
            query = query.order_by((column.desc() if desc else column.asc()).nulls_last())
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        if for_update:
            query = query.with_for_update()
        with translated():
            return list(self.session.scalars(query))

    def count(self, **filters: Any) -> int:
        query = sa.select(sa.func.count()).select_from(self.table).where(*self._where(filters))
        with translated():
            self.session.flush()
            return self.session.scalar(query) or 0
