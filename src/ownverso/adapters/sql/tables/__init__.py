"""Every table of the platform, on one ``MetaData`` (alembic's target)."""

from ownverso.adapters.sql.tables import accounts, identity  # noqa: F401  (register tables)
from ownverso.adapters.sql.tables.base import metadata

__all__ = ["metadata"]
