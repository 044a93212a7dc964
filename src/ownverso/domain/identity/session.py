"""A login session: one refresh-token family, rotated on every refresh."""

from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.entity import Entity
from ownverso.domain.identity.values import AuthProvider

RETIRED_KEPT = 100  # rotated hashes remembered to recognise a replay


@dataclass(eq=False, kw_only=True)
class Session(Entity):
    """Raw tokens are never stored: only the hash of the current refresh token and the hashes
    of those it replaced, so that a replayed (stolen) one can be recognised and the whole
    family revoked."""

    user_id: str
    refresh_token_hash: str
    expires_at: datetime
    created_at: datetime
    last_active_at: datetime
    retired_refresh_hashes: list = field(default_factory=list)
    auth_provider: AuthProvider = AuthProvider.EMAIL
    is_revoked: bool = False
    revoked_at: datetime | None = None
    revoked_reason: str | None = None
    user_agent: str | None = None
    ip_address: str | None = None
    device_type: str | None = None
    device_os: str | None = None
    browser: str | None = None
    country: str | None = None
    city: str | None = None

    def is_live(self, now: datetime) -> bool:
        return not self.is_revoked and self.expires_at > now

    def rotate(self, new_hash: str, *, now: datetime, expires_at: datetime) -> None:
        retired = [*self.retired_refresh_hashes, self.refresh_token_hash]
        self.retired_refresh_hashes = retired[-RETIRED_KEPT:]
        self.refresh_token_hash = new_hash
        self.last_active_at = now
        self.expires_at = expires_at

    def was_retired(self, token_hash: str) -> bool:
        return token_hash in self.retired_refresh_hashes

    def revoke(self, reason: str, *, now: datetime) -> None:
        if self.is_revoked:
            return
        self.is_revoked = True
        self.revoked_at = now
        self.revoked_reason = reason
