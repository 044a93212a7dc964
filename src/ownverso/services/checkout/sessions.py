"""Checkout sessions: open one, let the gateway collect the money, fulfil it exactly once.

A use case (subscribe, gift ...) builds an OPEN session in its own unit of work and commits it
with whatever it reserved (a tier seat, a discount redemption); then ``collect`` asks the
gateway for a checkout, outside any transaction, and records it. Completion is state-based:
``confirm`` re-reads the gateway's checkout and, when it is paid and ours is still open,
fulfils it; repeated or concurrent confirmations find it complete and do nothing. The sandbox
"pay" button, a poll of ``GET /checkout/session/{id}`` and (payments issue) a gateway webhook
all go down this one path.
"""

import logging
from collections.abc import Callable, Iterable
from datetime import datetime

from ownverso.domain.checkout.session import CheckoutSession
from ownverso.services.checkout.fulfilment import Fulfiller
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, ServiceError, Unavailable
from ownverso.services.memberships.discount_redemptions import (
    confirm_redemption,
    release_redemption,
)
from ownverso.services.payments.gateway_router import GatewayRouter
from ownverso.services.payments.recording import payee_of, record_checkout
from ownverso.services.ports import (
    Clock,
    IdGenerator,
    IntegrityConflict,
    PaymentGateway,
    UnitOfWork,
)
from ownverso.services.ports.payments import GatewayUnavailable

log = logging.getLogger("ownverso.checkout")
BATCH = 100
REDEEMABLE = frozenset({"subscription_id", "purchase_id", "gift_id"})


def checkout_not_found() -> NotFound:
    return NotFound("No such checkout session.", code="checkout_not_found")


