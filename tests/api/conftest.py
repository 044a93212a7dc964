"""API tests run through the Flask test client, on the in-memory suite by default and on
Postgres where a test asks for ``pg_client``."""

import pytest
import sqlalchemy as sa

from ownverso.container import build_container, start
from ownverso.entrypoints.app import create_app
from ownverso.entrypoints.bootstrap import wire
from ownverso.services.reference_data import seed_reference_data
from tests.support.standins.stripe_server import StripeStandIn


@pytest.fixture(scope="session")
def memory_app():
    """One in-memory app per test process: building it (75 blueprints, the OpenAPI spec and
    the wiring) costs more than most tests."""
    return create_app(env="test")


@pytest.fixture
def app(memory_app):
    """The in-memory app with a fresh state: new singletons (store, clock, mailer, gateway,
    rate limiter), the reference data seeded again, and no provider overrides left behind."""
    container = memory_app.container
    container.reset_singletons()
    start(container)
    yield memory_app
    for provider in container.traverse():
        if provider is not container.settings and provider.overridden:
            provider.reset_override()


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


@pytest.fixture
def sqlite_client(tmp_path):
    """A client of the app on the embedded default's store: a SQLite file, migrated."""
    app = create_app(env="test", persistence="sql",
                     database_url=f"sqlite:///{tmp_path / 'ownverso.db'}")
    app.container.migrate()
    wire(app.container)
    return app.test_client()


@pytest.fixture(scope="session")
def stripe_standin():
    """A local stand-in of Stripe's API, for the session (``reset()`` it to begin empty)."""
    server = StripeStandIn(secret_key="sk_test_51StripeSecretKey0123456789").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_app(postgres_url, stripe_standin):
    """The app on Postgres with every migration applied (once per test session); an author
    who connects Stripe is served by the stand-in."""
    container = build_container(env="test", persistence="sql", database_url=postgres_url,
                                stripe_api_base=stripe_standin.url)
    container.migrate()
    return create_app(container)


@pytest.fixture
def pg_client(pg_app):
    """A client of the Postgres app, emptied first: every table is cleared and the reference
    data (tiers, catalogs) put back; sent mail and rate-limit counters are forgotten."""
    container = pg_app.container
    with container.engine().begin() as connection:
        for table in reversed(_tables()):
            connection.execute(sa.text(f'DELETE FROM "{table.name}"'))
    seed_reference_data(container.uow)
    container.mailer().sent.clear()
    container.rate_limiter().windows.clear()
    wire(container)
    return pg_app.test_client()


def _tables():
    from ownverso.adapters.sql.tables import metadata

    return metadata.sorted_tables
