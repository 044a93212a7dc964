"""A reader's request to have a purchase refunded, and the team's (or an administrator's)
decision on it.

Only the buyer of a SUCCEEDED, paid purchase files one, within ``REFUND_WINDOW`` of its
delivery, and a purchase has at most one request in progress (OPEN or APPROVED) at a time.
A DECLINED request is final: the purchase takes no second request (the reader writes to the
author or to support instead). A WITHDRAWN one leaves the way open for a new request inside
the window. The amount asked is always the amount paid (no partial refunds).

    OPEN --approve--> APPROVED --refunded--> REFUNDED
      ^                  |
      +---refund_failed--+     (the gateway refused or did not answer; approve again)
    OPEN --decline--> DECLINED
    OPEN --withdraw-> WITHDRAWN   (by the reader)

While OPEN or APPROVED a request holds ``open_slot`` (its purchase id), unique in storage,
so two requests for one purchase cannot both be in progress even if two writers race.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ownverso.domain.commerce.purchase import Purchase, PurchaseStatus
from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation

REFUND_WINDOW = timedelta(days=30)  # from the purchase's delivery
MESSAGE_MAX = 2000
NOTE_MAX = 2000


class RefundReason(StrEnum):
    NOT_AS_DESCRIBED = "NOT_AS_DESCRIBED"
    DOWNLOAD_PROBLEM = "DOWNLOAD_PROBLEM"
    ACCIDENTAL_PURCHASE = "ACCIDENTAL_PURCHASE"
    DUPLICATE = "DUPLICATE"
    OTHER = "OTHER"


class RefundRequestStatus(StrEnum):
    OPEN = "OPEN"
    APPROVED = "APPROVED"  # the refund is being made at the gateway
    REFUNDED = "REFUNDED"
    DECLINED = "DECLINED"
    WITHDRAWN = "WITHDRAWN"


IN_PROGRESS = frozenset({RefundRequestStatus.OPEN, RefundRequestStatus.APPROVED})


def _text(value: str | None, *, field: str, limit: int, required: bool = False) -> str | None:
    text = (value or "").strip()
    if required and not text:
        raise RuleViolation(f"A {field} is required.", code=f"{field}_required",
                            fields={field: ["Required."]})
    if len(text) > limit:
        raise RuleViolation(f"The {field} is at most {limit} characters.",
                            code=f"{field}_too_long",
                            fields={field: [f"At most {limit} characters."]})
    return text or None


@dataclass(eq=False, kw_only=True)
class RefundRequest(Entity):
    purchase_id: str
    buyer_id: str
    site_id: str
    author_id: str
    product_id: str | None = None
    chapter_id: str | None = None
    reason: RefundReason
    message: str | None = None
    amount: int  # what the buyer paid, in the smallest currency unit
    currency: str
    status: RefundRequestStatus = RefundRequestStatus.OPEN
    open_slot: str | None = None
    reviewer_id: str | None = None
    review_note: str | None = None
    failure_code: str | None = None  # the last refund attempt's failure
    gateway_refund_id: str | None = None
    reviewed_at: datetime | None = None
    refunded_at: datetime | None = None
    withdrawn_at: datetime | None = None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def file(cls, *, id: str, purchase: Purchase, buyer_id: str, reason: RefundReason | str,
             message: str | None, earlier: Iterable["RefundRequest"],
             now: datetime) -> "RefundRequest":
        """A new OPEN request for ``purchase``; ``earlier`` are the purchase's requests."""
        if purchase.buyer_id != buyer_id:
            raise RuleViolation("Only the buyer asks for a refund.", code="not_the_buyer",
                                fields={"purchase_id": ["Not your purchase."]})
        try:
            reason = RefundReason(reason)
        except ValueError:
            raise RuleViolation("Unknown reason.", code="invalid_reason",
                                fields={"reason": [f"One of {', '.join(RefundReason)}."]}
                                ) from None
        message = _text(message, field="message", limit=MESSAGE_MAX)
        if purchase.status != PurchaseStatus.SUCCEEDED:
            raise InvalidTransition(f"A {purchase.status} purchase cannot be refunded.",
                                    code="purchase_not_refundable",
                                    fields={"status": [purchase.status.value]})
        if purchase.amount <= 0:
            raise InvalidTransition("Nothing was paid for this purchase.",
                                    code="nothing_to_refund", fields={"amount": ["0"]})
        if purchase.delivered_at is None or now > purchase.delivered_at + REFUND_WINDOW:
            raise InvalidTransition(
                f"Refunds are asked within {REFUND_WINDOW.days} days of the purchase.",
                code="refund_window_passed", fields={"purchase_id": ["Window passed."]})
        for request in earlier:
            if request.status in IN_PROGRESS:
                raise InvalidTransition("This purchase already has a refund request.",
                                        code="refund_request_open",
                                        fields={"purchase_id": [request.status.value]})
            if request.status == RefundRequestStatus.DECLINED:
                raise InvalidTransition("A refund of this purchase was declined.",
                                        code="refund_declined",
                                        fields={"purchase_id": ["Declined."]})
        return cls(id=id, purchase_id=purchase.id, buyer_id=buyer_id,
                   site_id=purchase.site_id, author_id=purchase.author_id,
                   product_id=purchase.product_id, chapter_id=purchase.chapter_id,
                   reason=reason, message=message, amount=purchase.amount,
                   currency=purchase.currency, status=RefundRequestStatus.OPEN,
                   open_slot=purchase.id, created_at=now, updated_at=now)

    def _leave(self, expected: RefundRequestStatus, action: str) -> None:
        if self.status != expected:
            raise InvalidTransition(f"Cannot {action} a {self.status} refund request.",
                                    code=f"refund_request_{self.status.lower()}",
                                    fields={"status": [self.status.value]})

    def approve(self, *, reviewer_id: str, note: str | None, now: datetime) -> None:
        """The refund is to be made; ``refunded`` or ``refund_failed`` follow the gateway."""
        self._leave(RefundRequestStatus.OPEN, "approve")
        self.review_note = _text(note, field="note", limit=NOTE_MAX)
        self.status, self.reviewer_id, self.failure_code = (
            RefundRequestStatus.APPROVED, reviewer_id, None)
        self.reviewed_at = self.updated_at = now

    def refunded(self, *, gateway_refund_id: str | None, now: datetime) -> None:
        self._leave(RefundRequestStatus.APPROVED, "complete")
        self.status, self.open_slot = RefundRequestStatus.REFUNDED, None
        self.gateway_refund_id, self.refunded_at, self.updated_at = gateway_refund_id, now, now

    def refund_failed(self, *, code: str, now: datetime) -> None:
        """Back to OPEN with the failure, so it can be approved (retried) or declined."""
        self._leave(RefundRequestStatus.APPROVED, "fail")
        self.status, self.failure_code, self.updated_at = RefundRequestStatus.OPEN, code, now

    def decline(self, *, reviewer_id: str, note: str | None, now: datetime) -> None:
        self._leave(RefundRequestStatus.OPEN, "decline")
        self.review_note = _text(note, field="note", limit=NOTE_MAX, required=True)
        self.status, self.open_slot, self.reviewer_id = (
            RefundRequestStatus.DECLINED, None, reviewer_id)
        self.reviewed_at = self.updated_at = now

    def withdraw(self, *, buyer_id: str, now: datetime) -> None:
        if buyer_id != self.buyer_id:
            raise RuleViolation("Only the buyer withdraws their request.",
                                code="not_the_buyer", fields={"purchase_id": ["Not yours."]})
        self._leave(RefundRequestStatus.OPEN, "withdraw")
        self.status, self.open_slot = RefundRequestStatus.WITHDRAWN, None
        self.withdrawn_at = self.updated_at = now
