"""One-time verification tokens (email, email change, password reset, MFA login)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from ownverso.domain.entity import Entity
from ownverso.domain.identity.errors import TokenInvalid
from ownverso.domain.identity.values import TokenType

LIFETIMES = {
    TokenType.EMAIL_VERIFICATION: timedelta(days=2),
    TokenType.EMAIL_CHANGE: timedelta(hours=24),
    TokenType.PASSWORD_RESET: timedelta(hours=1),
    TokenType.MFA_SETUP: timedelta(minutes=15),
    TokenType.MFA_LOGIN: timedelta(minutes=5),
}


@dataclass(eq=False, kw_only=True)
class VerificationToken(Entity):
    user_id: str
    token_hash: str
    type: TokenType
    expires_at: datetime
    created_at: datetime
    new_email: str | None = None
    is_used: bool = False
    used_at: datetime | None = None
    requested_ip: str | None = None
    used_ip: str | None = None

    @classmethod
    def lifetime(cls, token_type: TokenType) -> timedelta:
        return LIFETIMES[token_type]

    def use(self, *, now: datetime, ip: str | None = None) -> None:
        """Spend the token; a used or expired token is refused the same way."""
        if self.is_used or self.expires_at <= now:
            raise TokenInvalid("This link or code is invalid or has expired.")
        self.is_used = True
        self.used_at = now
        self.used_ip = ip
