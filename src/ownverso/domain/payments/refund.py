"""A refund of a payment, made by its author or an administrator: a first-class record with
its own status, so a refund that the gateway has not confirmed yet is visible and retried.

    (new) --request--> PENDING --succeeded--> SUCCEEDED
                       PENDING --failed-----> FAILED

``sequence`` numbers a payment's refunds 1, 2 ... and names the gateway call
(``refund:payment:{payment_id}:{sequence}``): retrying the same refund reuses its key, so the
money goes back once. A PENDING refund is either in flight (the gateway was just called, or
answered "pending" and a webhook will settle it) or retryable: the gateway did not answer
(``failure_code`` set) or the attempt is older than ``STALE_AFTER`` (the process died).
Amounts are integers in the smallest currency unit.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.payments.payment import PAID, Payment

REASON_MAX = 500
STALE_AFTER = timedelta(minutes=10)


class PaymentRefundStatus(StrEnum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


R = PaymentRefundStatus


@dataclass(eq=False, kw_only=True)
class PaymentRefund(Entity):
    payment_id: str
    sequence: int  # 1, 2 ... per payment (unique in storage)
    amount: int
    currency: str
    reason: str
    status: PaymentRefundStatus = PaymentRefundStatus.PENDING
    gateway_refund_id: str | None = None
    failure_code: str | None = None  # why the last attempt did not settle it
    coins_shortfall: int = 0  # coins bought that the wallet no longer held to take back
    requested_by: str | None  # None: made at the gateway (its dashboard), not through us
    attempted_at: datetime  # the last call to the gateway
    created_at: datetime
    completed_at: datetime | None = None

    @classmethod
    def request(cls, *, id: str, payment: Payment, amount: int | None, reason: str,
                requested_by: str | None, now: datetime,
                earlier: Iterable["PaymentRefund"]) -> "PaymentRefund":
        """A PENDING refund of ``amount`` (default: all that is left) of a paid payment.
        409 refund_in_progress (one is PENDING), payment_<status>, nothing_to_refund; 422
        reason_required, invalid_amount, refund_exceeds_payment."""
        earlier = list(earlier)
        reason = (reason or "").strip()
        if not reason or len(reason) > REASON_MAX:
            raise RuleViolation("Give a reason of up to 500 characters.",
                                code="reason_required", fields={"reason": ["1 to 500 characters."]})
        if any(r.status == R.PENDING for r in earlier):
            raise InvalidTransition("A refund of this payment is in progress.",
                                    code="refund_in_progress",
                                    fields={"payment_id": ["A refund is pending."]})
        if payment.status not in PAID:
            code = "nothing_to_refund" if not payment.refundable_amount \
                else f"payment_{payment.status.lower()}"
            raise InvalidTransition(f"A {payment.status} payment cannot be refunded.",
                                    code=code, fields={"status": [payment.status.value]})
        left = payment.refundable_amount
        if amount is None:
            amount = left
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise RuleViolation("A refund gives back a positive amount.",
                                code="invalid_amount", fields={"amount": ["A positive integer."]})
        if amount > left:
            raise RuleViolation(f"At most {left} is left to refund.",
                                code="refund_exceeds_payment",
                                fields={"amount": [f"At most {left}."]})
        return cls(id=id, payment_id=payment.id,
                   sequence=max((r.sequence for r in earlier), default=0) + 1, amount=amount,
                   currency=payment.currency, reason=reason, requested_by=requested_by,
                   attempted_at=now, created_at=now)

    @property
    def idempotency_key(self) -> str:
        return f"refund:payment:{self.payment_id}:{self.sequence}"

    def retryable(self, now: datetime) -> bool:
        """PENDING and not in flight: the gateway never answered it."""
        return (self.status == R.PENDING and self.gateway_refund_id is None
                and (self.failure_code is not None or now - self.attempted_at >= STALE_AFTER))

    def retry(self, *, now: datetime) -> None:
        """Call the gateway again, with the same key."""
        if not self.retryable(now):
            raise InvalidTransition("A refund of this payment is in progress.",
                                    code="refund_in_progress",
                                    fields={"payment_id": ["A refund is pending."]})
        self.failure_code, self.attempted_at = None, now

    def unanswered(self, *, code: str) -> None:
        """The gateway did not answer: still PENDING, retryable with the same key."""
        self._require_pending()
        self.failure_code = code

    def awaiting(self, *, gateway_refund_id: str | None) -> None:
        """The gateway accepted it but has not settled it yet (without its id, it is asked
        again with the same key once stale)."""
        self._require_pending()
        self.gateway_refund_id, self.failure_code = gateway_refund_id, None

    def succeed(self, *, gateway_refund_id: str | None, now: datetime,
                coins_shortfall: int = 0) -> None:
        self._require_pending()
        self.status, self.completed_at, self.failure_code = R.SUCCEEDED, now, None
        self.gateway_refund_id = gateway_refund_id or self.gateway_refund_id
        self.coins_shortfall = coins_shortfall

    def fail(self, *, code: str, now: datetime) -> None:
        self._require_pending()
        self.status, self.failure_code, self.completed_at = R.FAILED, code[:64], now

    def _require_pending(self) -> None:
        if self.status != R.PENDING:
            raise InvalidTransition(f"This refund is already {self.status}.",
                                    code=f"refund_{self.status.lower()}",
                                    fields={"status": [self.status.value]})
