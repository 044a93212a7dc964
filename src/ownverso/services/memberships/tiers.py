"""Tiers on a site: create, list, read, edit, delete, activate, deactivate, duplicate,
reorder, the public pricing page and the sync of a tier's plans to a payment gateway.

Every write needs ``monetization.manage`` on the site, reads of the private side
``site.read``; the number of tiers of a site is capped by its owner's platform tier."""

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields

from ownverso.domain.memberships.tier import Tier, check_reorder
from ownverso.domain.memberships.values import BillingCycle
from ownverso.domain.sites.permissions import Permission
from ownverso.domain.text import slugify
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, domain_rules
from ownverso.services.memberships.tier_access import load_tier, slug_taken, tier_not_found
from ownverso.services.payments.gateway_router import GatewayRouter, gateway_not_connected
from ownverso.services.ports import (
    Clock,
    IdGenerator,
    IntegrityConflict,
    PaymentGateway,
    UnitOfWork,
)
from ownverso.services.ports.payments import GatewayUnavailable
from ownverso.services.quotas import check_limit
from ownverso.services.sites.access import require, site_not_found

# What an author may set; the counters, plan ids and state have their own use cases.
EDITABLE = ("name", "slug", "description", "monthly_price", "annual_price", "currency",
            "billing_cycles", "benefits", "early_access_days", "trial_days", "badge_text",
            "badge_color",
            "display_order", "is_highlighted", "highlight_text", "is_public", "is_free",
            "max_subscribers")
GATEWAYS = ("stripe", "razorpay", "xendit")
INTERVALS = {BillingCycle.MONTHLY: "month", BillingCycle.ANNUAL: "year"}
ORDER = ("display_order", "created_at", "id")


@dataclass(frozen=True)
class SyncResult:
    tier: Tier
    gateway: str  # the one asked for
    answered_by: str  # the configured gateway that created the plans
    plan_ids: dict


def used_tiers(uow: UnitOfWork, site_id: str) -> int:
    return uow.tiers.count(site_id=site_id)


def sync_tier_plan(payments: PaymentGateway, tier: Tier, gateway: str,
                   cycle: BillingCycle) -> str:
    """Create or update the tier's plan for ``cycle`` on ``gateway`` (at the tier's price
    now) and keep its id on the tier; the id."""
    plan_id = payments.sync_plan(plan_key=f"{tier.id}:{gateway}:{cycle.value}", name=tier.name,
                                 amount=tier.price_for(cycle), currency=tier.currency,
                                 interval=INTERVALS[cycle])
    tier.gateway_plan_ids = {**tier.gateway_plan_ids, gateway: {
        **tier.gateway_plan_ids.get(gateway, {}), cycle.value: plan_id}}
    return plan_id


