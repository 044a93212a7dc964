"""Tiers and reader subscriptions stored straight through a unit of work (no checkout): for
paywall tests that need a reader in a given subscription state.

    gold = add_tier(container, site_id, name="Gold", monthly_price=900, early_access_days=7)
    subscribe(container, reader_id, site_id, gold)                      # ACTIVE
    subscribe(container, reader_id, site_id, gold, state="paused")      # PAUSED
    subscribe(container, reader_id, site_id, gold, state="expired")     # EXPIRED
"""

from datetime import timedelta
from itertools import count

from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.memberships.tier import Tier
from ownverso.domain.memberships.values import BillingCycle

_numbers = count(1)
STATES = ("active", "paused", "cancelled", "cancelled_past_end", "expired", "past_due",
          "unpaid")


def add_tier(container, site_id: str, *, name: str, monthly_price: int,
             early_access_days: int = 0, display_order: int | None = None,
             **fields) -> str:
    """Store an active, public tier of the site (free when ``monthly_price`` is 0)."""
    number = next(_numbers)
    now = container.clock().now()
    with container.uow() as uow:
        site = uow.sites.get(site_id)
        tier = Tier(id=f"tier_test_{number:05d}", site_id=site_id, author_id=site.author_id,
                    name=name, slug=f"{name.lower().replace(' ', '-')}-{number}",
                    monthly_price=monthly_price, is_free=monthly_price == 0,
                    early_access_days=early_access_days,
                    display_order=number if display_order is None else display_order,
                    created_at=now, updated_at=now, **fields)
        tier.validate()
        uow.tiers.add(tier)
        uow.commit()
    return tier.id


def subscribe(container, reader_id: str, site_id: str, tier_id: str, *,
              state: str = "active") -> str:
    """Store a subscription in ``state`` (see ``STATES``) as of the container's clock; a
    ``cancelled_past_end`` or ``expired`` one started 40 days ago (its month is over); an
    ``unpaid`` one never started (a checkout not paid)."""
    assert state in STATES, state
    now = container.clock().now()
    sub = Subscription(id=f"sub_test_{next(_numbers):05d}", reader_id=reader_id,
                       site_id=site_id, tier_id=tier_id, billing_cycle=BillingCycle.MONTHLY,
                       gateway="sandbox")
    if state != "unpaid":
        start = now - timedelta(days=40) if state in ("cancelled_past_end", "expired") else now
        sub.start(now=start)
    if state == "paused":
        sub.pause(months=1, now=now)
    elif state == "cancelled":
        sub.cancel(now=now)
    elif state == "cancelled_past_end":
        sub.cancel(now=start + timedelta(days=1))
    elif state == "expired":
        sub.cancel(now=start + timedelta(days=1))
        assert sub.expire_if_due(now)
    elif state == "past_due":
        sub.payment_failed(now=now)
    with container.uow() as uow:
        uow.reader_subscriptions.add(sub)
        uow.commit()
    return sub.id