class CheckoutService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 gateways: GatewayRouter, fulfillers: Iterable[Fulfiller], public_url: str):
        self.uow, self.clock, self.gateways, self.ids = uow, clock, gateways, ids
        self.fulfillers = {f.kind: f for f in fulfillers}
        self.public_url = public_url.rstrip("/")

    # -- opening ----------------------------------------------------------------------------
    def settle_free(self, uow: UnitOfWork, session: CheckoutSession) -> None:
        """A session with nothing to pay (a free tier, a 100% code, free months) is fulfilled
        at once, in the caller's unit of work."""
        now = self.clock.now()
        session.result_id = self.fulfillers[session.kind].fulfil(uow, session, now)
        session.complete(now=now, result_id=session.result_id)
        confirm_redemption(uow, checkout_id=session.id, now=now, **self._result_of(session))

    def collect(self, session_id: str) -> CheckoutSession:
        """Ask the gateway for a checkout for an OPEN, committed session (no transaction is
        held while the gateway answers); the same session always gets the same checkout."""
        with self.uow() as uow:
            session = self._load(uow, session_id)
            if not session.is_open or session.gateway_checkout_id:
                return session
            description = self.fulfillers[session.kind].describe(session)
            payee = payee_of(uow, session)
        try:
            gateway = self.gateways.for_author(payee)
        except ServiceError as error:
            self.close(session.id, failure=error.code or "gateway_not_connected")
            raise
        try:
            checkout = gateway.create_checkout(
                amount=session.amount, currency=session.currency, description=description,
                metadata={"checkout_session_id": session.id, "kind": session.kind.value,
                          "customer_ref": session.user_id},  # the card saved for renewals
                success_url=f"{self.public_url}/checkout/{session.id}/success",
                cancel_url=f"{self.public_url}/checkout/{session.id}/cancel",
                idempotency_key=f"checkout:{session.id}")
        except Exception:
            log.exception("the gateway refused a checkout", extra={"session": session.id})
            self.close(session.id, failure="gateway_unavailable")
            raise Unavailable("The payment gateway is not answering; try again.",
                              code="gateway_unavailable") from None
        with self.uow() as uow:
            session = self._load(uow, session_id, lock=True)
            session.gateway, session.gateway_checkout_id = gateway.name, checkout.id
            session.checkout_url, session.updated_at = checkout.url, self.clock.now()
            uow.commit()
            return session

    # -- reading ----------------------------------------------------------------------------
    def get(self, *, actor: Actor, session_id: str) -> CheckoutSession:
        """The caller's session, brought up to date with the gateway (a poll completes it)."""
        with self.uow() as uow:
            session = uow.checkout_sessions.get(session_id)
            if session is None or session.user_id != actor.user_id:
                raise checkout_not_found()
        if session.is_open and session.gateway_checkout_id:
            try:
                return self.confirm(session.gateway_checkout_id)
            except LookupError:  # the gateway no longer knows it: it can't be paid now
                log.warning("gateway lost a checkout", extra={"session": session.id})
            except GatewayUnavailable:  # asked again on the next poll
                log.warning("gateway did not answer a poll", extra={"session": session.id})
                return session
        if session.is_stale(self.clock.now()):
            return self.close(session.id)
        return session

    # -- completing ---------------------------------------------------------------------------
    def confirm(self, gateway_checkout_id: str) -> CheckoutSession:
        """Bring our session in line with the gateway's checkout: paid -> fulfilled once;
        expired -> closed and its reservations returned; open -> unchanged. ``LookupError``
        when the gateway no longer knows the checkout."""
        with self.uow() as uow:
            session = uow.checkout_sessions.get_by(gateway_checkout_id=gateway_checkout_id)
            if session is None:
                raise checkout_not_found()
            gateway = self._gateway_of(uow, session)
        if not session.is_open:
            return session
        checkout = gateway.get_checkout(gateway_checkout_id)
        outcome = checkout.outcome(session.amount, session.currency)
        if outcome == "open":
            return session
        if outcome == "expired":
            return self.close(session.id)
        if outcome == "amount_mismatch":
            return self.close(session.id, failure="amount_mismatch")
        return self._fulfil(session.id, checkout.payment_ref)

    def _fulfil(self, session_id: str, payment_ref: str | None) -> CheckoutSession:
        now = self.clock.now()
        try:
            with self.uow() as uow:
                session = self._load(uow, session_id, lock=True)
                if not session.is_open:
                    return session  # another delivery fulfilled it first
                result_id = self.fulfillers[session.kind].fulfil(uow, session, now)
                session.complete(now=now, result_id=result_id)
                confirm_redemption(uow, checkout_id=session.id, now=now,
                                   **self._result_of(session))
                record_checkout(uow, self.ids, session, now=now, payment_ref=payment_ref,
                                description=self.fulfillers[session.kind].describe(session))
                uow.commit()
                log.info("checkout fulfilled", extra={"session": session.id,
                                                      "result": result_id})
                return session
        except ServiceError as error:
            return self.close(session_id, failure=error.code or "unfulfillable")
        except IntegrityConflict:
            return self.close(session_id, failure="conflict")

    def close(self, session_id: str, *, failure: str | None = None) -> CheckoutSession:
        """EXPIRED (or FAILED with ``failure``) and its discount reservation returned. A paid
        but unfulfillable session is logged: its refund is owed (payments issue)."""
        now = self.clock.now()
        with self.uow() as uow:
            session = self._load(uow, session_id, lock=True)
            if not session.is_open:
                return session
            if failure:
                session.fail(now=now, code=failure)
                log.warning("checkout failed", extra={"session": session.id, "code": failure})
            else:
                session.expire(now=now)
            release_redemption(uow, checkout_id=session.id, now=now)
            self.fulfillers[session.kind].release(uow, session, now)
            uow.commit()
            return session

    def expire_stale(self) -> int:
        """The periodic job: close the sessions whose window passed. Each is closed at the
        gateway first, so one paid at the last moment is fulfilled instead."""
        now, seen = self.clock.now(), set()
        while True:
            with self.uow() as uow:
                stale = [s for s in uow.checkout_sessions.list(
                    status="OPEN", expires_at__lte=now, order_by=("expires_at",),
                    limit=BATCH + len(seen)) if s.id not in seen]
            if not stale:
                return len(seen)
            for session in stale:
                seen.add(session.id)
                if session.gateway_checkout_id and self.expire_at_gateway(session):
                    self.confirm(session.gateway_checkout_id)
                    continue
                self.close(session.id)

    def expire_at_gateway(self, session: CheckoutSession) -> bool:
        """Close a session's checkout at its gateway; True when it was paid meanwhile (a paid
        one stays paid). One the gateway no longer knows cannot be paid."""
        assert session.gateway_checkout_id is not None
        with self.uow() as uow:
            gateway = self._gateway_of(uow, session)
        try:
            return gateway.expire_checkout(session.gateway_checkout_id).status == "complete"
        except LookupError:
            return False

    # -- helpers ------------------------------------------------------------------------------
    def _gateway_of(self, uow: UnitOfWork, session: CheckoutSession) -> PaymentGateway:
        """The gateway the session's checkout was made on, acting for its payee."""
        assert session.gateway is not None
        return self.gateways.named(session.gateway, payee_of(uow, session))

    @staticmethod
    def _load(uow: UnitOfWork, session_id: str, *, lock: bool = False) -> CheckoutSession:
        session = uow.checkout_sessions.get_by(id=session_id, for_update=lock)
        if session is None:
            raise checkout_not_found()
        return session

    @staticmethod
    def _result_of(session: CheckoutSession) -> dict:
        """What a discount redemption records of the result (coins take no discount code)."""
        key = f"{session.kind.value.lower()}_id"
        return {key: session.result_id} if key in REDEEMABLE else {}


def open_sessions_for(uow: UnitOfWork, *, tier_id: str, now: datetime) -> int:
    """Seats held by unpaid checkouts of a tier still inside their window."""
    return uow.checkout_sessions.count(tier_id=tier_id, status="OPEN", expires_at__gt=now)
