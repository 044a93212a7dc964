"""Recording payments: one function per movement of money, called inside the unit of work of
that movement (the checkout's fulfilment, a renewal, an upgrade, a refund), so the record and
its effect commit together or not at all.

A payment is known by its gateway and the gateway's id for it (the checkout id, the charge
id), unique in storage: recording the same one again returns the stored payment and writes
nothing. Those callers already serialize the movement under a row lock (the checkout session,
the subscription, the purchase), so the same payment is never inserted by two writers at once.
"""

from datetime import datetime

from ownverso.domain.checkout.session import CheckoutKind, CheckoutSession
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.payments.payment import Payment, PaymentEvent, PaymentType
from ownverso.services.ports import Charge, IdGenerator, UnitOfWork

TYPES = {
    CheckoutKind.SUBSCRIPTION: PaymentType.SUBSCRIPTION,
    CheckoutKind.GIFT: PaymentType.GIFT,
    CheckoutKind.PURCHASE: PaymentType.ONE_TIME_PURCHASE,
    CheckoutKind.TIP: PaymentType.TIP,
    CheckoutKind.COINS: PaymentType.COINS,
}


def _store(uow: UnitOfWork, payment: Payment, *events: PaymentEvent) -> Payment:
    uow.payments.add(payment)
    for event in events:
        uow.payment_events.add(event)
    return payment


def known_payment(uow: UnitOfWork, gateway: str, gateway_payment_id: str) -> Payment | None:
    """The payment already recorded for the gateway's payment, if any."""
    return uow.payments.get_by(gateway=gateway, gateway_payment_id=gateway_payment_id)


def payee_of(uow: UnitOfWork, session: CheckoutSession) -> str | None:
    """Whose money a checkout collects: the site's author, the tipped author, or None for the
    platform (coin packages)."""
    if session.kind == CheckoutKind.COINS:
        return None
    if session.kind == CheckoutKind.TIP:
        return session.payload.get("author_id")
    site = uow.sites.get(session.site_id) if session.site_id else None
    return site.author_id if site else None


def record_checkout(uow: UnitOfWork, ids: IdGenerator, session: CheckoutSession, *,
                    description: str, now: datetime,
                    payment_ref: str | None = None) -> Payment | None:
    """A paid checkout session, just fulfilled: a SUCCEEDED payment. A session with nothing
    to pay (or none collected at a gateway) records nothing."""
    if session.amount <= 0 or not session.gateway or not session.gateway_checkout_id:
        return None
    known = known_payment(uow, session.gateway, session.gateway_checkout_id)
    if known is not None:
        return known
    author_id = payee_of(uow, session)
    result = session.result_id
    payment, created = Payment.open(
        id=ids.new_id("pay"), event_id=ids.new_id("pev"), now=now,
        reader_id=session.user_id, author_id=author_id, site_id=session.site_id,
        type=TYPES[session.kind], gross_amount=session.amount, currency=session.currency,
        gateway=session.gateway, gateway_payment_id=session.gateway_checkout_id,
        gateway_payment_ref=payment_ref,
        checkout_session_id=session.id,
        subscription_id=result if session.kind == CheckoutKind.SUBSCRIPTION else None,
        purchase_id=result if session.kind == CheckoutKind.PURCHASE else None,
        payer_hidden=bool(session.payload.get("is_anonymous")), description=description)
    return _store(uow, payment, created, payment.succeed(event_id=ids.new_id("pev"), now=now))


def record_charge(uow: UnitOfWork, ids: IdGenerator, sub: Subscription, charge: Charge, *,
                  gateway: str, description: str, now: datetime) -> Payment:
    """An off-session charge for a subscription (a renewal, an upgrade's difference): succeeded
    -> SUCCEEDED, declined -> FAILED with the gateway's code."""
    known = known_payment(uow, gateway, charge.id)
    if known is not None:
        return known
    site = uow.sites.get(sub.site_id)
    payment, created = Payment.open(
        id=ids.new_id("pay"), event_id=ids.new_id("pev"), now=now, reader_id=sub.reader_id,
        author_id=site.author_id if site else None, site_id=sub.site_id,
        type=PaymentType.SUBSCRIPTION, gross_amount=charge.amount,
        currency=charge.currency.upper(), gateway=gateway, gateway_payment_id=charge.id,
        gateway_payment_ref=charge.id,
        subscription_id=sub.id, description=description)
    if charge.succeeded:
        outcome = payment.succeed(event_id=ids.new_id("pev"), now=now)
    else:
        outcome = payment.fail(event_id=ids.new_id("pev"), now=now,
                               code=charge.failure_code or "declined",
                               message="The payment method was declined.")
    return _store(uow, payment, created, outcome)


def record_refund(uow: UnitOfWork, ids: IdGenerator, *, purchase_id: str, amount: int,
                  gateway_refund_id: str, now: datetime) -> Payment | None:
    """A purchase's refund, confirmed by the gateway: its payment (locked) gives ``amount``
    back. A purchase paid before payments were recorded has none: nothing to write."""
    payment = uow.payments.get_by(purchase_id=purchase_id, for_update=True)
    if payment is None:
        return None
    event = payment.refund(event_id=ids.new_id("pev"), now=now, amount=amount,
                           gateway_refund_id=gateway_refund_id)
    uow.payment_events.add(event)
    return payment
