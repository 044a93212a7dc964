"""A license key sold with a licensed product, and the installs ("instances") using it.

One license per SUCCEEDED purchase of a licensed product. The author's software checks a
key and, naming the install it runs on, activates it: each distinct instance takes one seat
(activating the same instance again takes none), deactivating frees the seat. A revoked
license (by its author, an administrator or a refund) is revoked for good.

    ACTIVE --revoke--> REVOKED
    ACTIVE (past expires_at) is EXPIRED; SUSPENDED refuses every check.

The key itself never lives here in clear: the services keep its hash (the lookup), its last
characters (``key_hint``, shown to the author) and its ciphertext (shown to the owner).
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ownverso.domain.commerce.values import LicenseType
from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation

REASON_MAX = 500
INSTANCE_MAX = 128
LABEL_MAX = 100


class LicenseStatus(StrEnum):
    ACTIVE = "ACTIVE"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    SUSPENDED = "SUSPENDED"


class LicenseCheck(StrEnum):
    """What checking a key answers; every value but VALID is the refusal's reason code."""

    VALID = "valid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    SUSPENDED = "suspended"
    SEATS_EXHAUSTED = "seats_exhausted"
    UNKNOWN_KEY = "unknown_key"


_REFUSALS = {LicenseStatus.REVOKED: LicenseCheck.REVOKED,
             LicenseStatus.EXPIRED: LicenseCheck.EXPIRED,
             LicenseStatus.SUSPENDED: LicenseCheck.SUSPENDED}


@dataclass(eq=False, kw_only=True)
class LicenseActivation(Entity):
    """One instance of the author's software using a seat of a license while active."""

    license_id: str
    instance_id: str
    label: str | None = None
    first_activated_at: datetime
    last_seen_at: datetime
    deactivated_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.deactivated_at is None


@dataclass(eq=False, kw_only=True)
class License(Entity):
    purchase_id: str
    product_id: str
    site_id: str
    author_id: str
    owner_id: str
    license_type: LicenseType
    seats: int = 1
    status: LicenseStatus = LicenseStatus.ACTIVE
    key_hash: str
    key_hint: str
    key_ciphertext: str
    active_seats: int = 0  # instances activated and not deactivated
    issued_at: datetime
    expires_at: datetime | None = None  # None: lifetime
    revoked_at: datetime | None = None
    revoked_reason: str | None = None
    revoked_by: str | None = None
    updated_at: datetime | None = None

    @classmethod
    def issue(cls, *, now: datetime, seats: int | None, **values) -> "License":
        """A new ACTIVE license; a type without a seat count has one seat."""
        license = cls(**values, seats=seats or 1, status=LicenseStatus.ACTIVE, active_seats=0,
                      issued_at=now, updated_at=now)
        if license.seats < 1:
            raise RuleViolation("A license has at least one seat.", code="invalid_seats",
                                fields={"seats": ["At least 1."]})
        return license

    # -- checks ------------------------------------------------------------------------------
    def status_at(self, now: datetime) -> LicenseStatus:
        """The stored status, with an ACTIVE license past its end read as EXPIRED."""
        if self.status == LicenseStatus.ACTIVE and self.expires_at is not None \
                and self.expires_at <= now:
            return LicenseStatus.EXPIRED
        return self.status

    def check(self, now: datetime) -> LicenseCheck:
        """VALID, or why the key is refused (revoked, expired, suspended)."""
        return _REFUSALS.get(self.status_at(now), LicenseCheck.VALID)

    # -- instances ---------------------------------------------------------------------------
    def activate(self, current: LicenseActivation | None, *, activation_id: str,
                 instance_id: str, label: str | None, now: datetime
                 ) -> tuple[LicenseCheck, LicenseActivation | None]:
        """Let ``instance_id`` use the license. ``current`` is that instance's activation if
        it ever had one: still active, it is only seen again (no second seat); otherwise it
        takes a free seat (reusing ``current`` or a new activation with ``activation_id``).
        Answers the check and the instance's activation (new when ``current`` was None and a
        seat was taken); a refused check or no free seat changes nothing."""
        outcome = self.check(now)
        if outcome != LicenseCheck.VALID:
            return outcome, current
        if current is not None and current.is_active:
            current.last_seen_at = now
            current.label = label or current.label
            return outcome, current
        if self.active_seats >= self.seats:
            return LicenseCheck.SEATS_EXHAUSTED, current
        if current is None:
            current = LicenseActivation(id=activation_id, license_id=self.id,
                                        instance_id=instance_id, label=label,
                                        first_activated_at=now, last_seen_at=now)
        else:
            current.deactivated_at, current.last_seen_at = None, now
            current.label = label or current.label
        self.active_seats += 1
        self.updated_at = now
        return outcome, current

    def deactivate(self, activation: LicenseActivation, *, now: datetime) -> bool:
        """Free the instance's seat; an inactive one is left as it is (answers False)."""
        if activation.license_id != self.id or not activation.is_active:
            return False
        activation.deactivated_at = now
        self.active_seats = max(self.active_seats - 1, 0)
        self.updated_at = now
        return True

    # -- revoking ----------------------------------------------------------------------------
    @property
    def is_revoked(self) -> bool:
        return self.status == LicenseStatus.REVOKED

    def revoke(self, *, reason: str, actor_id: str | None, now: datetime) -> None:
        """For good, with a reason; revoking again is refused (``license_revoked``)."""
        if self.is_revoked:
            raise InvalidTransition("This license is already revoked.", code="license_revoked",
                                    fields={"status": [self.status.value]})
        reason = (reason or "").strip()
        if not reason or len(reason) > REASON_MAX:
            raise RuleViolation(f"A reason of 1 to {REASON_MAX} characters.",
                                code="reason_required",
                                fields={"reason": [f"1 to {REASON_MAX} characters."]})
        self.status, self.revoked_at, self.updated_at = LicenseStatus.REVOKED, now, now
        self.revoked_reason, self.revoked_by = reason, actor_id
