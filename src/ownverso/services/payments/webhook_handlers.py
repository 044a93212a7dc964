"""What a verified gateway event does, one handler per gateway.

The gateway's translator (``adapters/<gateway>_events.py``) reads the raw payload into a
``GatewayEvent``; the handler finds our object and moves it through the same state-based entry
points the rest of the app uses, so a duplicate, a late or an out-of-order event changes
nothing that is already true:

- a checkout completed or expired: ``CheckoutService.confirm`` re-reads the checkout at the
  gateway and fulfils it once or closes it;
- a refund: ``PaymentRefundService.complete_refund`` settles only a PENDING refund; one we
  did not make (the gateway's dashboard) is recorded once, when it succeeded;
- a dispute opened: ``open_dispute`` returns the one already open; closed: settled once (a
  closing event that arrives before the opening one opens it first);
- a gateway-billed subscription's lifecycle: ``follow_gateway`` (never resurrects an ended
  subscription, never moves a period end back, ignores a status older than the last one);
  a paid renewal is also our payment and invoice, once per gateway payment.

The platform's own account (``author_id`` None on the event) sells coin packages, whose
checkouts have no payee and go the same way, and authors' platform plans and usage-fee
invoices, whose checkouts ``platform_checkouts`` settle.

An event about an object that is not ours, or that belongs to another author than the one
whose webhook secret verified it, is IGNORED with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from ownverso.domain.memberships.gateway_sync import GatewaySubscriptionFact, follow_gateway
from ownverso.domain.memberships.invoice import InvoiceKind
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.payments.dispute import DisputeOutcome
from ownverso.domain.payments.payment import Payment
from ownverso.domain.payments.webhook_event import WebhookEvent
from ownverso.services.checkout.sessions import CheckoutService
from ownverso.services.commerce.refunds import PurchaseRevoker
from ownverso.services.memberships.subscription_support import record_invoice
from ownverso.services.payments.disputes import open_dispute, settle_dispute
from ownverso.services.payments.recording import known_payment, payee_of, record_charge
from ownverso.services.payments.refunds import PaymentRefundService
from ownverso.services.ports import IdGenerator, UnitOfWork
from ownverso.services.ports.payments import Charge, GatewayEvent, GatewayEventKind
from ownverso.services.ports.webhooks import GatewayEventTranslator, WebhookIgnored

K = GatewayEventKind
SUBSCRIPTION_FACTS = {K.SUBSCRIPTION_UPDATED: "subscription", K.INVOICE_PAID: "invoice_paid",
                      K.INVOICE_FAILED: "invoice_failed"}


class GatewayEventHandler:
    def __init__(self, *, translator: GatewayEventTranslator, ids: IdGenerator,
                 checkout: CheckoutService, refunds: PaymentRefundService,
                 revokers: Sequence[PurchaseRevoker] = (),
                 platform_checkouts: Sequence[Callable[[str], bool]] = ()):
        self.translator, self.ids = translator, ids
        self.checkout, self.refunds, self.revokers = checkout, refunds, list(revokers)
        self.platform_checkouts = list(platform_checkouts)
        self.gateway, self.event_types = translator.gateway, translator.event_types

    def handle(self, uow: UnitOfWork, event: WebhookEvent, data: Mapping[str, Any], *,
               now: datetime) -> None:
        fact = self.translator.translate(data)
        if fact is None:
            raise WebhookIgnored(f"{event.event_type} events change nothing here.")
        if fact.kind in (K.CHECKOUT_COMPLETED, K.CHECKOUT_EXPIRED):
            self._checkout(uow, event, fact)
        elif fact.kind == K.REFUND_UPDATED:
            self._refund(uow, event, fact)
        elif fact.kind in (K.DISPUTE_OPENED, K.DISPUTE_CLOSED):
            self._dispute(uow, event, fact, now)
        else:
            self._subscription(uow, event, fact, now)

    # -- checkouts ------------------------------------------------------------------------
    def _checkout(self, uow: UnitOfWork, event: WebhookEvent, fact: GatewayEvent) -> None:
        checkout_id = fact.checkout_id or fact.object_id
        session = uow.checkout_sessions.get_by(gateway_checkout_id=checkout_id)
        if session is None and event.author_id is None and any(
                settle(checkout_id) for settle in self.platform_checkouts):
            return  # an author's checkout for a platform plan or invoice, settled
        if session is None or session.gateway != self.gateway \
                or payee_of(uow, session) != event.author_id:
            raise WebhookIgnored(f"No checkout {checkout_id} of this author's.")
        self.checkout.confirm(checkout_id)  # re-reads the gateway; its own transactions

    # -- refunds --------------------------------------------------------------------------
    def _refund(self, uow: UnitOfWork, event: WebhookEvent, fact: GatewayEvent) -> None:
        if fact.status not in ("succeeded", "pending", "failed"):
            raise ValueError(f"unknown refund status {fact.status!r}")
        refund = uow.payment_refunds.get_by(gateway_refund_id=fact.object_id)
        payment = uow.payments.get(refund.payment_id) if refund else self._payment(uow, fact)
        if payment is None or not self._ours(payment, event):
            raise WebhookIgnored(f"No refund {fact.object_id} of this author's.")
        if refund is None:
            self._refunded_at_gateway(payment, fact)
            return
        self.refunds.complete_refund(refund_id=refund.id, gateway_status=fact.status,
                                     gateway_refund_id=fact.object_id)

    def _refunded_at_gateway(self, payment: Payment, fact: GatewayEvent) -> None:
        """A refund we did not ask for (made in the gateway's dashboard), recorded once it
        succeeded; while one of ours waits for its answer, this may be it, and
        ``record_gateway_refund`` refuses (the event is retried until the answer is in)."""
        if fact.status != "succeeded":
            raise WebhookIgnored(f"Refund {fact.object_id} is {fact.status}; recorded once "
                                 "it succeeds.")
        if fact.amount is None:
            raise ValueError(f"refund {fact.object_id} without its amount")
        self.refunds.record_gateway_refund(payment_id=payment.id, amount=fact.amount,
                                           gateway_refund_id=fact.object_id)

    # -- disputes -------------------------------------------------------------------------
    def _dispute(self, uow: UnitOfWork, event: WebhookEvent, fact: GatewayEvent,
                 now: datetime) -> None:
        payment = self._payment(uow, fact)
        if payment is None or not self._ours(payment, event):
            raise WebhookIgnored(f"No payment {fact.payment_ref} of this author's.")
        dispute = open_dispute(uow, self.ids, payment_id=payment.id, reason=fact.reason,
                               amount=fact.amount, evidence_due_by=None, now=now)
        if fact.kind == K.DISPUTE_CLOSED and dispute.is_open:
            outcome = DisputeOutcome.LOST if fact.status == "lost" else DisputeOutcome.WON
            settle_dispute(uow, self.ids, payment_id=payment.id, outcome=outcome, by=None,
                           revokers=self.revokers, now=now)

    def _payment(self, uow: UnitOfWork, fact: GatewayEvent) -> Payment | None:
        if fact.payment_ref:
            found = uow.payments.get_by(gateway=self.gateway,
                                        gateway_payment_ref=fact.payment_ref)
            if found is not None:
                return found
        ref = fact.checkout_id or fact.payment_ref
        return known_payment(uow, self.gateway, ref) if ref else None

    # -- gateway-billed subscriptions -----------------------------------------------------
    def _subscription(self, uow: UnitOfWork, event: WebhookEvent, fact: GatewayEvent,
                      now: datetime) -> None:
        ref = fact.subscription_ref or fact.object_id
        sub = uow.reader_subscriptions.get_by(gateway_subscription_id=ref, for_update=True)
        site = uow.sites.get(sub.site_id) if sub else None
        if sub is None or site is None or site.author_id != event.author_id:
            raise WebhookIgnored(f"No subscription {ref} of this author's.")
        occurred = fact.occurred_at or event.received_at
        # Ownverso hands a subscription to the gateway only once it is paid and out of any
        # trial, with the period already paid as the gateway's trial (Stripe's trial_end):
        # the gateway's "trialing" is that paid period, not a trial of ours
        status = "active" if fact.status == "trialing" else fact.status
        follow_gateway(sub, GatewaySubscriptionFact(
            kind=SUBSCRIPTION_FACTS[fact.kind], status=status,
            period_end=fact.period_end, occurred_at=occurred), now=now)
        if fact.kind == K.INVOICE_PAID and fact.amount:
            self._renewal_paid(uow, sub, fact, now)

    def _renewal_paid(self, uow: UnitOfWork, sub: Subscription, fact: GatewayEvent,
                      now: datetime) -> None:
        """The gateway's renewal as our payment and invoice (once per gateway payment, so a
        redelivery adds nothing); a downgrade scheduled for this period takes effect."""
        ref = fact.payment_ref or fact.object_id
        if known_payment(uow, self.gateway, ref) is not None:
            return
        sub.apply_due_downgrade(now)
        assert fact.amount is not None
        charge = Charge(id=ref, amount=fact.amount, currency=fact.currency or sub.currency,
                        status="succeeded")
        record_invoice(uow, self.ids, sub, kind=InvoiceKind.RENEWAL, amount=fact.amount,
                       now=now, reference=ref)
        record_charge(uow, self.ids, sub, charge, gateway=self.gateway,
                      description="Subscription renewal", now=now)

    @staticmethod
    def _ours(payment: Payment, event: WebhookEvent) -> bool:
        return payment.author_id == event.author_id
