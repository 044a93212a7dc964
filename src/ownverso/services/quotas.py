"""The platform tier's limits, enforced where they apply: refused with a code that names the
limit, never a silent cut."""

from ownverso.domain.accounts.tiers import UNLIMITED, TierLimits
from ownverso.services.errors import NotFound, PermissionDenied, QuotaExceeded
from ownverso.services.ports import UnitOfWork


def limits_of(uow: UnitOfWork, user_id: str) -> TierLimits:
    user = uow.users.get(user_id)
    limits = uow.tier_limits.get_by(tier=user.platform_tier) if user else None
    if limits is None:
        raise NotFound("The tier limits are not set up; run `ownverso db upgrade`.",
                       code="tier_limits_missing")
    return limits


def check_limit(uow: UnitOfWork, user_id: str, limit: str, *, used: int,
                adding: int = 1) -> None:
    """402 ``<limit>_exceeded`` when ``used + adding`` goes past the tier's ``limit``."""
    value = getattr(limits_of(uow, user_id), limit)
    if value is None or value == UNLIMITED:
        return
    if used + adding > value:
        raise QuotaExceeded(
            f"Your plan allows {value} ({limit.replace('_', ' ')}); upgrade to add more.",
            code=f"{limit}_exceeded",
            fields={"limit": [limit], "allowed": [str(value)], "used": [str(used)]})


def require_feature(uow: UnitOfWork, user_id: str, feature: str) -> None:
    """403 ``feature_not_in_plan`` when the tier lacks ``feature`` (a ``has_*`` flag)."""
    if not getattr(limits_of(uow, user_id), feature):
        name = feature.removeprefix("has_").replace("_", " ")
        raise PermissionDenied(f"Your plan does not include {name}; upgrade to use it.",
                               code="feature_not_in_plan", fields={"feature": [feature]})
