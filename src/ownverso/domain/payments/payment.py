"""A payment: one movement of money from a reader (to an author, or to the platform for coin
packages), with its state machine. Every transition returns the ``PaymentEvent`` that logs it;
the service stores it beside the payment, so the log and the state never disagree.

    PENDING ----> PROCESSING ----> SUCCEEDED | FAILED | CANCELLED
    PENDING ------------------->   SUCCEEDED | FAILED | CANCELLED   (a synchronous answer)
    SUCCEEDED ---refund part---> PARTIALLY_REFUNDED ---refund the rest---> REFUNDED
    SUCCEEDED ---refund all----> REFUNDED
    SUCCEEDED | PARTIALLY_REFUNDED --dispute--> DISPUTED
    DISPUTED --won--> SUCCEEDED (PARTIALLY_REFUNDED when part was refunded before)
    DISPUTED --lost-> CHARGEBACK_LOST

Status names are the seeds' ``PaymentStatus`` (000 §8.1); a lost dispute is
``CHARGEBACK_LOST`` from seed 001's enum (a won one goes back to where it was rather than to
a separate ``CHARGEBACK_WON``). Amounts are integers in the smallest currency unit; refunds
never add up to more than was paid.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation

FAILURE_CODE_MAX = 64
FAILURE_MESSAGE_MAX = 500
DESCRIPTION_MAX = 500


class PaymentType(StrEnum):
    SUBSCRIPTION = "SUBSCRIPTION"  # a first payment, a renewal or an upgrade's difference
    ONE_TIME_PURCHASE = "ONE_TIME_PURCHASE"  # a product or a chapter
    TIP = "TIP"
    GIFT = "GIFT"  # gifted months of a tier
    COINS = "COINS"  # a coin package: the platform sells it (no author)
    PLATFORM_FEE = "PLATFORM_FEE"


class PaymentStatus(StrEnum):
    PENDING = "PENDING"
    PROCESSING = "PROCESSING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED"
    REFUNDED = "REFUNDED"
    DISPUTED = "DISPUTED"
    CHARGEBACK_LOST = "CHARGEBACK_LOST"


S = PaymentStatus
TRANSITIONS: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    S.PENDING: frozenset({S.PROCESSING, S.SUCCEEDED, S.FAILED, S.CANCELLED}),
    S.PROCESSING: frozenset({S.SUCCEEDED, S.FAILED, S.CANCELLED}),
    S.SUCCEEDED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED, S.DISPUTED}),
    S.PARTIALLY_REFUNDED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED, S.DISPUTED}),
    S.DISPUTED: frozenset({S.SUCCEEDED, S.PARTIALLY_REFUNDED, S.CHARGEBACK_LOST}),
    S.FAILED: frozenset(),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
    S.CHARGEBACK_LOST: frozenset(),
}
# The reader's money was taken (whatever happened to it afterwards): revenue, receipts.
COLLECTED = frozenset({S.SUCCEEDED, S.PARTIALLY_REFUNDED, S.REFUNDED, S.DISPUTED,
                       S.CHARGEBACK_LOST})
# Where each action starts from (within the table): settling is for unsettled payments only,
# so a disputed one is never "succeeded" again, only won.
UNSETTLED = frozenset({S.PENDING, S.PROCESSING})
PAID = frozenset({S.SUCCEEDED, S.PARTIALLY_REFUNDED})


@dataclass(eq=False, kw_only=True)
class PaymentEvent(Entity):
    """One line of a payment's log; ``amount`` is what moved in it (a refund's amount ...).
    ``sequence`` orders a payment's lines (1, 2 ...; unique per payment in storage)."""

    payment_id: str
    sequence: int
    event_type: str  # created, processing, succeeded, failed, cancelled, refunded ...
    previous_status: PaymentStatus | None = None
    new_status: PaymentStatus
    amount: int | None = None
    metadata: dict = field(default_factory=dict)
    created_at: datetime


