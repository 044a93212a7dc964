"""An external identity (Google, Apple, Twitter) linked to a user."""

from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.entity import Entity
from ownverso.domain.identity.values import AuthProvider


@dataclass(eq=False, kw_only=True)
class AuthAccount(Entity):
    user_id: str
    provider: AuthProvider
    provider_account_id: str
    created_at: datetime
    updated_at: datetime
    provider_email: str | None = None
    provider_name: str | None = None
    provider_avatar: str | None = None
    access_token: str | None = None  # encrypted by the service
    refresh_token: str | None = None  # encrypted by the service
    token_expires_at: datetime | None = None
    scopes: list = field(default_factory=list)
    last_synced_at: datetime | None = None
