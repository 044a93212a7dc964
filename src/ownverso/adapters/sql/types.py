"""Column types that behave the same on Postgres and SQLite."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.mutable import MutableDict, MutableList


class UtcDateTime(sa.TypeDecorator):
    """Timezone-aware UTC in Python; SQLite keeps no zone, so we store UTC and put it back."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use UTC-aware ones")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_column(enum_cls, **kwargs) -> sa.Enum:
    """Enums stored as their string values (no native Postgres enum types to migrate)."""
    return sa.Enum(enum_cls, native_enum=False, length=32, create_constraint=False,
                   values_callable=lambda e: [m.value for m in e], **kwargs)


JsonDict = MutableDict.as_mutable(sa.JSON)
JsonList = MutableList.as_mutable(sa.JSON)
