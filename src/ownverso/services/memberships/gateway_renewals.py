"""Reader subscriptions whose renewals the gateway bills, for authors who chose it
(``GatewaySettings.renewals_by_gateway``; Ownverso charging the saved card is the default).

- ``hand_over``: once a new subscription's first period is paid (a job the checkout enqueues),
  a subscription at the gateway on the tier's plan, first charged when that period ends. Only
  what a plan can bill as it is goes over (``Subscription.renewals_fit_a_plan``); anything
  else, a gateway that cannot charge the saved card unattended (Razorpay waits for the reader
  to authorise a subscription), or one that refuses or does not answer, stays with Ownverso's
  billing job, which renews every subscription without a ``gateway_subscription_id``. The
  idempotency key names the subscription, so a retried job starts one at the gateway.
- ``tell_gateway``: a reader's cancel, resume, pause, unpause or tier change here is made at
  the gateway in the same unit of work, before it commits: a gateway that refuses or does
  not answer leaves both sides as they were.
- ``catch_up``: a subscription the gateway bills whose period ended here with no word from
  the gateway (a lost renewal webhook: Xendit does not retry one that timed out) is read back
  from the gateway and follows it (``follow_gateway``: a paid period moves its end, a failed
  one makes it past due, a deleted one ends it). The renewal's payment is recorded when its
  webhook comes; the gateway's subscription does not say what it charged.
- ``stop_ended``: a subscription that ended here (a refund, a chargeback, the author) while
  the gateway still bills it is cancelled there at once (reconciliation; ``gateway_ended_at``
  records it).

What the gateway then does (renewal paid or failed, its own cancel) comes back by webhook
(``webhook_handlers``).
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Literal

from ownverso.domain.access.inputs import SubscriptionStatus
from ownverso.domain.memberships.gateway_sync import GatewaySubscriptionFact, follow_gateway
from ownverso.domain.memberships.subscription import Subscription
from ownverso.services.errors import Conflict, Unavailable
from ownverso.services.memberships.subscription_support import gateway_of
from ownverso.services.memberships.tiers import INTERVALS, sync_tier_plan
from ownverso.services.payments.gateway_router import GatewayRouter
from ownverso.services.ports import Clock, UnitOfWork
from ownverso.services.ports.payments import GatewayUnavailable, PaymentGateway

log = logging.getLogger("ownverso.memberships")
HAND_OVER_JOB = "ownverso.entrypoints.workers.jobs.memberships.hand_over_renewals"
BATCH = 200
Move = Literal["cancel", "resume", "pause", "unpause", "change_tier"]


def renewals_by_gateway(uow: UnitOfWork, site_id: str) -> bool:
    """Whether the site's author has the gateway bill renewals."""
    site = uow.sites.get(site_id)
    settings = uow.gateway_settings.get_by(author_id=site.author_id) if site else None
    return bool(settings and settings.renewals_by_gateway)


def tier_plan(uow: UnitOfWork, gateway: PaymentGateway, sub: Subscription,
              tier_id: str | None = None) -> str:
    """The gateway's plan for ``tier_id`` (default: the tier the subscription renews on, a
    scheduled downgrade's or its own) and its cycle, synced to the tier's price."""
    tier = uow.tiers.get_by(id=tier_id or sub.pending_tier_id or sub.tier_id, for_update=True)
    assert tier is not None
    return sync_tier_plan(gateway, tier, gateway.name, sub.billing_cycle)


def tell_gateway(uow: UnitOfWork, gateways: GatewayRouter, sub: Subscription,
                 move: Move) -> None:
    """Make the reader's ``move`` (already applied to ``sub``) at the gateway billing it;
    nothing for a subscription Ownverso bills. 409 gateway_refused; 503
    gateway_unavailable (the caller's unit of work is then dropped)."""
    ref = sub.gateway_subscription_id
    if ref is None or sub.gateway_ended_at is not None:
        return
    try:
        gateway = gateway_of(uow, gateways, sub)
        if move == "cancel":
            gateway.cancel_subscription(subscription_ref=ref, at_period_end=True)
        elif move == "pause":
            assert sub.pause_ends_at is not None
            gateway.pause_subscription(subscription_ref=ref, resume_at=sub.pause_ends_at)
        elif move == "change_tier":
            gateway.change_subscription_plan(subscription_ref=ref,
                                             plan_id=tier_plan(uow, gateway, sub))
        else:  # resume, unpause: billing goes on from the period end we hold
            gateway.resume_subscription(subscription_ref=ref)
            if sub.current_period_end is not None:
                gateway.reschedule(subscription_ref=ref, next_charge_at=sub.current_period_end)
    except ValueError as refused:
        raise Conflict("The payment gateway refused the change.", code="gateway_refused",
                       fields={"subscription_id": [str(refused)]}) from None
    except (GatewayUnavailable, LookupError):
        log.warning("the gateway billing a subscription did not take a change",
                    exc_info=True, extra={"subscription": sub.id, "move": move})
        raise Unavailable("The payment gateway is not answering; try again.",
                          code="gateway_unavailable") from None


