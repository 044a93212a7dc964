"""Fixtures shared by every kind of test: the real Postgres and Redis, for those that need them."""

import pytest

from tests.support.services import (
    drop_postgres_database,
    make_postgres_database,
    redis_client,
)


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh, empty Postgres database for the test session (schema: create it yourself)."""
    url = make_postgres_database()
    yield url
    drop_postgres_database(url)


@pytest.fixture(scope="session")
def schema_postgres_url():
    """Another fresh Postgres database, for tests that make their tables with
    ``metadata.create_all``: made in ``postgres_url``, those tables would stop the migrations
    from running there later in the session."""
    url = make_postgres_database()
    yield url
    drop_postgres_database(url)


@pytest.fixture
def redis():
    """A Redis client on database 15, emptied before and after the test."""
    client = redis_client()
    client.flushdb()
    yield client
    client.flushdb()
    client.close()
