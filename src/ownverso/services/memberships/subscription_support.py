"""What the subscription use cases share: loading, the errors, seats and invoices."""

from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.identity.values import UserStatus
from ownverso.domain.memberships.invoice import InvoiceKind, InvoiceStatus, SubscriptionInvoice
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.memberships.tier import Tier
from ownverso.domain.sites.site import Site
from ownverso.services.errors import Conflict, NotFound, PermissionDenied
from ownverso.services.payments.gateway_router import GatewayRouter
from ownverso.services.ports import IdGenerator, PaymentGateway, UnitOfWork
from ownverso.services.sites.access import site_not_found

RESTRICTED = frozenset({UserStatus.SUSPENDED, UserStatus.BANNED, UserStatus.DELETED})


@dataclass(frozen=True)
class SubscriptionView:
    """A subscription with the tier and site it belongs to (for readers' lists)."""

    subscription: Subscription
    tier: Tier | None
    site: Site | None


def subscription_not_found() -> NotFound:
    return NotFound("No such subscription.", code="subscription_not_found")


def tier_unavailable(why: str = "This tier takes no new subscribers.") -> Conflict:
    return Conflict(why, code="tier_unavailable", fields={"tier_id": [why]})


def gateway_of(uow: UnitOfWork, gateways: GatewayRouter, sub: Subscription) -> PaymentGateway:
    """The gateway that holds the reader's saved card for this subscription: the one its
    checkout was paid on; a subscription that never paid (free, fully discounted) charges
    through the author's current gateway."""
    site = uow.sites.get(sub.site_id)
    author_id = site.author_id if site else None
    if sub.gateway and sub.gateway != "none":
        return gateways.named(sub.gateway, author_id)
    return gateways.for_author(author_id)


def slot_of(reader_id: str, site_id: str) -> str:
    return f"{reader_id}:{site_id}"


def live_subscription(uow: UnitOfWork, reader_id: str, site_id: str) -> Subscription | None:
    """The reader's started, not yet expired subscription to the site, if any."""
    return uow.reader_subscriptions.get_by(live_slot=slot_of(reader_id, site_id))


def check_reader(uow: UnitOfWork, user_id: str) -> None:
    user = uow.users.get(user_id)
    if user is None or user.status in RESTRICTED:
        raise PermissionDenied("This account cannot subscribe.", code="account_restricted")


def visible_site(uow: UnitOfWork, site_id: str) -> Site:
    site = uow.sites.get(site_id)
    if site is None or site.is_deleted or not site.is_visible_to_public:
        raise site_not_found()
    return site


def own_subscription(uow: UnitOfWork, user_id: str, subscription_id: str, *,
                     lock: bool = False) -> Subscription:
    """The caller's own, started subscription; anyone else's is 404."""
    sub = uow.reader_subscriptions.get_by(id=subscription_id, for_update=lock)
    if sub is None or sub.reader_id != user_id or sub.status is None:
        raise subscription_not_found()
    return sub


def views(uow: UnitOfWork, subs: list[Subscription]) -> list[SubscriptionView]:
    """Two queries for any number of subscriptions."""
    tier_ids = sorted({s.tier_id for s in subs} | {s.pending_tier_id for s in subs
                                                     if s.pending_tier_id})
    tiers = {t.id: t for t in uow.tiers.list(id__in=tier_ids)} if tier_ids else {}
    site_ids = sorted({s.site_id for s in subs})
    sites = {s.id: s for s in uow.sites.list(id__in=site_ids)} if site_ids else {}
    return [SubscriptionView(s, tiers.get(s.tier_id), sites.get(s.site_id)) for s in subs]


def record_invoice(uow: UnitOfWork, ids: IdGenerator, sub: Subscription, *, kind: InvoiceKind,
                   amount: int, now: datetime, reference: str | None = None,
                   failed: str | None = None) -> SubscriptionInvoice:
    """One invoice per charge (or failed try), with the period it paid for."""
    invoice = SubscriptionInvoice(
        id=ids.new_id("inv"), subscription_id=sub.id, reader_id=sub.reader_id,
        site_id=sub.site_id, tier_id=sub.tier_id, kind=kind,
        status=InvoiceStatus.FAILED if failed else InvoiceStatus.PAID, amount=amount,
        original_amount=sub.original_price if kind != InvoiceKind.PRORATION else amount,
        discount_amount=max(sub.original_price - amount, 0)
        if kind != InvoiceKind.PRORATION else 0,
        currency=sub.currency, period_start=sub.current_period_start,
        period_end=sub.current_period_end, gateway=sub.gateway, gateway_reference=reference,
        failure_code=failed, created_at=now)
    uow.subscription_invoices.add(invoice)
    return invoice


def take_seat(tier: Tier) -> None:
    tier.current_subscribers += 1


def free_seat(tier: Tier | None) -> None:
    if tier is not None and tier.current_subscribers > 0:
        tier.current_subscribers -= 1