def put_plan_back(uow: UnitOfWork, gateways: GatewayRouter, sub: Subscription,
                  tier_id: str) -> None:
    """An upgrade's charge was declined after the gateway moved to the new plan: back to
    ``tier_id``'s plan (a gateway that does not answer is logged: its next renewal would
    bill the new plan)."""
    if sub.gateway_subscription_id is None or sub.gateway_ended_at is not None:
        return
    try:
        gateway = gateway_of(uow, gateways, sub)
        gateway.change_subscription_plan(subscription_ref=sub.gateway_subscription_id,
                                         plan_id=tier_plan(uow, gateway, sub, tier_id))
    except (GatewayUnavailable, LookupError, ValueError):
        log.error("a declined upgrade's plan was not put back at the gateway",
                  exc_info=True, extra={"subscription": sub.id, "tier": tier_id})


class GatewayRenewals:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, gateways: GatewayRouter):
        self.uow, self.clock, self.gateways = uow, clock, gateways

    def hand_over(self, subscription_id: str) -> str | None:
        """Start the gateway's subscription for ``subscription_id``; its gateway id, or None
        when Ownverso keeps billing it."""
        with self.uow() as uow:
            sub = uow.reader_subscriptions.get_by(id=subscription_id, for_update=True)
            if sub is None or sub.gateway_subscription_id is not None:
                return sub.gateway_subscription_id if sub else None
            tier = uow.tiers.get(sub.tier_id)
            if (tier is None or sub.billing_cycle not in INTERVALS
                    or sub.current_period_end is None
                    or not sub.renewals_fit_a_plan(tier.price_for(sub.billing_cycle))
                    or not renewals_by_gateway(uow, sub.site_id)):
                return None
            try:
                gateway = gateway_of(uow, self.gateways, sub)
                if not gateway.renews_saved_cards:
                    return None  # it would wait for the reader: Ownverso renews it
                started = gateway.start_subscription(
                    customer_ref=sub.reader_id, plan_id=tier_plan(uow, gateway, sub),
                    first_charge_at=sub.current_period_end,
                    metadata={"subscription_id": sub.id, "site_id": sub.site_id},
                    idempotency_key=f"renewals:{sub.id}")
            except (GatewayUnavailable, LookupError, ValueError) as error:
                log.warning("renewals stay with Ownverso: the gateway did not take them: %s", error,
                            extra={"subscription": sub.id, "error": str(error)})
                return None
            sub.gateway_subscription_id, sub.updated_at = started.id, self.clock.now()
            uow.commit()
            log.info("renewals handed to the gateway",
                     extra={"subscription": sub.id, "gateway": gateway.name})
            return started.id

    def catch_up(self, *, settle_after: timedelta) -> tuple[list[str], list[str]]:
        """Read back from their gateway the gateway-billed subscriptions still ACTIVE or
        PAST_DUE ``settle_after`` past their period end; (changed, unanswered) ids."""
        now = self.clock.now()
        with self.uow() as uow:
            due = [s.id for s in uow.reader_subscriptions.list(
                status__in=[SubscriptionStatus.ACTIVE.value, SubscriptionStatus.PAST_DUE.value],
                gateway_subscription_id__isnull=False, gateway_ended_at__isnull=True,
                current_period_end__lte=now - settle_after, order_by=("id",), limit=BATCH)]
        changed, unanswered = [], []
        for subscription_id in due:
            with self.uow() as uow:
                sub = uow.reader_subscriptions.get_by(id=subscription_id, for_update=True)
                if sub is None or sub.gateway_subscription_id is None:
                    continue
                try:
                    there = gateway_of(uow, self.gateways, sub).get_subscription(
                        sub.gateway_subscription_id)
                except (GatewayUnavailable, LookupError):
                    unanswered.append(sub.id)
                    continue
                if follow_gateway(sub, GatewaySubscriptionFact(
                        kind="subscription", status=there.status,
                        period_end=there.current_period_end, occurred_at=now), now=now):
                    changed.append(sub.id)
                uow.commit()
        return changed, unanswered

    def stop_ended(self) -> tuple[list[str], list[str]]:
        """Cancel at their gateway the subscriptions that ended here; (stopped, unanswered)
        subscription ids."""
        with self.uow() as uow:
            ended = [s.id for s in uow.reader_subscriptions.list(
                status=SubscriptionStatus.EXPIRED.value, gateway_subscription_id__isnull=False,
                gateway_ended_at__isnull=True, order_by=("id",), limit=BATCH)]
        stopped, unanswered = [], []
        for subscription_id in ended:
            with self.uow() as uow:
                sub = uow.reader_subscriptions.get_by(id=subscription_id, for_update=True)
                if sub is None or sub.gateway_ended_at is not None:
                    continue
                assert sub.gateway_subscription_id is not None
                try:
                    gateway_of(uow, self.gateways, sub).cancel_subscription(
                        subscription_ref=sub.gateway_subscription_id, at_period_end=False)
                except (GatewayUnavailable, LookupError, ValueError):
                    log.warning("an ended subscription was not cancelled at its gateway",
                                exc_info=True, extra={"subscription": sub.id})
                    unanswered.append(sub.id)
                    continue
                sub.gateway_ended_at = self.clock.now()
                uow.commit()
                stopped.append(sub.id)
        return stopped, unanswered