class TierService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 gateways: GatewayRouter):
        self.uow, self.clock, self.ids, self.gateways = uow, clock, ids, gateways

    def create(self, *, actor: Actor, site_id: str, fields: dict) -> Tier:
        now = self.clock.now()
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.MONETIZATION_MANAGE).site
            check_limit(uow, site.author_id, "max_subscription_tiers",
                        used=used_tiers(uow, site.id))
            values = {k: v for k, v in fields.items() if k in EDITABLE}
            tier_id = self.ids.new_id("tier")
            values["slug"] = values.get("slug") or slugify(values.get("name", ""),
                                                           max_length=60) or tier_id
            with domain_rules():
                tier = Tier(id=tier_id, site_id=site.id, author_id=site.author_id,
                            created_at=now, updated_at=now, **values)
                tier.validate()
            try:
                if uow.tiers.get_by(site_id=site.id, slug=tier.slug):
                    raise IntegrityConflict("slug")
                uow.tiers.add(tier)
                uow.commit()
            except IntegrityConflict:
                raise slug_taken() from None
            return tier

    def list_for_site(self, *, actor: Actor, site_id: str, offset: int = 0,
                      limit: int | None = None) -> tuple[list[Tier], int]:
        """Every tier of the site, inactive and private ones too, in display order."""
        with self.uow() as uow:
            require(uow, actor, site_id, Permission.SITE_READ)
            items = uow.tiers.list(site_id=site_id, order_by=ORDER, offset=offset,
                                   limit=limit)
            return items, uow.tiers.count(site_id=site_id)

    def public(self, *, site_id: str) -> list[Tier]:
        """The pricing page: the active, public tiers of a visible site in display order."""
        with self.uow() as uow:
            site = uow.sites.get(site_id)
            if site is None or site.is_deleted or not site.is_visible_to_public:
                raise site_not_found()
            return uow.tiers.list(site_id=site_id, is_active=True, is_public=True,
                                  order_by=ORDER)

    def get(self, *, actor: Actor, tier_id: str) -> Tier:
        with self.uow() as uow:
            return load_tier(uow, actor, tier_id, Permission.SITE_READ)[0]

    def update(self, *, actor: Actor, tier_id: str, changes: dict) -> Tier:
        with self.uow() as uow:
            tier, _ = load_tier(uow, actor, tier_id, Permission.MONETIZATION_MANAGE)
            with domain_rules():
                for name, value in changes.items():
                    if name in EDITABLE:
                        setattr(tier, name, list(value) if isinstance(value, list) else value)
                tier.validate()
            tier.updated_at = self.clock.now()
            try:
                if "slug" in changes and uow.tiers.get_by(site_id=tier.site_id,
                                                          slug=tier.slug, id__ne=tier.id):
                    raise IntegrityConflict("slug")
                uow.commit()
            except IntegrityConflict:
                raise slug_taken() from None
            return tier

    def delete(self, *, actor: Actor, tier_id: str) -> None:
        """Refused (409) while the tier has live subscribers, and once any subscription or
        gift was ever made on it (their history keeps pointing at it): deactivate it then."""
        with self.uow() as uow:
            tier, _ = load_tier(uow, actor, tier_id, Permission.MONETIZATION_MANAGE)
            with domain_rules():
                tier.check_deletable()
            if uow.reader_subscriptions.count(tier_id=tier.id) or uow.gifts.count(
                    tier_id=tier.id):
                raise Conflict("Subscriptions or gifts were made on this tier; deactivate it "
                               "instead.", code="tier_has_history",
                               fields={"tier_id": ["Has history."]})
            uow.tiers.remove(tier)
            uow.commit()

    def activate(self, *, actor: Actor, tier_id: str) -> Tier:
        return self._state(actor, tier_id, Tier.activate)

    def deactivate(self, *, actor: Actor, tier_id: str) -> Tier:
        """No new subscribers; the current ones keep theirs."""
        return self._state(actor, tier_id, Tier.deactivate)

    def _state(self, actor: Actor, tier_id: str, move: Callable[..., None]) -> Tier:
        with self.uow() as uow:
            tier, _ = load_tier(uow, actor, tier_id, Permission.MONETIZATION_MANAGE)
            with domain_rules():
                move(tier, now=self.clock.now())
            uow.commit()
            return tier

    def duplicate(self, *, actor: Actor, tier_id: str) -> Tier:
        """An inactive copy named "<name> (copy)" with no subscribers and no gateway plans."""
        now = self.clock.now()
        with self.uow() as uow:
            source, grant = load_tier(uow, actor, tier_id, Permission.MONETIZATION_MANAGE)
            check_limit(uow, grant.site.author_id, "max_subscription_tiers",
                        used=used_tiers(uow, source.site_id))
            values = {f.name: getattr(source, f.name) for f in dataclass_fields(Tier)
                      if f.init and f.name not in ("id", "version")}
            name = f"{source.name[:43]} (copy)"
            copy = Tier(**{**values, "id": self.ids.new_id("tier"), "name": name,
                           "slug": self._free_slug(uow, source.site_id, slugify(name)),
                           "billing_cycles": list(source.billing_cycles),
                           "benefits": list(source.benefits), "is_active": False,
                           "current_subscribers": 0, "gateway_plan_ids": {},
                           "created_at": now, "updated_at": now})
            uow.tiers.add(copy)
            uow.commit()
            return copy

    @staticmethod
    def _free_slug(uow: UnitOfWork, site_id: str, base: str) -> str:
        for candidate in (base, *(f"{base}-{n}" for n in range(2, 101))):
            if not uow.tiers.get_by(site_id=site_id, slug=candidate):
                return candidate
        raise slug_taken()

    def reorder(self, *, actor: Actor, site_id: str, tier_ids: list[str]) -> list[Tier]:
        """All or nothing: ``tier_ids`` names every tier of the site once (else 422)."""
        now = self.clock.now()
        with self.uow() as uow:
            require(uow, actor, site_id, Permission.MONETIZATION_MANAGE)
            tiers = {t.id: t for t in uow.tiers.list(site_id=site_id)}
            with domain_rules():
                check_reorder(tiers, tier_ids)
            for position, tier_id in enumerate(tier_ids):
                tier = tiers[tier_id]
                if tier.display_order != position:
                    tier.display_order, tier.updated_at = position, now
            uow.commit()
            return [tiers[tier_id] for tier_id in tier_ids]

    def sync(self, *, actor: Actor, tier_id: str, gateway: str) -> SyncResult:
        """Create or update the tier's plans (one per billing cycle) on ``gateway`` and keep
        their ids, on the author's connected ``gateway`` (where the sandbox stands in for
        gateways not connected, it answers; else 409 gateway_not_connected)."""
        if gateway not in GATEWAYS:
            raise tier_not_found()
        with self.uow() as uow:
            tier, _ = load_tier(uow, actor, tier_id, Permission.MONETIZATION_MANAGE)
            if tier.is_free:
                raise Conflict("A free tier has no plan to sync.", code="tier_is_free")
            site = uow.sites.get(tier.site_id)
            payments = self._gateway(gateway, site.author_id if site else None)
            plan_ids = {BillingCycle(cycle).value: sync_tier_plan(
                payments, tier, gateway, BillingCycle(cycle)) for cycle in tier.billing_cycles}
            tier.updated_at = self.clock.now()
            uow.commit()
            return SyncResult(tier=tier, gateway=gateway, answered_by=payments.name,
                              plan_ids=plan_ids)

    def _gateway(self, name: str, author_id: str | None) -> PaymentGateway:
        try:
            return self.gateways.named(name, author_id)
        except GatewayUnavailable:
            if self.gateways.sandbox is None:
                raise gateway_not_connected() from None
            return self.gateways.sandbox
