"""Helpers shared by the site services: the site's owner, whose plan decides what it may use."""

from ownverso.domain.identity.user import User
from ownverso.domain.sites.site import Site
from ownverso.services.errors import NotFound
from ownverso.services.ports import UnitOfWork


def owner_of(uow: UnitOfWork, site: Site) -> User:
    """The site's author: their platform tier decides what the site may use."""
    owner = uow.users.get(site.author_id)
    if owner is None:
        raise NotFound("No such site.", code="site_not_found")
    return owner
