"""A gift subscription: months of a tier bought for someone by email, claimed with a code.

    (paid checkout) --> PENDING --deliver (on its delivery date)--> DELIVERED
    DELIVERED --claim (by the recipient, within 365 days)--> CLAIMED
    DELIVERED --expire (365 days after delivery, unclaimed)--> EXPIRED
    PENDING | DELIVERED --cancel (support, a refund)--> CANCELLED

The price is the tier's monthly price times the months; twelve months cost the annual price
instead when the tier has one and it is cheaper. The claim code is 16 characters of an
alphabet without look-alikes (80 random bits from ``secrets``); it is read case-insensitively
and with any dashes or spaces a person typed. Money is an ``int`` in the smallest unit.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation

CLAIM_WINDOW = timedelta(days=365)
SCHEDULE_AHEAD = timedelta(days=365)
PAST_TOLERANCE = timedelta(hours=1)  # a delivery time this far back means "now"
MESSAGE_MAX, NAME_MAX, EMAIL_MAX = 1000, 100, 254
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols: no 0/O, 1/I
CODE_LENGTH = 16
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class GiftStatus(StrEnum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    CLAIMED = "CLAIMED"
    EXPIRED = "EXPIRED"
    CANCELLED = "CANCELLED"


G = GiftStatus


def _invalid(message: str, code: str, field_name: str) -> RuleViolation:
    return RuleViolation(message, code=code, fields={field_name: [message]})


def new_claim_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_claim_code(raw: str) -> str:
    """What a person typed or pasted: any case, with dashes or spaces."""
    return re.sub(r"[\s-]", "", raw or "").upper()


def gift_price(*, monthly_price: int, annual_price: int | None, months: int) -> int:
    """Monthly price x months; the annual price for twelve when it is cheaper."""
    price = monthly_price * months
    if months == 12 and annual_price and annual_price < price:
        return annual_price
    return price


def _text(value: str | None, limit: int, code: str, field_name: str) -> str | None:
    value = (value or "").strip()
    if len(value) > limit:
        raise _invalid(f"At most {limit} characters.", code, field_name)
    return value or None


@dataclass(frozen=True, kw_only=True)
class GiftOrder:
    """What a giver asked for, checked and normalised (kept in the checkout until paid)."""

    recipient_email: str
    recipient_name: str | None
    months: int
    gift_message: str | None
    delivery_date: datetime | None  # None: deliver as soon as it is paid
    giver_name: str | None  # None: anonymous

    @classmethod
    def check(cls, *, now: datetime, giver_email: str, recipient_email: str, months: int,
              recipient_name: str | None = None, gift_message: str | None = None,
              delivery_date: datetime | None = None,
              giver_name: str | None = None) -> "GiftOrder":
        if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 12:
            raise _invalid("A gift lasts 1 to 12 months.", "invalid_gift_months", "months")
        email = (recipient_email or "").strip().lower()
        if len(email) > EMAIL_MAX or not EMAIL.match(email):
            raise _invalid("A valid email address.", "invalid_recipient_email",
                           "recipient_email")
        if email == (giver_email or "").strip().lower():
            raise _invalid("Gift someone else; subscribe to read yourself.", "own_gift",
                           "recipient_email")
        if delivery_date is not None:
            if delivery_date.tzinfo is None:
                raise _invalid("A time with its timezone.", "invalid_delivery_date",
                               "delivery_date")
            if delivery_date < now - PAST_TOLERANCE:
                raise _invalid("The delivery date has passed.", "invalid_delivery_date",
                               "delivery_date")
            if delivery_date > now + SCHEDULE_AHEAD:
                raise _invalid("At most a year ahead.", "invalid_delivery_date",
                               "delivery_date")
            if delivery_date <= now:
                delivery_date = None
        return cls(recipient_email=email,
                   recipient_name=_text(recipient_name, NAME_MAX, "invalid_recipient_name",
                                        "recipient_name"),
                   months=months,
                   gift_message=_text(gift_message, MESSAGE_MAX, "invalid_gift_message",
                                      "gift_message"),
                   delivery_date=delivery_date,
                   giver_name=_text(giver_name, NAME_MAX, "invalid_giver_name", "giver_name"))


@dataclass(eq=False, kw_only=True)
class Gift(Entity):
    giver_id: str
    giver_email: str
    giver_name: str | None = None  # None: the giver chose to stay anonymous
    recipient_email: str
    recipient_name: str | None = None
    recipient_id: str | None = None  # who claimed it
    site_id: str
    tier_id: str
    months: int
    amount: int
    currency: str = "INR"
    gift_message: str | None = None
    delivery_date: datetime
    is_scheduled: bool = False
    status: GiftStatus = GiftStatus.PENDING
    delivered_at: datetime | None = None
    claimed_at: datetime | None = None
    expires_at: datetime | None = None  # the claim deadline, set on delivery
    claim_code: str
    claim_url: str | None = None
    checkout_session_id: str | None = None
    subscription_id: str | None = None  # the subscription the claim started or extended
    created_at: datetime
    updated_at: datetime

    @classmethod
    def bought(cls, order: GiftOrder, *, id: str, now: datetime, giver_id: str,
               giver_email: str, site_id: str, tier_id: str, amount: int, currency: str,
               claim_code: str, claim_url: str | None = None,
               checkout_session_id: str | None = None) -> "Gift":
        """A paid gift, PENDING; its delivery date is the order's, or now."""
        scheduled = order.delivery_date is not None and order.delivery_date > now
        return cls(id=id, giver_id=giver_id, giver_email=giver_email.strip().lower(),
                   giver_name=order.giver_name, recipient_email=order.recipient_email,
                   recipient_name=order.recipient_name, site_id=site_id, tier_id=tier_id,
                   months=order.months, amount=amount, currency=currency,
                   gift_message=order.gift_message,
                   delivery_date=order.delivery_date if scheduled else now,
                   is_scheduled=scheduled, claim_code=claim_code, claim_url=claim_url,
                   checkout_session_id=checkout_session_id, created_at=now, updated_at=now)

    # -- delivery -----------------------------------------------------------------------------
    def is_due(self, now: datetime) -> bool:
        return self.status == G.PENDING and self.delivery_date <= now

    def deliver(self, *, now: datetime) -> None:
        """Sent to the recipient: claimable for 365 days from now."""
        if self.status != G.PENDING:
            raise InvalidTransition(f"Cannot deliver a {self.status} gift.",
                                    code="cannot_deliver", fields={"status": self.status.value})
        self.status, self.delivered_at = G.DELIVERED, now
        self.expires_at, self.updated_at = now + CLAIM_WINDOW, now

    def deliver_if_due(self, now: datetime) -> bool:
        if not self.is_due(now):
            return False
        self.deliver(now=now)
        return True

    # -- claiming -----------------------------------------------------------------------------
    def is_for(self, email: str | None) -> bool:
        return (email or "").strip().lower() == self.recipient_email

    def check_claimable(self, now: datetime) -> None:
        """Delivered, unclaimed and inside its 365 days; each refusal has its own code."""
        if self.status == G.CLAIMED:
            raise InvalidTransition("This gift has already been claimed.",
                                    code="gift_already_claimed")
        if self.status == G.EXPIRED or (self.status == G.DELIVERED and self.expires_at
                                        and now >= self.expires_at):
            raise InvalidTransition("This gift was not claimed in time.", code="gift_expired")
        if self.status == G.CANCELLED:
            raise InvalidTransition("This gift was cancelled.", code="gift_cancelled")
        if self.status != G.DELIVERED:
            raise InvalidTransition("This gift has not been delivered yet.",
                                    code="gift_not_delivered")

    def claim(self, *, recipient_id: str, subscription_id: str, now: datetime) -> None:
        self.check_claimable(now)
        self.status, self.claimed_at, self.updated_at = G.CLAIMED, now, now
        self.recipient_id, self.subscription_id = recipient_id, subscription_id

    # -- endings ------------------------------------------------------------------------------
    def expire_if_due(self, now: datetime) -> bool:
        """The expiry job: delivered and unclaimed past the claim deadline."""
        if self.status != G.DELIVERED or self.expires_at is None or now < self.expires_at:
            return False
        self.status, self.updated_at = G.EXPIRED, now
        return True

    def cancel(self, *, now: datetime) -> None:
        if self.status not in (G.PENDING, G.DELIVERED):
            raise InvalidTransition(f"Cannot cancel a {self.status} gift.",
                                    code="cannot_cancel", fields={"status": self.status.value})
        self.status, self.updated_at = G.CANCELLED, now
