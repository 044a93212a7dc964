"""Who may do what on a site: the one policy every site-scoped use case goes through."""

from dataclasses import dataclass

from ownverso.domain.sites.collaborator import Collaborator
from ownverso.domain.sites.permissions import OWNER, Permission, allowed
from ownverso.domain.sites.site import Site
from ownverso.domain.sites.values import CollaboratorStatus
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, PermissionDenied
from ownverso.services.ports import UnitOfWork

ADMIN = "ADMIN"


@dataclass(frozen=True)
class SiteGrant:
    """A site and the caller's role on it (OWNER, a collaborator role, or ADMIN)."""

    site: Site
    role: str

    def can(self, permission: Permission) -> bool:
        return self.role == ADMIN or allowed(self.role, permission)


def site_not_found() -> NotFound:
    return NotFound("No such site.", code="site_not_found")


def role_on(uow: UnitOfWork, actor: Actor | None, site: Site) -> str | None:
    if actor is None:
        return None
    if site.author_id == actor.user_id:
        return OWNER
    if actor.is_admin:
        return ADMIN
    membership: Collaborator | None = uow.collaborators.get_by(
        site_id=site.id, user_id=actor.user_id, status=CollaboratorStatus.ACTIVE)
    return membership.role.value if membership else None


def require(uow: UnitOfWork, actor: Actor, site_id: str, permission: Permission, *,
            deleted_ok: bool = False, lock: bool = False) -> SiteGrant:
    """The site, if the caller holds ``permission`` on it.

    Someone with no role at all gets 404 (the site's private side does not exist for them);
    a collaborator whose role lacks the permission gets 403 naming it. A deleted site exists
    only for its owner, and only where ``deleted_ok``."""
    site = uow.sites.get_by(id=site_id, for_update=lock) if site_id else None
    if site is None:
        raise site_not_found()
    role = role_on(uow, actor, site)
    if role is None or (site.is_deleted and not (deleted_ok and role in (OWNER, ADMIN))):
        raise site_not_found()
    grant = SiteGrant(site=site, role=role)
    if not grant.can(permission):
        raise PermissionDenied(f"Your role on this site ({role}) does not allow "
                               f"'{permission.value}'.", code="missing_permission",
                               fields={"permission": [permission.value]})
    return grant
