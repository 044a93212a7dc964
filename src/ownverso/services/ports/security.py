"""Passwords, rate limits and external identity providers."""

from __future__ import annotations

import abc
from dataclasses import dataclass


# -- security -----------------------------------------------------------------------------
class PasswordHasher(abc.ABC):
    @abc.abstractmethod
    def hash(self, password: str) -> str: ...

    @abc.abstractmethod
    def verify(self, password_hash: str, password: str) -> bool: ...

    @abc.abstractmethod
    def needs_rehash(self, password_hash: str) -> bool: ...


class RateLimiter(abc.ABC):
    """Fixed-window counters shared by every process of the platform."""

    @abc.abstractmethod
    def hit(self, key: str, *, limit: int, window: int) -> int:
        """Count one attempt; returns 0 when allowed, else seconds until the window resets."""

    @abc.abstractmethod
    def blocked_for(self, key: str, *, limit: int) -> int:
        """Seconds the key is still blocked without counting an attempt (0 when free)."""

    @abc.abstractmethod
    def reset(self, key: str) -> None: ...


@dataclass(frozen=True)
class ExternalIdentity:
    """Who an identity provider says the user is."""

    provider: str
    subject: str
    email: str | None
    email_verified: bool
    name: str | None = None
    avatar_url: str | None = None
    access_token: str | None = None
    refresh_token: str | None = None
    expires_in: int | None = None
    scopes: tuple = ()


class IdentityProviderError(Exception):
    """The provider refused the token or the code."""


class IdentityProviders(abc.ABC):
    """Google and Apple sign in with ID tokens; Twitter with an OAuth 2 PKCE code."""

    @abc.abstractmethod
    def verify_id_token(self, provider: str, id_token: str, *,
                        nonce: str | None = None) -> ExternalIdentity: ...

    @abc.abstractmethod
    def authorization_url(self, provider: str, *, state: str, code_challenge: str,
                          redirect_uri: str) -> str: ...

    @abc.abstractmethod
    def exchange_code(self, provider: str, *, code: str, code_verifier: str,
                      redirect_uri: str) -> ExternalIdentity: ...
