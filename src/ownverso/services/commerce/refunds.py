"""Refund requests: a reader asks for their purchase back, the site's team (monetization.manage)
or an administrator approves or declines, and an approval gives the money back at the gateway
and takes back what the purchase bought.

Executing a refund is state-based, like ``CheckoutService``. The approval moves the request
OPEN -> APPROVED under its row lock and commits: a double click or ten concurrent approvals
queue on that row and only the first finds it OPEN (the rest are 409
``refund_request_approved``). Then, with no transaction held, the gateway refunds the paid
checkout with the idempotency key ``refund:purchase:{purchase_id}`` (a retried approval after a
lost answer is given the same refund, so money goes back once). Last, under the purchase's
row lock (then the request's): the purchase becomes REFUNDED, its chapter entitlement ends
REFUNDED (the paywall stops counting it), every ``PurchaseRevoker`` runs (license keys plug in
here), the request becomes REFUNDED and the reader is emailed. A refused or unanswered refund
puts the request back OPEN with its ``failure_code``.

Downloads stop by themselves: only a SUCCEEDED purchase downloads. A unit of a limited product
stays sold (``sold_count`` is not given back): the refund returns the money, not the stock.
Referral qualification from the purchase's revenue is not reversed (the referrals module has
no reversal yet).

If the process dies between committing APPROVED and recording the gateway's answer, the
request stays APPROVED; reconciling those with the gateway belongs with its webhooks.
"""

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from ownverso.domain.access.inputs import EntitlementState
from ownverso.domain.commerce.purchase import Purchase, PurchaseStatus
from ownverso.domain.commerce.refund_request import (
    RefundReason,
    RefundRequest,
    RefundRequestStatus,
)
from ownverso.domain.money import money_text
from ownverso.domain.sites.permissions import Permission
from ownverso.services.commerce.product_access import require_admin
from ownverso.services.commerce.purchases import NEWEST, purchase_not_found
from ownverso.services.context import Actor
from ownverso.services.emails import SEND_EMAIL_JOB, EmailSender
from ownverso.services.errors import Conflict, NotFound, Unavailable, domain_rules
from ownverso.services.payments.gateway_router import GatewayRouter
from ownverso.services.payments.recording import payee_of, record_refund
from ownverso.services.payments.revocation import revoke_purchase
from ownverso.services.ports import (
    Clock,
    IdGenerator,
    IntegrityConflict,
    UnitOfWork,
)
from ownverso.services.ports.payments import Refund
from ownverso.services.sites.access import require

log = logging.getLogger("ownverso.refunds")

REVOKE_REASON = "refunded"
EMAILS = {
    "refund_approved": (
        "Your refund for {item} was approved",
        "Hi {name},\n\nYour purchase of {item} was refunded: {amount} goes back to your "
        "payment method. It is no longer in your library.",
    ),
    "refund_declined": (
        "Your refund request for {item} was declined",
        "Hi {name},\n\nYour request to refund {item} was declined.\n\n{note}"
        "You keep the purchase.",
    ),
}


class PurchaseRevoker(Protocol):
    """Takes back something a refunded purchase granted (license keys ...), inside the
    refund's unit of work. A module exposing this function is one."""

    def revoke_for_purchase(self, uow: UnitOfWork, purchase_id: str, *, reason: str,
                            actor_id: str | None, now: datetime) -> None: ...


def refund_request_not_found() -> NotFound:
    return NotFound("No such refund request.", code="refund_request_not_found")


def refund_key(purchase_id: str) -> str:
    return f"refund:purchase:{purchase_id}"


