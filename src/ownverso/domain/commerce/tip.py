"""A tip: a one-time payment from a reader to an author (or to one of the author's sites),
with an optional message and an anonymous option (seed 002).

    (checkout paid) --> SUCCEEDED --refund (payments issue)--> REFUNDED

A tip exists only once it is paid: the checkout carries the checked ``TipOrder`` until then,
and the tip fulfiller writes the row. Amounts are an ``int`` in the smallest currency unit,
within per-currency bounds that come from settings (``tip_bounds``, parsed by
``parse_tip_bounds``; the default is ``DEFAULT_TIP_BOUNDS``). The message is plain text: at most
500 characters, stored trimmed, control characters other than newlines and tabs removed;
whoever shows it escapes it. An anonymous tip hides the tipper's identity from the author
(the tipper still sees it among their own tips).
"""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation

MESSAGE_MAX = 500
# currency: (smallest, largest) in its smallest unit: INR 10..50,000, USD/EUR/GBP 1..500
DEFAULT_TIP_BOUNDS = "INR:1000-5000000,USD:100-50000,EUR:100-50000,GBP:100-50000"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
BOUND = re.compile(r"^([A-Za-z]{3}):(\d+)-(\d+)$")


class TipStatus(StrEnum):
    SUCCEEDED = "SUCCEEDED"
    REFUNDED = "REFUNDED"


@dataclass(frozen=True)
class TipBounds:
    minimum: int
    maximum: int


def parse_tip_bounds(raw: str) -> dict[str, TipBounds]:
    """``"INR:1000-5000000,USD:100-50000"`` -> {"INR": TipBounds(1000, 5000000), ...}."""
    bounds = {}
    for part in filter(None, (p.strip() for p in (raw or "").split(","))):
        found = BOUND.match(part)
        if not found or not 0 < int(found.group(2)) <= int(found.group(3)):
            raise ValueError(f"A tip bound is CUR:min-max with 0 < min <= max, not {part!r}")
        bounds[found.group(1).upper()] = TipBounds(int(found.group(2)), int(found.group(3)))
    if not bounds:
        raise ValueError("At least one currency takes tips.")
    return bounds


def _invalid(message: str, code: str, field_name: str, **extra) -> RuleViolation:
    return RuleViolation(message, code=code, fields={field_name: [message], **extra})


def clean_message(message: str | None) -> str | None:
    text = CONTROL.sub("", (message or "").replace("\r\n", "\n")).strip()
    if len(text) > MESSAGE_MAX:
        raise _invalid(f"At most {MESSAGE_MAX} characters.", "invalid_tip_message", "message")
    return text or None


@dataclass(frozen=True, kw_only=True)
class TipOrder:
    """What a tipper asked for, checked and normalised (kept in the checkout until paid)."""

    author_id: str
    site_id: str | None
    amount: int
    currency: str
    message: str | None
    is_anonymous: bool

    @classmethod
    def check(cls, *, tipper_id: str, author_id: str, site_id: str | None, amount: int,
              currency: str, bounds: dict[str, TipBounds], message: str | None = None,
              is_anonymous: bool = False) -> "TipOrder":
        if tipper_id == author_id:
            raise _invalid("You cannot tip yourself.", "own_tip",
                           "site_id" if site_id else "author_id")
        code = (currency or "").strip().upper()
        if code not in bounds:
            raise _invalid("Tips are not taken in this currency.", "unsupported_currency",
                           "currency", supported=sorted(bounds))
        limit = bounds[code]
        if isinstance(amount, bool) or not isinstance(amount, int) \
                or not limit.minimum <= amount <= limit.maximum:
            raise _invalid(f"Between {limit.minimum} and {limit.maximum} (smallest unit of "
                           f"{code}).", "amount_out_of_bounds", "amount",
                           min_amount=limit.minimum, max_amount=limit.maximum, currency=code)
        return cls(author_id=author_id, site_id=site_id, amount=amount, currency=code,
                   message=clean_message(message), is_anonymous=bool(is_anonymous))

    def to_payload(self) -> dict:
        return {"author_id": self.author_id, "message": self.message,
                "is_anonymous": self.is_anonymous}


@dataclass(eq=False, kw_only=True)
class Tip(Entity):
    tipper_id: str
    author_id: str
    site_id: str | None = None
    amount: int
    currency: str
    message: str | None = None
    is_anonymous: bool = False
    status: TipStatus = TipStatus.SUCCEEDED
    checkout_session_id: str | None = None
    created_at: datetime
    paid_at: datetime
    refunded_at: datetime | None = None

    @classmethod
    def paid(cls, order: TipOrder, *, id: str, tipper_id: str, now: datetime,
             checkout_session_id: str | None = None) -> "Tip":
        return cls(id=id, tipper_id=tipper_id, author_id=order.author_id,
                   site_id=order.site_id, amount=order.amount, currency=order.currency,
                   message=order.message, is_anonymous=order.is_anonymous,
                   status=TipStatus.SUCCEEDED, checkout_session_id=checkout_session_id,
                   created_at=now, paid_at=now)

    def tipper_visible_to_author(self) -> str | None:
        """The tipper's id as the author may see it: none for an anonymous tip."""
        return None if self.is_anonymous else self.tipper_id

    def refund(self, *, now: datetime) -> None:
        if self.status is not TipStatus.SUCCEEDED:
            raise InvalidTransition(f"Cannot refund a {self.status} tip.",
                                    code=f"tip_{self.status.lower()}",
                                    fields={"status": self.status.value})
        self.status, self.refunded_at = TipStatus.REFUNDED, now
