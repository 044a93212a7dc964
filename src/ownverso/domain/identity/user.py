"""The user account: credentials, role and status, lockout and MFA state, profile fields."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.identity.errors import AccountLocked, LoginRefused
from ownverso.domain.identity.values import UserRole, UserStatus

USERNAME = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{1,28}[a-z0-9])$")
RESERVED_USERNAMES = frozenset(
    {"me", "admin", "api", "www", "support", "help", "ownverso", "root", "system", "settings"}
)
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)

STATUS_MOVES = {
    UserStatus.PENDING_VERIFICATION: {UserStatus.ACTIVE, UserStatus.SUSPENDED, UserStatus.BANNED,
                                      UserStatus.DELETED},
    UserStatus.ACTIVE: {UserStatus.SUSPENDED, UserStatus.BANNED, UserStatus.DELETED},
    UserStatus.SUSPENDED: {UserStatus.ACTIVE, UserStatus.BANNED, UserStatus.DELETED},
    UserStatus.BANNED: {UserStatus.ACTIVE, UserStatus.DELETED},
    UserStatus.DELETED: set(),
}


def normalize_email(email: str) -> str:
    """Emails are unique case-insensitively; we store them lower-cased and trimmed."""
    return email.strip().lower()


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise RuleViolation(
            "Usernames are 3 to 30 characters: letters, digits, '-' and '_', "
            "starting and ending with a letter or digit.",
            code="invalid_username", fields={"username": ["Invalid username."]},
        )
    if name in RESERVED_USERNAMES:
        raise RuleViolation("This username is reserved.", code="username_reserved",
                            fields={"username": ["This username is reserved."]})
    return name


@dataclass(eq=False, kw_only=True)
class User(Entity):
    email: str
    username: str
    display_name: str
    created_at: datetime
    updated_at: datetime
    password_hash: str | None = None
    email_verified: bool = False
    email_verified_at: datetime | None = None
    role: UserRole = UserRole.READER
    status: UserStatus = UserStatus.PENDING_VERIFICATION
    status_history: list = field(default_factory=list)
    # security
    mfa_enabled: bool = False
    mfa_secret: str | None = None  # encrypted by the service before it lands here
    mfa_backup_codes: list = field(default_factory=list)  # hashes, one per unused code
    mfa_last_step: int | None = None  # last TOTP time step accepted: a code works once
    last_login_at: datetime | None = None
    last_login_ip: str | None = None
    last_login_user_agent: str | None = None
    failed_login_count: int = 0
    locked_until: datetime | None = None
    deleted_at: datetime | None = None
    # profile
    avatar_url: str | None = None
    avatar_key: str | None = None
    bio: str | None = None
    locale: str = "en"
    timezone: str = "Asia/Kolkata"
    preferences: dict = field(default_factory=dict)
    data_region: str = "INDIA"
    # platform subscription and cached usage
    platform_tier: str = "FREE"
    platform_tier_status: str = "ACTIVE"
    platform_tier_started_at: datetime | None = None
    platform_tier_expires_at: datetime | None = None
    platform_billing_cycle: str | None = None
    series_count: int = 0
    total_chapter_count: int = 0
    active_subscriber_count: int = 0
    storage_used_bytes: int = 0
    bandwidth_used_bytes: int = 0
    email_broadcasts_this_month: int = 0
    ai_translation_words_used: int = 0
    ai_writing_tokens_used: int = 0
    ai_cover_generations_used: int = 0

    # -- status ---------------------------------------------------------------
    def change_status(self, status: UserStatus, *, now: datetime, reason: str = "") -> None:
        if status == self.status:
            return
        if status not in STATUS_MOVES[self.status]:
            raise InvalidTransition(f"A {self.status} account cannot become {status}.",
                                    code="invalid_status_transition")
        self.status_history = [*self.status_history,
                               {"status": status.value, "at": now.isoformat(), "reason": reason}]
        self.status = status
        if status == UserStatus.DELETED:
            self.deleted_at = now
        self.updated_at = now

    def verify_email(self, *, now: datetime) -> None:
        self.email_verified = True
        self.email_verified_at = now
        if self.status == UserStatus.PENDING_VERIFICATION:
            self.change_status(UserStatus.ACTIVE, now=now, reason="email verified")

    # -- login ----------------------------------------------------------------
    def ensure_not_locked(self, *, now: datetime) -> None:
        """Checked before the password, so a locked account costs no hashing."""
        if self.locked_until and self.locked_until > now:
            raise AccountLocked("Too many failed attempts; try again later.",
                                retry_after=int((self.locked_until - now).total_seconds()) + 1)

    def ensure_may_log_in(self) -> None:
        """Suspended, banned and deleted accounts cannot log in (told after the password)."""
        if self.status in (UserStatus.SUSPENDED, UserStatus.BANNED, UserStatus.DELETED):
            raise LoginRefused(f"This account is {self.status.lower()}.",
                               code=f"account_{self.status.lower()}")

    def record_failed_login(self, *, now: datetime) -> None:
        self.failed_login_count += 1
        if self.failed_login_count >= MAX_FAILED_LOGINS:
            self.locked_until = now + LOCKOUT
            self.failed_login_count = 0
        self.updated_at = now

    def record_login(self, *, now: datetime, ip: str | None, user_agent: str | None) -> None:
        self.failed_login_count = 0
        self.locked_until = None
        self.last_login_at = now
        self.last_login_ip = ip
        self.last_login_user_agent = user_agent
        self.updated_at = now

    # -- roles ----------------------------------------------------------------
    def become_author(self, *, now: datetime) -> None:
        if self.role in (UserRole.READER, UserRole.COLLABORATOR):
            self.role = UserRole.AUTHOR
            self.updated_at = now

    def join_as_collaborator(self, *, now: datetime) -> None:
        """A reader who joins a site's team becomes a COLLABORATOR; authors stay authors."""
        if self.role == UserRole.READER:
            self.role = UserRole.COLLABORATOR
            self.updated_at = now

    @property
    def is_admin(self) -> bool:
        return self.role.is_admin

    @property
    def is_active(self) -> bool:
        return self.status in (UserStatus.ACTIVE, UserStatus.PENDING_VERIFICATION)
