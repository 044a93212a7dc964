"""What the tier use cases share: loading a tier through the site policy, and its errors."""


from ownverso.domain.memberships.tier import Tier
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, NotFound
from ownverso.services.ports import UnitOfWork
from ownverso.services.sites.access import SiteGrant, require


def tier_not_found() -> NotFound:
    return NotFound("No such tier.", code="tier_not_found")


def slug_taken() -> Conflict:
    return Conflict("Another tier of this site already has this slug.", code="slug_taken",
                    fields={"slug": ["Taken."]})




def load_tier(uow: UnitOfWork, actor: Actor, tier_id: str,
              permission: Permission) -> tuple[Tier, SiteGrant]:
    """The tier and the caller's grant on its site: no role is 404, a role without
    ``permission`` 403."""
    tier = uow.tiers.get(tier_id)
    if tier is None:
        raise tier_not_found()
    try:
        grant = require(uow, actor, tier.site_id, permission)
    except NotFound:
        raise tier_not_found() from None
    return tier, grant
