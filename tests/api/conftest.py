"""API tests run through the Flask test client, on the in-memory suite by default and on
Postgres where a test asks for ``pg_client``."""

import pytest
import sqlalchemy as sa

from ownverso.container import build_container
from ownverso.entrypoints.app import create_app
from ownverso.entrypoints.bootstrap import wire


@pytest.fixture
def app():
    return create_app(env="test")


@pytest.fixture
def client(app):
    wire(app.container)  # another app may have been wired since
    return app.test_client()


@pytest.fixture
def mailer(app):
    return app.container.mailer()


@pytest.fixture
def clock(app):
    return app.container.clock()


@pytest.fixture(scope="session")
def pg_app(postgres_url):
    """The app on Postgres with every migration applied (once per test session)."""
    container = build_container(env="test", persistence="sql", database_url=postgres_url)
    container.migrate()
    return create_app(container)


@pytest.fixture
def pg_client(pg_app):
    """A client of the Postgres app; every table but the reference data is emptied first."""
    engine = pg_app.container.engine()
    with engine.begin() as connection:
        tables = [t.name for t in reversed(_tables()) if t.name != "tier_limits"]
        for name in tables:
            connection.execute(sa.text(f'DELETE FROM "{name}"'))
    pg_app.container.mailer().sent.clear()
    wire(pg_app.container)
    return pg_app.test_client()


def _tables():
    from ownverso.adapters.sql.tables import metadata

    return metadata.sorted_tables
