"""Logging in and out, refreshing, listing and revoking sessions, authenticating requests."""

from dataclasses import dataclass
from datetime import timedelta

from ownverso.domain.errors import DomainError
from ownverso.domain.identity.errors import AccountLocked
from ownverso.domain.identity.session import Session
from ownverso.domain.identity.user import LOCKOUT, MAX_FAILED_LOGINS, User, normalize_email
from ownverso.domain.identity.values import TokenType
from ownverso.services.context import Actor, RequestInfo
from ownverso.services.errors import (
    NotFound,
    PermissionDenied,
    RateLimited,
    Unauthenticated,
)
from ownverso.services.identity.kit import IdentityKit, TokenPair
from ownverso.services.identity.secrets import hash_token, new_token

LOGIN_PER_IP = (30, 600)  # attempts, seconds
# Per address, whether or not an account has it: an unknown address is throttled exactly as a
# known one is locked (5 failures, 15 minutes, same answer), so neither reveals the other.
LOGIN_PER_ACCOUNT = (MAX_FAILED_LOGINS, int(LOCKOUT.total_seconds()))


@dataclass(frozen=True)
class LoginResult:
    user: User
    tokens: TokenPair | None = None
    mfa_token: str | None = None

    @property
    def mfa_required(self) -> bool:
        return self.mfa_token is not None


def invalid_credentials() -> Unauthenticated:
    return Unauthenticated("The email or password is incorrect.", code="invalid_credentials")


class SessionService:
    def __init__(self, kit: IdentityKit):
        self.kit = kit
        self._dummy_hash: str | None = None

    def _burn_hash_time(self, password: str) -> None:
        """Spend as long as a real check, so an unknown email answers like a wrong password."""
        if self._dummy_hash is None:
            self._dummy_hash = self.kit.hasher.hash("not-a-real-password")
        self.kit.hasher.verify(self._dummy_hash, password)

    def login(self, *, email: str, password: str, request: RequestInfo) -> LoginResult:
        email = normalize_email(email)
        self.kit.throttle(f"login:ip:{request.ip}", limit=LOGIN_PER_IP[0],
                          window=LOGIN_PER_IP[1])
        self._throttle_address(email)
        with self.kit.uow() as uow:
            user = uow.users.get_by(email=email)
            if user is None:
                self._burn_hash_time(password)
                self._count_failure(email)
                raise invalid_credentials()
            try:
                user.ensure_not_locked(now=self.kit.now())
            except AccountLocked as locked:
                raise RateLimited(locked.message, retry_after=locked.retry_after,
                                  code="account_locked") from None
            if not user.password_hash or not self.kit.hasher.verify(user.password_hash, password):
                user.record_failed_login(now=self.kit.now())
                uow.commit()
                self._count_failure(email)
                raise invalid_credentials()
            self._refuse_unavailable(user)
            if self.kit.hasher.needs_rehash(user.password_hash):
                user.password_hash = self.kit.hasher.hash(password)
            self.kit.limiter.reset(f"login:account:{email}")
            if user.mfa_enabled:
                mfa_token = self.kit.issue_token(uow, user, TokenType.MFA_LOGIN, request=request)
                uow.commit()
                return LoginResult(user=user, mfa_token=mfa_token)
            tokens = self.kit.open_session(uow, user, request)
            uow.commit()
            return LoginResult(user=user, tokens=tokens)

    def _throttle_address(self, email: str) -> None:
        retry_after = self.kit.limiter.blocked_for(f"login:account:{email}",
                                                   limit=LOGIN_PER_ACCOUNT[0])
        if retry_after:
            raise RateLimited("Too many failed attempts; try again later.",
                              retry_after=retry_after, code="account_locked")

    def _count_failure(self, email: str) -> None:
        self.kit.limiter.hit(f"login:account:{email}", limit=LOGIN_PER_ACCOUNT[0],
                             window=LOGIN_PER_ACCOUNT[1])

    @staticmethod
    def _refuse_unavailable(user: User) -> None:
        try:
            user.ensure_may_log_in()
        except DomainError as refused:
            raise PermissionDenied(refused.message, code=refused.code) from None

    def refresh(self, *, refresh_token: str, request: RequestInfo) -> tuple[User, TokenPair]:
        """Rotate the refresh token; replaying a rotated one revokes the whole session."""
        session_id = refresh_token.partition(".")[0]
        token_hash, now = hash_token(refresh_token), self.kit.now()
        with self.kit.uow() as uow:
            session = uow.sessions.get_by(id=session_id, for_update=True) if session_id else None
            if session is None:
                raise Unauthenticated("The refresh token is invalid.", code="invalid_refresh_token")
            if session.was_retired(token_hash) and not session.is_revoked:
                session.revoke("refresh_token_reused", now=now)
                uow.commit()
                raise Unauthenticated("This refresh token was already used; the session has "
                                      "been signed out.", code="refresh_token_reused")
            if session.refresh_token_hash != token_hash or not session.is_live(now):
                raise Unauthenticated("The refresh token is invalid.", code="invalid_refresh_token")
            user = uow.users.get(session.user_id)
            self._refuse_unavailable(user)
            refresh = f"{session.id}.{new_token()}"
            session.rotate(hash_token(refresh), now=now,
                           expires_at=now + timedelta(seconds=self.kit.refresh_ttl))
            session.ip_address = request.ip or session.ip_address
            uow.commit()
            return user, self.kit.token_pair(user, session.id, refresh)

    def authenticate(self, access_token: str) -> Actor:
        """The caller behind a bearer token; revoked sessions fail on the very next request."""
        claims = self.kit.access_tokens.read(access_token)
        with self.kit.uow() as uow:
            session = uow.sessions.get(claims.session_id)
            if session is None or session.user_id != claims.user_id \
                    or not session.is_live(self.kit.now()):
                raise Unauthenticated("The session has ended; sign in again.",
                                      code="session_revoked")
            user = uow.users.get(claims.user_id)
            if user is None or not user.is_active:
                raise Unauthenticated("This account cannot be used.", code="account_unavailable")
            return Actor(user_id=user.id, session_id=session.id, role=user.role)

    def logout(self, *, actor: Actor) -> None:
        with self.kit.uow() as uow:
            session = uow.sessions.get(actor.session_id)
            if session is not None:
                session.revoke("logout", now=self.kit.now())
                uow.commit()

    def logout_all(self, *, actor: Actor) -> int:
        with self.kit.uow() as uow:
            count = self.kit.revoke_sessions(uow, actor.user_id, "logout_all")
            uow.commit()
            return count

    def list_sessions(self, *, actor: Actor, offset: int = 0,
                      limit: int | None = None) -> tuple[list[Session], int]:
        """Live sessions, most recently active first, and how many there are in all."""
        live = {"user_id": actor.user_id, "is_revoked": False, "expires_at__gt": self.kit.now()}
        with self.kit.uow() as uow:
            return (uow.sessions.list(**live, order_by=["-last_active_at", "id"], offset=offset,
                                      limit=limit), uow.sessions.count(**live))

    def revoke_session(self, *, actor: Actor, session_id: str) -> None:
        with self.kit.uow() as uow:
            session = uow.sessions.get(session_id)
            if session is None or session.user_id != actor.user_id or session.is_revoked:
                raise NotFound("No such session.", code="session_not_found")
            session.revoke("revoked_by_user", now=self.kit.now())
            uow.commit()
