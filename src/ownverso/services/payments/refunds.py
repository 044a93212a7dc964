"""Refunding a payment: its author (a payment they received) or an administrator gives back
all or part of it through the gateway, and what the payment bought is taken back once all of
its money went back.

Executing is state-based, like refund requests. Under the payment's row lock a PENDING
``PaymentRefund`` is written and committed: concurrent refunds queue on that row and find it
(409 ``refund_in_progress``) or nothing left (409 ``nothing_to_refund``). Then, with no
transaction held, the gateway refunds the payment's checkout with the key
``refund:payment:{payment_id}:{sequence}``. A refund the gateway did not answer (503
``gateway_unavailable``) stays PENDING and the next request retries that same refund with the
same key, so money goes back once. A refused or failed one is FAILED (409). A "pending"
answer waits for ``complete_refund`` (the gateway's webhook or a reconciliation).

``complete_refund`` with "succeeded", in one unit of work under the purchase's (if any), the
payment's and the refund's row locks: the payment gives the amount back (PARTIALLY_REFUNDED
or REFUNDED, with its event) and, when nothing is left of it, ``revoke_payment`` takes back
what it bought (see ``services.payments.revocation``). A partial refund takes nothing back.
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.access.inputs import EntitlementState
from ownverso.domain.payments.payment import Payment, PaymentStatus
from ownverso.domain.payments.refund import PaymentRefund, PaymentRefundStatus
from ownverso.services.commerce.refunds import PurchaseRevoker
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, NotFound, Unavailable, domain_rules
from ownverso.services.payments.gateway_router import GatewayRouter
from ownverso.services.payments.payments import payment_not_found
from ownverso.services.payments.revocation import revoke_payment
from ownverso.services.ports import Clock, IdGenerator, UnitOfWork

log = logging.getLogger("ownverso.payment_refunds")

REVOKE_REASON = "refunded"
GATEWAY_STATUSES = ("succeeded", "pending", "failed")
OLDEST = ("sequence",)
GATEWAY_REFUND_REASON = "Refunded at the payment gateway"


@dataclass(frozen=True)
class RefundStatus:
    payment: Payment
    refunds: list[PaymentRefund]  # oldest first


def refund_not_found() -> NotFound:
    return NotFound("No such refund.", code="refund_not_found")


def managed_payment(uow: UnitOfWork, actor: Actor, payment_id: str, *,
                    lock: bool = False) -> Payment:
    """A payment the actor received, or any for an administrator; others' are 404."""
    payment = uow.payments.get_by(id=payment_id, for_update=lock) if payment_id else None
    if payment is None or not (actor.is_admin or payment.author_id == actor.user_id):
        raise payment_not_found()
    return payment


