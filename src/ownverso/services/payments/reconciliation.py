"""Reconciliation: compare what the gateways hold with our state and repair the gaps a lost
webhook leaves (Xendit does not retry a callback that timed out; any delivery can be lost).

Each run walks our own unfinished objects and asks their gateway how they stand now:

- checkout sessions still OPEN a while after the reader was sent to pay (``settle_after``)
  and no older than ``window``: ``CheckoutService.confirm`` fulfils a paid one once or closes
  an expired one;
- refunds still PENDING at the gateway (one we have an id for): ``get_refund`` and
  ``complete_refund`` settle them;
- refunds whose gateway answer was lost (no gateway id, the attempt stale or failed to get
  through) and younger than ``key_lifetime``: asked again with the same idempotency key, so
  the gateway answers the refund it already made or makes it once. An older one is left to
  its author: a gateway forgets idempotency keys (Stripe after 24 hours), and a retry then
  could give the money back twice;
- subscriptions a gateway bills whose period ended with no word from it: read back from
  the gateway (``GatewayRenewals.catch_up``); those that ended here (a refund, a
  chargeback): cancelled at the gateway (``GatewayRenewals.stop_ended``).

Everything goes through the same state-based entry points as webhooks, so a second run (or a
webhook arriving meanwhile) changes nothing. A gateway that does not answer is counted and
left for the next run.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from ownverso.domain.checkout.session import CheckoutStatus
from ownverso.domain.payments.refund import PaymentRefundStatus
from ownverso.services.checkout.sessions import CheckoutService
from ownverso.services.errors import Conflict, Unavailable
from ownverso.services.memberships.gateway_renewals import GatewayRenewals
from ownverso.services.payments.gateway_router import GatewayRouter
from ownverso.services.payments.refunds import PaymentRefundService
from ownverso.services.ports import Clock, UnitOfWork
from ownverso.services.ports.payments import GatewayUnavailable

log = logging.getLogger("ownverso.reconciliation")
BATCH = 200


@dataclass
class ReconciliationRun:
    """Ids by what happened to them in one run."""

    fulfilled: list[str] = field(default_factory=list)  # checkout sessions
    closed: list[str] = field(default_factory=list)
    refunds_settled: list[str] = field(default_factory=list)
    subscriptions_followed: list[str] = field(default_factory=list)
    subscriptions_stopped: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)  # asked again next run

    def counts(self) -> dict[str, int]:
        return {name: len(ids) for name, ids in vars(self).items()}


class Reconciliation:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, gateways: GatewayRouter,
                 checkout: CheckoutService, refunds: PaymentRefundService,
                 settle_after: timedelta = timedelta(minutes=10),
                 window: timedelta = timedelta(days=3),
                 key_lifetime: timedelta = timedelta(hours=24),
                 renewals: GatewayRenewals | None = None):
        self.uow, self.clock, self.gateways = uow, clock, gateways
        self.checkout, self.refunds, self.renewals = checkout, refunds, renewals
        self.settle_after, self.window, self.key_lifetime = settle_after, window, key_lifetime

    def run(self) -> ReconciliationRun:
        run = ReconciliationRun()
        self._checkouts(run)
        self._refunds(run)
        self._unanswered_refunds(run)
        if self.renewals is not None:
            followed, unanswered = self.renewals.catch_up(settle_after=self.settle_after)
            run.subscriptions_followed.extend(followed)
            run.unanswered.extend(unanswered)
            stopped, unanswered = self.renewals.stop_ended()
            run.subscriptions_stopped.extend(stopped)
            run.unanswered.extend(unanswered)
        if any(run.counts().values()):
            log.info("reconciled with the gateways", extra=run.counts())
        return run

    def _checkouts(self, run: ReconciliationRun) -> None:
        now = self.clock.now()
        with self.uow() as uow:
            sessions = uow.checkout_sessions.list(
                status=CheckoutStatus.OPEN.value, gateway_checkout_id__isnull=False,
                created_at__gte=now - self.window, created_at__lte=now - self.settle_after,
                order_by=("created_at", "id"), limit=BATCH)
        for session in sessions:
            assert session.gateway_checkout_id is not None
            try:
                after = self.checkout.confirm(session.gateway_checkout_id)
            except (GatewayUnavailable, LookupError):
                run.unanswered.append(session.id)
                continue
            if after.status == CheckoutStatus.COMPLETE:
                run.fulfilled.append(session.id)
            elif not after.is_open:
                run.closed.append(session.id)

    def _refunds(self, run: ReconciliationRun) -> None:
        with self.uow() as uow:
            pending = uow.payment_refunds.list(status=PaymentRefundStatus.PENDING.value,
                                               gateway_refund_id__isnull=False,
                                               order_by=("created_at", "id"), limit=BATCH)
            payments = {p.id: p for p in uow.payments.list(
                id__in=sorted({r.payment_id for r in pending}))} if pending else {}
        for refund in pending:
            payment = payments.get(refund.payment_id)
            assert refund.gateway_refund_id is not None and payment is not None
            try:
                answer = self.gateways.named(payment.gateway, payment.author_id) \
                    .get_refund(refund.gateway_refund_id)
            except (GatewayUnavailable, LookupError):
                run.unanswered.append(refund.id)
                continue
            if answer.status == "pending":
                continue
            self.refunds.complete_refund(refund_id=refund.id, gateway_status=answer.status,
                                         gateway_refund_id=answer.id)
            run.refunds_settled.append(refund.id)

    def _unanswered_refunds(self, run: ReconciliationRun) -> None:
        now = self.clock.now()
        with self.uow() as uow:
            lost = [r for r in uow.payment_refunds.list(
                status=PaymentRefundStatus.PENDING.value, gateway_refund_id__isnull=True,
                created_at__gte=now - self.key_lifetime, order_by=("created_at", "id"),
                limit=BATCH) if r.retryable(now)]
        for refund in lost:
            try:
                done = self.refunds.retry_unanswered(refund_id=refund.id)
            except Unavailable:
                run.unanswered.append(refund.id)
                continue
            except Conflict as refused:  # the refund is FAILED now, with the reason
                log.warning("a lost refund was refused", extra={"refund": refund.id,
                                                                "error": refused.code})
                run.refunds_settled.append(refund.id)
                continue
            if done is not None and done.status != PaymentRefundStatus.PENDING:
                run.refunds_settled.append(refund.id)
