"""An author paying a platform usage-fee invoice online, through a hosted checkout on the
platform's own gateway account (the sandbox where none is configured).

``pay`` opens a checkout for the invoice's total (or answers the one still open; a paid one is
settled instead), each new one with its own idempotency key (``platform-invoice:{id}:{n}``),
so a retried request opens one. The checkout is settled, once, by whichever comes first: the
platform account's webhook (``settle_gateway_checkout``), the author reading the invoice
(``settle``) or paying again. A paid checkout for the exact total marks the invoice PAID with
the gateway's payment as its reference; an expired one is forgotten.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from ownverso.domain.billing.platform_invoice import PlatformInvoice, PlatformInvoiceStatus
from ownverso.services.billing.platform_invoices import invoice_not_found
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, Unavailable, domain_rules
from ownverso.services.ports import Clock, PaymentGateway, UnitOfWork
from ownverso.services.ports.payments import GatewayUnavailable

log = logging.getLogger("ownverso.billing")


@dataclass(frozen=True)
class InvoicePayment:
    invoice: PlatformInvoice
    checkout_url: str | None  # where to pay; None once paid


def platform_gateway_missing() -> Conflict:
    return Conflict("Online payment is not configured on this platform.",
                    code="platform_gateway_not_configured")


class PlatformInvoicePayment:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock,
                 payments: PaymentGateway | None, public_url: str):
        self.uow, self.clock, self.payments = uow, clock, payments
        self.public_url = public_url.rstrip("/")

    def pay(self, *, actor: Actor, invoice_id: str) -> InvoicePayment:
        """Where to pay my PENDING invoice (404 invoice_not_found; 409 invoice_already_paid,
        invoice_void, platform_gateway_not_configured; 503 gateway_unavailable)."""
        self.settle(invoice_id)
        with self.uow() as uow:
            invoice = uow.platform_invoices.get_by(id=invoice_id, for_update=True) \
                if invoice_id else None
            if invoice is None or invoice.author_id != actor.user_id:
                raise invoice_not_found()
            with domain_rules():
                invoice.require_payable()
            if invoice.gateway_checkout_id and invoice.checkout_url:
                return InvoicePayment(invoice=invoice, checkout_url=invoice.checkout_url)
            gateway = self._gateway()
            try:
                checkout = gateway.create_checkout(
                    amount=invoice.total_amount, currency=invoice.currency,
                    description=f"Ownverso invoice {invoice.number}",
                    metadata={"platform_invoice_id": invoice.id,
                              "customer_ref": invoice.author_id},
                    success_url=f"{self.public_url}/billing/platform-invoices/{invoice.id}",
                    cancel_url=f"{self.public_url}/billing/platform-invoices/{invoice.id}",
                    idempotency_key=f"platform-invoice:{invoice.id}:"
                                    f"{invoice.checkout_attempts}")
            except GatewayUnavailable:
                raise Unavailable("The payment gateway is not answering; try again.",
                                  code="gateway_unavailable") from None
            invoice.open_checkout(checkout_id=checkout.id, url=checkout.url,
                                  now=self.clock.now())
            uow.commit()
            return InvoicePayment(invoice=invoice, checkout_url=checkout.url)

    def settle(self, invoice_id: str) -> None:
        """Bring an invoice's open checkout in line with the gateway: paid -> PAID (once),
        expired -> forgotten, open or unanswered -> as it is."""
        with self.uow() as uow:
            invoice = uow.platform_invoices.get_by(id=invoice_id, for_update=True) \
                if invoice_id else None
            if invoice is None or invoice.gateway_checkout_id is None \
                    or invoice.status != PlatformInvoiceStatus.PENDING or self.payments is None:
                return
            try:
                checkout = self.payments.get_checkout(invoice.gateway_checkout_id)
            except LookupError:
                checkout = None
            except GatewayUnavailable:
                return
            now = self.clock.now()
            outcome = checkout.outcome(invoice.total_amount, invoice.currency) \
                if checkout else "expired"
            if outcome == "paid":
                assert checkout is not None
                invoice.mark_paid(now=now, payment_method=self.payments.name,
                                  payment_reference=checkout.payment_ref or checkout.id)
            elif outcome != "open":
                if outcome == "amount_mismatch":
                    log.warning("a platform invoice checkout paid another amount",
                                extra={"invoice": invoice.id})
                invoice.checkout_closed(now)
            uow.commit()

    def settle_gateway_checkout(self, gateway_checkout_id: str) -> bool:
        """The platform account's webhook about a checkout: settled here when it pays a
        platform invoice (False: it is not one of these checkouts)."""
        with self.uow() as uow:
            invoice = uow.platform_invoices.get_by(gateway_checkout_id=gateway_checkout_id)
        if invoice is None:
            return False
        self.settle(invoice.id)
        return True

    def _gateway(self) -> PaymentGateway:
        if self.payments is None:
            raise platform_gateway_missing()
        return self.payments
