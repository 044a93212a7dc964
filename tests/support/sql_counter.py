"""Count the SQL statements an app runs, to prove a list costs the same whatever its length."""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


@contextmanager
def count_statements(engine: sa.Engine) -> Iterator[list[str]]:
    """``with count_statements(app.container.engine()) as statements: ...; len(statements)``"""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
