"""Reach the real Postgres and Redis the suite runs against.

Outside CI a missing server skips the tests that need it; with ``CI=true`` it fails them, so
a CI run never passes without having tested on the real parts.
"""

import os
import uuid

import pytest

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
# One Redis database per pytest-xdist worker (15, 14, ...), so parallel workers never flush
# each other's data.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
REDIS_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{15 - _WORKER}")


def unavailable(what: str, error: Exception):
    message = f"{what} is not reachable: {error}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true: the real service is required)", pytrace=False)
    pytest.skip(message)


def make_postgres_database() -> str:
    """Create a throwaway database and return its URL (dropped by ``drop_postgres_database``)."""
    import sqlalchemy as sa

    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"ownverso_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        unavailable("Postgres", error)
    finally:
        admin.dispose()
    return sa.engine.make_url(POSTGRES_URL).set(database=name).render_as_string(
        hide_password=False)


def drop_postgres_database(url: str) -> None:
    import sqlalchemy as sa

    name = sa.engine.make_url(url).database
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def redis_client():
    from redis import Redis

    client = Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except Exception as error:
        unavailable("Redis", error)
    return client