@dataclass(eq=False, kw_only=True)
class Payment(Entity):
    reader_id: str  # the payer
    author_id: str | None = None  # None: the platform sold it (coin packages)
    site_id: str | None = None
    type: PaymentType
    status: PaymentStatus = PaymentStatus.PENDING
    gross_amount: int
    gateway_fee: int | None = None  # None until the gateway reports it
    net_amount: int | None = None  # gross less the gateway's fee, once known
    currency: str
    gateway: str  # sandbox, stripe, razorpay, xendit
    gateway_payment_id: str  # the gateway's checkout or charge id
    gateway_payment_ref: str | None = None  # the gateway's payment behind it (refunds and
    # disputes name this one: a Stripe PaymentIntent, a Razorpay payment ...)
    checkout_session_id: str | None = None
    subscription_id: str | None = None
    purchase_id: str | None = None
    payer_hidden: bool = False  # an anonymous tip: the author is not told who paid
    refunded_amount: int = 0
    refunded_at: datetime | None = None
    failure_code: str | None = None
    failure_message: str | None = None
    description: str | None = None
    disputed_at: datetime | None = None
    event_count: int = 0  # lines in its log so far
    processed_at: datetime | None = None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def open(cls, *, event_id: str, now: datetime, **values) -> "tuple[Payment, PaymentEvent]":
        """A new PENDING payment and its ``created`` event."""
        gross = values.get("gross_amount")
        if not isinstance(gross, int) or isinstance(gross, bool) or gross <= 0:
            raise RuleViolation("A payment moves a positive amount.", code="invalid_amount",
                                fields={"gross_amount": ["A positive integer."]})
        values["description"] = (values.get("description") or "")[:DESCRIPTION_MAX] or None
        payment = cls(**values, status=S.PENDING, created_at=now, updated_at=now)
        return payment, payment._event(event_id, "created", None, now,
                                       amount=gross)

    # -- reading ----------------------------------------------------------------------------
    @property
    def refundable_amount(self) -> int:
        return self.gross_amount - self.refunded_amount

    @property
    def collected(self) -> bool:
        return self.status in COLLECTED

    @property
    def kept_amount(self) -> int:
        """What the payee keeps of it: nothing unless collected, less refunds, nothing after
        a lost chargeback."""
        if not self.collected or self.status == S.CHARGEBACK_LOST:
            return 0
        return self.refundable_amount

    # -- transitions --------------------------------------------------------------------------
    def start_processing(self, *, event_id: str, now: datetime) -> PaymentEvent:
        return self._move(S.PROCESSING, "processing", event_id, now, sources=UNSETTLED)

    def succeed(self, *, event_id: str, now: datetime,
                gateway_fee: int | None = None) -> PaymentEvent:
        """The money was taken; ``gateway_fee`` when the gateway says what it kept."""
        if gateway_fee is not None and not 0 <= gateway_fee <= self.gross_amount:
            raise RuleViolation("A gateway fee is between 0 and the amount.",
                                code="invalid_fee", fields={"gateway_fee": [str(gateway_fee)]})
        event = self._move(S.SUCCEEDED, "succeeded", event_id, now, amount=self.gross_amount,
                           sources=UNSETTLED)
        self.processed_at = now
        if gateway_fee is not None:
            self.gateway_fee, self.net_amount = gateway_fee, self.gross_amount - gateway_fee
        return event

    def fail(self, *, event_id: str, now: datetime, code: str,
             message: str | None = None) -> PaymentEvent:
        event = self._move(S.FAILED, "failed", event_id, now, metadata={"code": code},
                           sources=UNSETTLED)
        self.failure_code = code[:FAILURE_CODE_MAX]
        self.failure_message = (message or "")[:FAILURE_MESSAGE_MAX] or None
        self.processed_at = now
        return event

    def cancel(self, *, event_id: str, now: datetime) -> PaymentEvent:
        return self._move(S.CANCELLED, "cancelled", event_id, now, sources=UNSETTLED)

    def refund(self, *, event_id: str, now: datetime, amount: int,
               gateway_refund_id: str | None = None) -> PaymentEvent:
        """Give back ``amount`` (at most what is left); what leaves nothing is REFUNDED."""
        if self.status not in PAID:
            raise self._refused(S.REFUNDED)
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise RuleViolation("A refund gives back a positive amount.",
                                code="invalid_amount", fields={"amount": ["A positive integer."]})
        if amount > self.refundable_amount:
            raise RuleViolation(
                f"At most {self.refundable_amount} is left to refund.",
                code="refund_exceeds_payment",
                fields={"amount": [f"At most {self.refundable_amount}."]})
        left = self.refundable_amount - amount
        target = S.PARTIALLY_REFUNDED if left else S.REFUNDED
        event = self._move(target, "refunded" if not left else "partially_refunded", event_id,
                           now, amount=amount, sources=PAID,
                           metadata={"gateway_refund_id": gateway_refund_id}
                           if gateway_refund_id else None)
        self.refunded_amount += amount
        self.refunded_at = now
        return event

    def open_dispute(self, *, event_id: str, now: datetime,
                     reason: str | None = None) -> PaymentEvent:
        event = self._move(S.DISPUTED, "dispute_opened", event_id, now,
                           amount=self.refundable_amount, sources=PAID,
                           metadata={"reason": reason} if reason else None)
        self.disputed_at = now
        return event

    def win_dispute(self, *, event_id: str, now: datetime) -> PaymentEvent:
        """The money stays: back to where it was before the dispute."""
        target = S.PARTIALLY_REFUNDED if self.refunded_amount else S.SUCCEEDED
        return self._move(target, "dispute_won", event_id, now, sources={S.DISPUTED})

    def lose_dispute(self, *, event_id: str, now: datetime) -> PaymentEvent:
        """A chargeback: what was left of the payment goes back to the payer."""
        return self._move(S.CHARGEBACK_LOST, "dispute_lost", event_id, now,
                          amount=self.refundable_amount, sources={S.DISPUTED})

    # -- helpers ------------------------------------------------------------------------------
    def _refused(self, target: PaymentStatus) -> InvalidTransition:
        return InvalidTransition(f"A {self.status} payment cannot become {target}.",
                                 code=f"payment_{self.status.lower()}",
                                 fields={"status": [self.status.value]})

    def _move(self, target: PaymentStatus, event_type: str, event_id: str, now: datetime, *,
              sources: Collection[PaymentStatus], amount: int | None = None,
              metadata: dict | None = None) -> PaymentEvent:
        if self.status not in sources or target not in TRANSITIONS[self.status]:
            raise self._refused(target)
        previous, self.status, self.updated_at = self.status, target, now
        return self._event(event_id, event_type, previous, now, amount=amount,
                           metadata=metadata)

    def _event(self, event_id: str, event_type: str, previous: PaymentStatus | None,
               now: datetime, *, amount: int | None = None,
               metadata: dict | None = None) -> PaymentEvent:
        self.event_count += 1
        return PaymentEvent(id=event_id, payment_id=self.id, sequence=self.event_count,
                            event_type=event_type,
                            previous_status=previous, new_status=self.status, amount=amount,
                            metadata=metadata or {}, created_at=now)