class PaymentRefundService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 gateways: GatewayRouter, revokers: Sequence[PurchaseRevoker] = ()):
        self.uow, self.clock, self.ids, self.gateways = uow, clock, ids, gateways
        self.revokers = list(revokers)

    def refund(self, *, actor: Actor, payment_id: str, reason: str,
               amount: int | None = None) -> PaymentRefund:
        """Give back ``amount`` (default: the rest) of a payment. A PENDING refund the gateway
        never answered is retried first, as it was asked. 404 payment_not_found; 409
        refund_in_progress, nothing_to_refund, payment_<status>, refund_refused,
        refund_failed; 422 reason_required, invalid_amount, refund_exceeds_payment; 503
        gateway_unavailable."""
        now = self.clock.now()
        with self.uow() as uow:
            payment = managed_payment(uow, actor, payment_id, lock=True)
            earlier = uow.payment_refunds.list(payment_id=payment.id)
            refund = next((r for r in earlier if r.retryable(now)), None)
            with domain_rules():
                if refund is not None:
                    refund.retry(now=now)
                else:
                    refund = PaymentRefund.request(
                        id=self.ids.new_id("prf"), payment=payment, amount=amount,
                        reason=reason, requested_by=actor.user_id, now=now, earlier=earlier)
                    uow.payment_refunds.add(refund)
            uow.commit()
        return self._send(refund, payment)

    def retry_unanswered(self, *, refund_id: str) -> PaymentRefund | None:
        """Ask the gateway again, with the same idempotency key, for a refund whose answer was
        lost (reconciliation): the gateway answers the refund it made, or makes it once.
        None when the refund is not waiting for that (settled, in flight or answered)."""
        now = self.clock.now()
        with self.uow() as uow:
            found = uow.payment_refunds.get(refund_id) if refund_id else None
            if found is None:
                raise refund_not_found()
            payment = uow.payments.get_by(id=found.payment_id, for_update=True)
            refund = uow.payment_refunds.get_by(id=refund_id, for_update=True)
            if payment is None or not refund.retryable(now):
                return None
            refund.retry(now=now)
            uow.commit()
        return self._send(refund, payment)

    def _send(self, refund: PaymentRefund, payment: Payment) -> PaymentRefund:
        """The gateway call for a PENDING refund, and its answer applied. 409 refund_refused,
        refund_failed; 503 gateway_unavailable (the refund stays retryable)."""
        try:
            gateway = self.gateways.named(payment.gateway, payment.author_id)
            if payment.checkout_session_id is not None:
                answer = gateway.refund(checkout_id=payment.gateway_payment_id,
                                        amount=refund.amount,
                                        idempotency_key=refund.idempotency_key)
            else:  # a renewal or an upgrade's difference, charged off-session
                answer = gateway.refund_charge(charge_id=payment.gateway_payment_id,
                                               amount=refund.amount,
                                               idempotency_key=refund.idempotency_key)
        except (LookupError, ValueError) as error:
            log.warning("the gateway refused a refund", extra={"refund": refund.id,
                                                               "error": str(error)})
            self._fail(refund.id, "refund_refused")
            raise Conflict("The payment gateway refused the refund.", code="refund_refused",
                           fields={"payment_id": [str(error)]}) from None
        except Exception:
            log.exception("the gateway did not refund", extra={"refund": refund.id})
            self._unanswered(refund.id)
            raise Unavailable("The payment gateway is not answering; try again.",
                              code="gateway_unavailable") from None
        done = self.complete_refund(refund_id=refund.id, gateway_status=answer.status,
                                    gateway_refund_id=answer.id)
        if done.status == PaymentRefundStatus.FAILED:
            raise Conflict("The payment gateway could not make the refund.",
                           code="refund_failed", fields={"payment_id": [answer.status]})
        return done

    def complete_refund(self, *, refund_id: str, gateway_status: str,
                        gateway_refund_id: str | None = None) -> PaymentRefund:
        """Apply the gateway's answer for a refund ("succeeded", "pending" or "failed"):
        the entry point of its webhooks and reconciliation. A settled refund is returned as
        it is (a redelivered answer changes nothing)."""
        if gateway_status not in GATEWAY_STATUSES:
            raise ValueError(f"unknown gateway refund status {gateway_status!r}")
        now = self.clock.now()
        with self.uow() as uow:
            found = uow.payment_refunds.get(refund_id) if refund_id else None
            paid = uow.payments.get(found.payment_id) if found else None
            if found is None or paid is None:
                raise refund_not_found()
            if paid.purchase_id:  # the refund requests' lock order: purchase, then payment
                uow.purchases.get_by(id=paid.purchase_id, for_update=True)
            payment = uow.payments.get_by(id=found.payment_id, for_update=True)
            refund = uow.payment_refunds.get_by(id=refund_id, for_update=True)
            if refund.status != PaymentRefundStatus.PENDING:
                return refund
            with domain_rules():
                if gateway_status == "pending":
                    refund.awaiting(gateway_refund_id=gateway_refund_id)
                elif gateway_status == "failed":
                    refund.fail(code="refund_failed", now=now)
                else:
                    self._apply(uow, payment, refund, gateway_refund_id, now)
            uow.commit()
            log.info("payment refund settled", extra={"refund": refund.id,
                                                      "status": gateway_status})
            return refund

    def record_gateway_refund(self, *, payment_id: str, gateway_refund_id: str,
                              amount: int) -> PaymentRefund:
        """A refund made at the gateway (in its dashboard), not through Ownverso: recorded
        once by its gateway id and applied as ours are (what the payment bought is taken back
        when nothing is left of it). 409 refund_in_progress while a refund of ours waits for
        the gateway's answer (it may be this one: the event is retried until that answer has
        named it); 422 refund_exceeds_payment when the gateway gave back more than is left."""
        now = self.clock.now()
        with self.uow() as uow:
            found = uow.payments.get(payment_id) if payment_id else None
            if found is None:
                raise payment_not_found()
            if found.purchase_id:  # the lock order of complete_refund
                uow.purchases.get_by(id=found.purchase_id, for_update=True)
            payment = uow.payments.get_by(id=payment_id, for_update=True)
            known = uow.payment_refunds.get_by(gateway_refund_id=gateway_refund_id)
            if known is not None:
                return known
            with domain_rules():
                refund = PaymentRefund.request(
                    id=self.ids.new_id("prf"), payment=payment, amount=amount,
                    reason=GATEWAY_REFUND_REASON, requested_by=None, now=now,
                    earlier=uow.payment_refunds.list(payment_id=payment.id))
                uow.payment_refunds.add(refund)
                self._apply(uow, payment, refund, gateway_refund_id, now)
            uow.commit()
            log.info("a gateway refund recorded", extra={"refund": refund.id,
                                                         "payment": payment.id})
            return refund

    def status(self, *, actor: Actor, payment_id: str) -> RefundStatus:
        """The payment's refunds, oldest first, and what is left to refund; for its author,
        an administrator or the payer."""
        with self.uow() as uow:
            payment = uow.payments.get(payment_id) if payment_id else None
            if payment is None or not (actor.is_admin or actor.user_id in (
                    payment.author_id, payment.reader_id)):
                raise payment_not_found()
            return RefundStatus(payment=payment, refunds=uow.payment_refunds.list(
                payment_id=payment.id, order_by=OLDEST))

    # -- executing ------------------------------------------------------------------------------
    def _apply(self, uow: UnitOfWork, payment: Payment, refund: PaymentRefund,
               gateway_refund_id: str | None, now: datetime) -> None:
        uow.payment_events.add(payment.refund(
            event_id=self.ids.new_id("pev"), now=now, amount=refund.amount,
            gateway_refund_id=gateway_refund_id or refund.gateway_refund_id))
        shortfall = 0
        if payment.status == PaymentStatus.REFUNDED:
            shortfall = revoke_payment(uow, self.ids, payment, revokers=self.revokers,
                                       state=EntitlementState.REFUNDED, reason=REVOKE_REASON,
                                       actor_id=refund.requested_by, now=now)
        refund.succeed(gateway_refund_id=gateway_refund_id, now=now, coins_shortfall=shortfall)

    def _fail(self, refund_id: str, code: str) -> None:
        with self.uow() as uow:
            refund = uow.payment_refunds.get_by(id=refund_id, for_update=True)
            if refund is not None and refund.status == PaymentRefundStatus.PENDING:
                refund.fail(code=code, now=self.clock.now())
                uow.commit()

    def _unanswered(self, refund_id: str) -> None:
        with self.uow() as uow:
            refund = uow.payment_refunds.get_by(id=refund_id, for_update=True)
            if refund is not None and refund.status == PaymentRefundStatus.PENDING:
                refund.unanswered(code="gateway_unavailable")
                uow.commit()
