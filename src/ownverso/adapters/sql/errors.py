"""Database errors turned into the ports' own, so services never see SQLAlchemy."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ownverso.services.ports import ConcurrencyConflict, IntegrityConflict


@contextmanager
def translated() -> Iterator[None]:
    try:
        yield
    except IntegrityError as error:
        raise IntegrityConflict(str(error.orig)) from error
    except StaleDataError as error:
        raise ConcurrencyConflict(str(error)) from error
