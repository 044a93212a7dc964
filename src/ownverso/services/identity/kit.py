"""What every identity use case needs, built once by the container."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ownverso.domain.identity.session import Session
from ownverso.domain.identity.tokens import VerificationToken
from ownverso.domain.identity.user import User
from ownverso.domain.identity.values import AuthProvider, TokenType
from ownverso.services.context import RequestInfo
from ownverso.services.emails import EmailSender
from ownverso.services.errors import RateLimited
from ownverso.services.identity.access_tokens import AccessTokens
from ownverso.services.identity.devices import describe_device
from ownverso.services.identity.secrets import SecretBox, hash_token, new_token
from ownverso.services.ports import (
    Clock,
    IdGenerator,
    PasswordHasher,
    RateLimiter,
    UnitOfWork,
)


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    session_id: str
    token_type: str = "Bearer"


@dataclass
class IdentityKit:
    uow: Callable[[], UnitOfWork]
    clock: Clock
    ids: IdGenerator
    hasher: PasswordHasher
    limiter: RateLimiter
    access_tokens: AccessTokens
    emails: EmailSender
    secret_box: SecretBox
    refresh_ttl: int

    def now(self) -> datetime:
        return self.clock.now()

    def throttle(self, key: str, *, limit: int, window: int, code: str = "rate_limited") -> None:
        """Count an attempt; over the limit answers 429 before any expensive work."""
        retry_after = self.limiter.hit(key, limit=limit, window=window)
        if retry_after:
            raise RateLimited("Too many attempts; try again later.", retry_after=retry_after,
                              code=code)

    def issue_token(self, uow: UnitOfWork, user: User, token_type: TokenType, *,
                    request: RequestInfo | None = None, new_email: str | None = None) -> str:
        raw, now = new_token(), self.now()
        uow.verification_tokens.add(VerificationToken(
            id=self.ids.new_id("vtk"), user_id=user.id, token_hash=hash_token(raw),
            type=token_type, new_email=new_email, created_at=now,
            expires_at=now + VerificationToken.lifetime(token_type),
            requested_ip=request.ip if request else None,
        ))
        return raw

    def find_token(self, uow: UnitOfWork, raw: str, token_type: TokenType
                   ) -> VerificationToken | None:
        return uow.verification_tokens.get_by(token_hash=hash_token(raw or ""), type=token_type,
                                              for_update=True)

    def open_session(self, uow: UnitOfWork, user: User, request: RequestInfo, *,
                     provider: AuthProvider = AuthProvider.EMAIL) -> TokenPair:
        now = self.now()
        session_id = self.ids.new_id("ses")
        refresh = f"{session_id}.{new_token()}"
        device = describe_device(request.user_agent)
        uow.sessions.add(Session(
            id=session_id, user_id=user.id, refresh_token_hash=hash_token(refresh),
            expires_at=now + timedelta(seconds=self.refresh_ttl), created_at=now,
            last_active_at=now, auth_provider=provider, user_agent=request.user_agent,
            ip_address=request.ip, **device,
        ))
        user.record_login(now=now, ip=request.ip, user_agent=request.user_agent)
        return self.token_pair(user, session_id, refresh)

    def token_pair(self, user: User, session_id: str, refresh: str) -> TokenPair:
        access = self.access_tokens.issue(user_id=user.id, session_id=session_id,
                                          role=user.role.value)
        return TokenPair(access_token=access, refresh_token=refresh, session_id=session_id,
                         expires_in=self.access_tokens.ttl)

    def revoke_sessions(self, uow: UnitOfWork, user_id: str, reason: str, *,
                        keep: str | None = None) -> int:
        """Revoke the user's unrevoked sessions; returns how many were still live."""
        now = self.now()
        ending = [s for s in uow.sessions.list(user_id=user_id, is_revoked=False)
                  if s.id != keep]
        for session in ending:
            session.revoke(reason, now=now)
        return sum(1 for s in ending if s.expires_at > now)
