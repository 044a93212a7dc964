"""Helpers shared by the site services: domain errors translated, the site's owner and tier."""

from collections.abc import Iterator
from contextlib import contextmanager

from ownverso.domain.errors import DomainError, InvalidTransition
from ownverso.domain.identity.user import User
from ownverso.domain.sites.site import Site
from ownverso.services.errors import Conflict, NotFound, ValidationFailed
from ownverso.services.ports import UnitOfWork


@contextmanager
def translated_rules() -> Iterator[None]:
    """Broken rules answer 422 with their fields; refused state moves answer 409."""
    try:
        yield
    except InvalidTransition as error:
        raise Conflict(error.message, code=error.code, fields=error.fields) from None
    except DomainError as error:
        raise ValidationFailed(error.message, code=error.code, fields=error.fields) from None


def owner_of(uow: UnitOfWork, site: Site) -> User:
    """The site's author: their platform tier decides what the site may use."""
    owner = uow.users.get(site.author_id)
    if owner is None:
        raise NotFound("No such site.", code="site_not_found")
    return owner
