"""Alembic, driven from code: ``ownverso db upgrade`` and the embedded first run."""

import os
from pathlib import Path

from alembic import command
from alembic.config import Config

from ownverso.adapters.sql.database import normalize_url

MIGRATIONS = Path(os.environ.get("OWNVERSO_MIGRATIONS_DIR",
                                 Path(__file__).resolve().parents[4] / "migrations"))


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "heads") -> None:
    """Every branch to its head: modules add their migrations as branches off a shared base,
    ordered by ``depends_on`` where their tables refer to each other."""
    command.upgrade(alembic_config(url), revision)


def current_revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    engine = create_engine(normalize_url(url))
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    engine.dispose()
    return revision
