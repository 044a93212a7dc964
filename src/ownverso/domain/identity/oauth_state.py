"""A pending OAuth 2 authorization (PKCE): what the callback needs to finish it."""

from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.entity import Entity
from ownverso.domain.identity.values import AuthProvider


@dataclass(eq=False, kw_only=True)
class OAuthState(Entity):
    state_hash: str
    provider: AuthProvider
    code_verifier: str
    redirect_uri: str
    expires_at: datetime
    created_at: datetime
    link_user_id: str | None = None  # set when a signed-in user connects an account
    is_used: bool = False
