"""A referral: who brought whom, its state machine and its rewards.

PENDING → SIGNED_UP → QUALIFIED → REWARDED, or PENDING/SIGNED_UP → EXPIRED once 90 days have
passed since it was made without qualifying. A referral is made when a signed-up user applies a
code (at sign-up or within 7 days of it), so it is born PENDING and moves to SIGNED_UP at once;
the visits before sign-up are clicks (``ReferralClick``). It qualifies on the referee's first
paid platform subscription or first month with reader revenue; the referrer is then rewarded
with a free month of their platform tier, and the referee was promised a first-month discount
when they applied.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation

APPLY_WINDOW = timedelta(days=7)
LIFETIME = timedelta(days=90)
REFERRER_REWARD = "FREE_MONTH"
REFERRER_REWARD_MONTHS = 1
REFEREE_REWARD = "FIRST_MONTH_DISCOUNT"


class ReferralStatus(StrEnum):
    PENDING = "PENDING"
    SIGNED_UP = "SIGNED_UP"
    QUALIFIED = "QUALIFIED"
    REWARDED = "REWARDED"
    EXPIRED = "EXPIRED"


class QualificationEvent(StrEnum):
    PLATFORM_SUBSCRIPTION = "PLATFORM_SUBSCRIPTION"
    READER_REVENUE = "READER_REVENUE"


OPEN = (ReferralStatus.PENDING, ReferralStatus.SIGNED_UP)
MOVES = {
    ReferralStatus.PENDING: {ReferralStatus.SIGNED_UP, ReferralStatus.EXPIRED},
    ReferralStatus.SIGNED_UP: {ReferralStatus.QUALIFIED, ReferralStatus.EXPIRED},
    ReferralStatus.QUALIFIED: {ReferralStatus.REWARDED},
    ReferralStatus.REWARDED: set(),
    ReferralStatus.EXPIRED: set(),
}


@dataclass(frozen=True, kw_only=True)
class Attribution:
    """Where the referee came from (all optional)."""

    landing_page: str | None = None
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None
    referrer_url: str | None = None
    clicked_at: datetime | None = None


def check_may_apply(*, referrer_id: str, referee_id: str, referee_created_at: datetime,
                    now: datetime, already_referred: bool, mutual: bool) -> None:
    """The rules of applying a code, in the order they are told."""
    if referrer_id == referee_id:
        raise RuleViolation("You cannot apply your own referral code.", code="self_referral",
                            fields={"code": ["This is your own code."]})
    if already_referred:
        raise InvalidTransition("You have already been referred.", code="already_referred")
    if mutual:
        raise RuleViolation("You referred this user; they cannot refer you back.",
                            code="mutual_referral", fields={"code": ["You referred them."]})
    if now > referee_created_at + APPLY_WINDOW:
        raise RuleViolation("A referral code can only be applied within 7 days of signing up.",
                            code="referral_window_closed",
                            fields={"code": ["The 7 days to apply a code have passed."]})


@dataclass(eq=False, kw_only=True)
class Referral(Entity):
    referrer_id: str
    referrer_code: str
    referee_id: str
    status: ReferralStatus = ReferralStatus.PENDING
    qualified_at: datetime | None = None
    qualification_event: str | None = None
    qualification_reason: str | None = None
    referrer_reward: str | None = None
    referrer_reward_value: int | None = None
    referrer_reward_applied_at: datetime | None = None
    referee_reward: str | None = None
    referee_reward_value: int | None = None
    referee_reward_applied_at: datetime | None = None
    rewarded_by: str | None = None  # the administrator who marked it, None when automatic
    landing_page: str | None = None
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None
    referrer_url: str | None = None
    clicked_at: datetime | None = None
    signed_up_at: datetime | None = None
    converted_at: datetime | None = None
    expires_at: datetime | None = None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def open(cls, *, id: str, referrer_id: str, code: str, referee_id: str, now: datetime,
             attribution: Attribution, referee_discount_percent: int) -> "Referral":
        """A referral of a user who has signed up: SIGNED_UP, expiring in 90 days, with the
        referee's first-month discount promised."""
        referral = cls(id=id, referrer_id=referrer_id, referrer_code=code, referee_id=referee_id,
                       created_at=now, updated_at=now, expires_at=now + LIFETIME,
                       referee_reward=REFEREE_REWARD,
                       referee_reward_value=referee_discount_percent,
                       landing_page=attribution.landing_page,
                       utm_source=attribution.utm_source, utm_medium=attribution.utm_medium,
                       utm_campaign=attribution.utm_campaign,
                       referrer_url=attribution.referrer_url, clicked_at=attribution.clicked_at)
        referral.sign_up(now=now)
        return referral

    # -- the state machine --------------------------------------------------------------------
    def _move(self, status: ReferralStatus, *, now: datetime, code: str, message: str) -> None:
        if status not in MOVES[self.status]:
            raise InvalidTransition(message, code=code)
        self.status, self.updated_at = status, now

    def is_due_to_expire(self, now: datetime) -> bool:
        return self.status in OPEN and self.expires_at is not None and now >= self.expires_at

    def sign_up(self, *, now: datetime) -> None:
        self._move(ReferralStatus.SIGNED_UP, now=now, code="referral_not_pending",
                   message="Only a pending referral can be signed up.")
        self.signed_up_at = now

    def qualify(self, *, event: QualificationEvent, reason: str | None, now: datetime) -> None:
        if self.is_due_to_expire(now):
            raise InvalidTransition("The referral has expired.", code="referral_expired")
        self._move(ReferralStatus.QUALIFIED, now=now, code="referral_not_signed_up",
                   message="Only a signed-up referral can qualify.")
        self.qualified_at = self.converted_at = now
        self.qualification_event, self.qualification_reason = event.value, reason

    def reward(self, *, now: datetime, by: str | None = None) -> None:
        """The referrer's free month is recorded here; the caller credits their account."""
        if self.status == ReferralStatus.REWARDED:
            raise InvalidTransition("The referral has already been rewarded.",
                                    code="already_rewarded")
        self._move(ReferralStatus.REWARDED, now=now, code="referral_not_qualified",
                   message="Only a qualified referral can be rewarded.")
        self.referrer_reward, self.referrer_reward_value = REFERRER_REWARD, REFERRER_REWARD_MONTHS
        self.referrer_reward_applied_at, self.rewarded_by = now, by

    def expire(self, *, now: datetime) -> None:
        if not self.is_due_to_expire(now):
            raise InvalidTransition("The referral is not due to expire.",
                                    code="referral_not_expiring")
        self._move(ReferralStatus.EXPIRED, now=now, code="referral_not_expiring",
                   message="The referral is not due to expire.")

    # -- the referee's discount ---------------------------------------------------------------
    @property
    def referee_discount_available(self) -> int:
        """The percent off the referee's first platform month, 0 once used or expired."""
        if self.status == ReferralStatus.EXPIRED or self.referee_reward_applied_at is not None:
            return 0
        return self.referee_reward_value or 0

    def use_referee_discount(self, *, now: datetime) -> int:
        percent = self.referee_discount_available
        if percent:
            self.referee_reward_applied_at, self.updated_at = now, now
        return percent
