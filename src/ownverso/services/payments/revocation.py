"""Taking back what a payment bought, once all of its money went back to the payer (a full
refund, a lost dispute), inside that unit of work:

- a purchase (``revoke_purchase``, shared with refund requests): the purchase becomes
  REFUNDED (downloads stop: only a SUCCEEDED purchase downloads), its chapter entitlement ends
  (REFUNDED, or CHARGED_BACK after a lost dispute) and every ``PurchaseRevoker`` runs (license
  keys);
- coins: the package's paid and bonus coins leave the wallet in one negative REFUND ledger
  entry, never below zero: what was already spent is the shortfall, returned to the caller;
- a subscription: it ends now. The domain has no "end now" transition, so: ``cancel``
  (unpaused first when PAUSED; auto-renew off, the Cancelled event), the period cut to now,
  then ``expire_if_due`` (EXPIRED, the live slot freed so the reader may subscribe again);
- a gift: voided (``Gift.cancel``) when not claimed yet; a claimed one stays with its
  recipient;
- a tip: nothing to take back.

A partial refund takes nothing back: callers only call this when the payment is whole again.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from ownverso.domain.access.inputs import (
    EntitlementKind,
    EntitlementState,
    SubscriptionStatus,
)
from ownverso.domain.commerce.coins import LedgerKind
from ownverso.domain.commerce.purchase import Purchase, PurchaseStatus
from ownverso.domain.memberships.gift import GiftStatus
from ownverso.domain.payments.payment import Payment, PaymentType
from ownverso.services.ports import IdGenerator, UnitOfWork

if TYPE_CHECKING:
    from ownverso.services.commerce.refunds import PurchaseRevoker

COIN_SOURCE = "checkout"  # how a coin package's ledger entries name their checkout


def revoke_purchase(uow: UnitOfWork, purchase: Purchase, *,
                    revokers: "Sequence[PurchaseRevoker]", state: EntitlementState, reason: str,
                    actor_id: str | None, now: datetime) -> None:
    """The SUCCEEDED purchase (locked by the caller) is refunded and what it granted ends."""
    purchase.refund(now=now)
    if purchase.chapter_id is not None:
        held = uow.chapter_entitlements.get_by(
            user_id=purchase.buyer_id, chapter_id=purchase.chapter_id,
            kind=EntitlementKind.PURCHASE, source_id=purchase.id, for_update=True)
        if held is not None and held.counts:
            held.end(state, now=now)
    for revoker in revokers:
        revoker.revoke_for_purchase(uow, purchase.id, reason=reason, actor_id=actor_id,
                                    now=now)


def revoke_payment(uow: UnitOfWork, ids: IdGenerator, payment: Payment, *,
                   revokers: "Sequence[PurchaseRevoker]", state: EntitlementState,
                   reason: str, actor_id: str | None, now: datetime) -> int:
    """Take back what ``payment`` bought; returns the coins the wallet could not give back.
    A purchase's row must be locked by the caller before the payment's (the refund requests'
    order)."""
    if payment.type == PaymentType.ONE_TIME_PURCHASE and payment.purchase_id:
        purchase = uow.purchases.get_by(id=payment.purchase_id, for_update=True)
        if purchase is not None and purchase.status == PurchaseStatus.SUCCEEDED:
            revoke_purchase(uow, purchase, revokers=revokers, state=state, reason=reason,
                            actor_id=actor_id, now=now)
    elif payment.type == PaymentType.COINS and payment.checkout_session_id:
        return _take_coins(uow, ids, payment, now)
    elif payment.type == PaymentType.SUBSCRIPTION and payment.subscription_id:
        _end_subscription(uow, payment.subscription_id, reason, now)
    elif payment.type == PaymentType.GIFT and payment.checkout_session_id:
        gift = uow.gifts.get_by(checkout_session_id=payment.checkout_session_id,
                                for_update=True)
        if gift is not None and gift.status in (GiftStatus.PENDING, GiftStatus.DELIVERED):
            gift.cancel(now=now)
    return 0


def _take_coins(uow: UnitOfWork, ids: IdGenerator, payment: Payment, now: datetime) -> int:
    wallet = uow.coin_wallets.get_by(user_id=payment.reader_id, for_update=True)
    if wallet is None:
        return 0
    credited = uow.coin_ledger.list(
        wallet_id=wallet.id, source_type=COIN_SOURCE, source_id=payment.checkout_session_id,
        kind__in=[LedgerKind.PURCHASE, LedgerKind.BONUS])
    entry, shortfall = wallet.take_back(
        paid=sum(e.paid_amount for e in credited), bonus=sum(e.bonus_amount for e in credited),
        entry_id=ids.new_id("cled"), source_type="payment", source_id=payment.id, now=now,
        description="Refunded coin package")
    if entry is not None:
        uow.coin_ledger.add(entry)
    return shortfall


def _end_subscription(uow: UnitOfWork, subscription_id: str, reason: str,
                      now: datetime) -> None:
    sub = uow.reader_subscriptions.get_by(id=subscription_id, for_update=True)
    if sub is None or sub.status in (None, SubscriptionStatus.EXPIRED):
        return
    if sub.status == SubscriptionStatus.PAUSED:
        sub.unpause(now=now)
    if sub.status in (SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE) \
            and not sub.is_gift:
        sub.cancel(now=now, reason=reason)
    if sub.current_period_end is None or sub.current_period_end > now:
        sub.current_period_end = now
    sub.expire_if_due(now)
