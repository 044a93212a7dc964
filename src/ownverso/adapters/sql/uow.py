"""The SQL unit of work: one ORM session per use case."""

from sqlalchemy.orm import sessionmaker

from ownverso.adapters.sql.errors import translated
from ownverso.adapters.sql.repository import SqlRepository
from ownverso.services.ports import UnitOfWork
from ownverso.services.registry import REPOSITORIES


class SqlUnitOfWork(UnitOfWork):
    def __init__(self, session_factory: sessionmaker):
        super().__init__()
        self.session_factory = session_factory
        self.session = None

    def __enter__(self) -> "SqlUnitOfWork":
        super().__enter__()
        self.session = self.session_factory()
        for name, cls in REPOSITORIES.items():
            setattr(self, name, SqlRepository(self.session, cls))
        return self

    def __exit__(self, *exc: object) -> None:
        """Roll back what was not committed, but keep the objects read usable: detach them
        first, since a rollback would expire them and they could no longer be read."""
        try:
            self.session.expunge_all()
            super().__exit__(*exc)
        finally:
            self.session.close()

    def _commit(self) -> None:
        with translated():
            try:
                self.session.commit()
            except Exception:
                self.session.rollback()
                raise

    def rollback(self) -> None:
        if self.session is not None:
            self.session.rollback()