class RefundService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 gateways: GatewayRouter, emails: EmailSender,
                 revokers: Sequence[PurchaseRevoker] = ()):
        self.uow, self.clock, self.ids, self.gateways = uow, clock, ids, gateways
        self.emails, self.revokers = emails, list(revokers)

    # -- the reader ---------------------------------------------------------------------------
    def file(self, *, actor: Actor, purchase_id: str, reason: RefundReason | str,
             message: str | None = None) -> RefundRequest:
        """Ask for one of my purchases back (404 purchase_not_found; 409
        purchase_not_refundable, nothing_to_refund, refund_window_passed, refund_request_open,
        refund_declined; 422 invalid_reason, message_too_long)."""
        now = self.clock.now()
        with self.uow() as uow:
            purchase = self._my_purchase(uow, actor, purchase_id, lock=True)
            with domain_rules():
                request = RefundRequest.file(
                    id=self.ids.new_id("rfr"), purchase=purchase, buyer_id=actor.user_id,
                    reason=reason, message=message, now=now,
                    earlier=uow.refund_requests.list(purchase_id=purchase.id))
            try:
                uow.refund_requests.add(request)
                uow.commit()
            except IntegrityConflict:
                raise Conflict("This purchase already has a refund request.",
                               code="refund_request_open",
                               fields={"purchase_id": ["In progress."]}) from None
            return request

    def mine(self, *, actor: Actor, purchase_id: str) -> RefundRequest:
        """The latest refund request of one of my purchases."""
        with self.uow() as uow:
            purchase = self._my_purchase(uow, actor, purchase_id)
            return self._latest(uow, purchase)

    def withdraw(self, *, actor: Actor, purchase_id: str) -> RefundRequest:
        """Take back my OPEN request (409 refund_request_<status> otherwise)."""
        now = self.clock.now()
        with self.uow() as uow:
            purchase = self._my_purchase(uow, actor, purchase_id, lock=True)
            request = self._latest(uow, purchase, lock=True)
            with domain_rules():
                request.withdraw(buyer_id=actor.user_id, now=now)
            uow.commit()
            return request

    # -- the site's team and administrators ---------------------------------------------------
    def for_site(self, *, actor: Actor, site_id: str,
                 status: RefundRequestStatus | None = None, offset: int = 0,
                 limit: int | None = None) -> tuple[list[RefundRequest], int]:
        """The site's requests, newest first (monetization.manage)."""
        with self.uow() as uow:
            require(uow, actor, site_id, Permission.MONETIZATION_MANAGE)
            return self._page(uow, {"site_id": site_id}, status, offset, limit)

    def admin_list(self, *, actor: Actor, status: RefundRequestStatus | None = None,
                   site_id: str | None = None, offset: int = 0,
                   limit: int | None = None) -> tuple[list[RefundRequest], int]:
        """Every request of the platform, newest first."""
        require_admin(actor)
        with self.uow() as uow:
            return self._page(uow, {"site_id": site_id} if site_id else {}, status, offset,
                              limit)

    def decline(self, *, actor: Actor, request_id: str, note: str,
                site_id: str | None = None) -> RefundRequest:
        """Refuse an OPEN request with a note the reader is sent; ``site_id`` None is the
        administrators' route."""
        now = self.clock.now()
        with self.uow() as uow:
            request = self._reviewable(uow, actor, request_id, site_id)
            with domain_rules():
                request.decline(reviewer_id=actor.user_id, note=note, now=now)
            self._tell_reader(uow, request, "refund_declined",
                              note=f"Their note:\n\n{request.review_note}\n\n")
            uow.commit()
            return request

    def approve(self, *, actor: Actor, request_id: str, note: str | None = None,
                site_id: str | None = None) -> RefundRequest:
        """Approve an OPEN request and make the refund (409 refund_request_<status>,
        purchase_not_refundable, refund_refused; 503 gateway_unavailable)."""
        now = self.clock.now()
        with self.uow() as uow:
            request = self._reviewable(uow, actor, request_id, site_id)
            purchase = uow.purchases.get(request.purchase_id)
            session = uow.checkout_sessions.get(purchase.checkout_session_id or "") \
                if purchase else None
            with domain_rules():
                request.approve(reviewer_id=actor.user_id, note=note, now=now)
            if purchase is None or purchase.status != PurchaseStatus.SUCCEEDED \
                    or session is None or not session.gateway_checkout_id:
                raise Conflict("This purchase cannot be refunded.",
                               code="purchase_not_refundable",
                               fields={"purchase_id": ["Not a paid, delivered purchase."]})
            uow.commit()
            checkout_id, amount = session.gateway_checkout_id, request.amount
            gateway_name, payee = session.gateway or "", payee_of(uow, session)
        try:
            gateway = self.gateways.named(gateway_name, payee)
            refund = gateway.refund(checkout_id=checkout_id, amount=amount,
                                          idempotency_key=refund_key(request.purchase_id))
        except (LookupError, ValueError) as error:
            log.warning("the gateway refused a refund", extra={"request": request.id,
                                                               "error": str(error)})
            self._failed(request.id, "refund_refused")
            raise Conflict("The payment gateway refused the refund.", code="refund_refused",
                           fields={"purchase_id": [str(error)]}) from None
        except Exception:
            log.exception("the gateway did not refund", extra={"request": request.id})
            self._failed(request.id, "gateway_unavailable")
            raise Unavailable("The payment gateway is not answering; try again.",
                              code="gateway_unavailable") from None
        if refund.failed:
            self._failed(request.id, "refund_failed")
            raise Conflict("The payment gateway could not make the refund.",
                           code="refund_failed", fields={"purchase_id": [refund.status]})
        return self._complete(request, refund)

    # -- executing ------------------------------------------------------------------------------
    def _complete(self, approved: RefundRequest, refund: Refund) -> RefundRequest:
        now = self.clock.now()
        with self.uow() as uow:
            purchase = uow.purchases.get_by(id=approved.purchase_id, for_update=True)
            request = uow.refund_requests.get_by(id=approved.id, for_update=True)
            if purchase is None or request is None:
                raise refund_request_not_found()
            with domain_rules():
                revoke_purchase(uow, purchase, revokers=self.revokers,
                                state=EntitlementState.REFUNDED, reason=REVOKE_REASON,
                                actor_id=request.reviewer_id, now=now)
                request.refunded(gateway_refund_id=refund.id, now=now)
                record_refund(uow, self.ids, purchase_id=purchase.id, amount=refund.amount,
                              gateway_refund_id=refund.id, now=now)
            self._tell_reader(uow, request, "refund_approved")
            uow.commit()
            log.info("purchase refunded", extra={"purchase": purchase.id, "refund": refund.id})
            return request

    def _failed(self, request_id: str, code: str) -> None:
        with self.uow() as uow:
            request = uow.refund_requests.get_by(id=request_id, for_update=True)
            if request is not None and request.status == RefundRequestStatus.APPROVED:
                request.refund_failed(code=code, now=self.clock.now())
                uow.commit()

    # -- helpers ------------------------------------------------------------------------------
    @staticmethod
    def _my_purchase(uow: UnitOfWork, actor: Actor, purchase_id: str, *,
                     lock: bool = False) -> Purchase:
        purchase = uow.purchases.get_by(id=purchase_id, for_update=lock) \
            if purchase_id else None
        if purchase is None or purchase.buyer_id != actor.user_id:
            raise purchase_not_found()
        return purchase

    @staticmethod
    def _latest(uow: UnitOfWork, purchase: Purchase, *, lock: bool = False) -> RefundRequest:
        request = uow.refund_requests.get_by(purchase_id=purchase.id, order_by=NEWEST,
                                             for_update=lock)
        if request is None:
            raise refund_request_not_found()
        return request

    @staticmethod
    def _reviewable(uow: UnitOfWork, actor: Actor, request_id: str,
                    site_id: str | None) -> RefundRequest:
        """The request, locked: of ``site_id`` for its team, any for an administrator."""
        if site_id is None:
            require_admin(actor)
        else:
            require(uow, actor, site_id, Permission.MONETIZATION_MANAGE)
        request = uow.refund_requests.get_by(id=request_id, for_update=True) \
            if request_id else None
        if request is None or (site_id is not None and request.site_id != site_id):
            raise refund_request_not_found()
        return request

    @staticmethod
    def _page(uow: UnitOfWork, filters: dict, status: RefundRequestStatus | None,
              offset: int, limit: int | None) -> tuple[list[RefundRequest], int]:
        if status:
            filters = {**filters, "status": RefundRequestStatus(status)}
        return (uow.refund_requests.list(order_by=NEWEST, offset=offset, limit=limit,
                                         **filters),
                uow.refund_requests.count(**filters))

    def _tell_reader(self, uow: UnitOfWork, request: RefundRequest, template: str,
                     **context: str) -> None:
        """The decision, emailed to the reader once committed."""
        buyer = uow.users.get(request.buyer_id)
        if buyer is None:
            return
        item = uow.products.get(request.product_id) if request.product_id else None
        chapter = uow.chapters.get(request.chapter_id) if request.chapter_id else None
        name = item.name if item else chapter.title if chapter and chapter.title \
            else "your purchase"
        values = {"name": buyer.display_name or buyer.username, "item": name,
                  "amount": money_text(request.amount, request.currency), **context}
        subject, body = EMAILS[template]
        message = {"to": buyer.email, "subject": subject.format(**values),
                   "text": body.format(**values), "headers": {"X-Ownverso-Template": template}}
        uow.after_commit(lambda: self.emails.jobs.enqueue(SEND_EMAIL_JOB, **message))
