"""The shared ``MetaData`` with a naming convention, so migrations name constraints stably."""

import sqlalchemy as sa

metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})


def id_column() -> sa.Column:
    return sa.Column("id", sa.String(40), primary_key=True)


def version_column() -> sa.Column:
    return sa.Column("version", sa.Integer, nullable=False, default=1)
