"""What the caller's files take and what their plan allows."""

from ownverso.domain.accounts.tiers import remaining
from ownverso.domain.media.values import ALLOWED_TYPES, MediaStatus
from ownverso.services.context import Actor
from ownverso.services.media.kit import MediaKit
from ownverso.services.quotas import limits_of


def _limit(value: int | None) -> int | None:
    return None if value in (None, -1) else value


def _meter(used: int, limit: int | None) -> dict:
    return {"used_bytes": used, "limit_bytes": _limit(limit),
            "remaining_bytes": remaining(limit, used),
            "percent_used": round(100 * used / limit, 2) if _limit(limit) else None}


class MediaUsageService:
    def __init__(self, kit: MediaKit):
        self.kit = kit

    def storage(self, *, actor: Actor) -> dict:
        """Bytes held (originals and variants) against the plan, and the number of files."""
        with self.kit.uow() as uow:
            user, limits = uow.users.get(actor.user_id), limits_of(uow, actor.user_id)
            files = uow.media_files.count(owner_id=actor.user_id, status__in=[
                MediaStatus.READY, MediaStatus.QUARANTINED])
        return {**_meter(user.storage_used_bytes, limits.storage_limit), "file_count": files}

    def breakdown(self, *, actor: Actor) -> dict:
        """The originals by kind and by site (aggregate queries); variants are in the total."""
        with self.kit.uow() as uow:
            used = uow.users.get(actor.user_id).storage_used_bytes
        parts = self.kit.queries.breakdown(actor.user_id)
        originals = sum(row["bytes"] for row in parts["by_kind"])
        return {"total_bytes": used, "originals_bytes": originals,
                "variants_bytes": max(used - originals, 0), **parts}

    def bandwidth(self, *, actor: Actor) -> dict:
        with self.kit.uow() as uow:
            user, limits = uow.users.get(actor.user_id), limits_of(uow, actor.user_id)
        return _meter(user.bandwidth_used_bytes, limits.bandwidth_limit)

    def limits(self, *, actor: Actor) -> dict:
        with self.kit.uow() as uow:
            user, limits = uow.users.get(actor.user_id), limits_of(uow, actor.user_id)
        return {
            "tier": user.platform_tier,
            "storage_limit_bytes": _limit(limits.storage_limit),
            "bandwidth_limit_bytes": _limit(limits.bandwidth_limit),
            "max_file_bytes": self.kit.max_file_bytes,
            "upload_url_ttl": self.kit.upload_ttl,
            "allowed_types": [{"content_type": t, "kind": kind, "extensions": list(exts)}
                              for t, (kind, exts) in ALLOWED_TYPES.items()],
        }
