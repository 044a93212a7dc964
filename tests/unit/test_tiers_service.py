"""TierService on the memory suite: creation, slugs, the tier quota, lists, edits, state,
duplicates, reorder, deletion, the pricing page, gateway sync, and who may do what."""

import pytest

from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    QuotaExceeded,
    ValidationFailed,
)
from tests.support.site_kit import SiteKit


@pytest.fixture
def kit():
    return SiteKit.build()


@pytest.fixture
def owner(kit):
    return kit.user(tier="GROWTH")


@pytest.fixture
def site_id(kit, owner):
    return kit.site(owner)


@pytest.fixture
def service(kit):
    return kit.container.tiers()


def make(service, owner, site_id, **fields):
    return service.create(actor=owner, site_id=site_id,
                          fields={"name": "Gold", "monthly_price": 500, "currency": "USD",
                                  **fields})


def test_create_makes_the_slug_from_the_name(service, owner, site_id):
    tier = make(service, owner, site_id, name="Gold Readers!")
    assert (tier.slug, tier.is_active, tier.author_id) == ("gold-readers", True, owner.user_id)
    with pytest.raises(Conflict) as caught:
        make(service, owner, site_id, name="Gold Readers")
    assert caught.value.code == "slug_taken"


def test_create_applies_the_domain_rules(service, owner, site_id):
    with pytest.raises(ValidationFailed) as caught:
        make(service, owner, site_id, billing_cycles=["ANNUAL"])
    assert caught.value.code == "annual_price_required"


def test_the_free_plan_caps_the_tiers(kit, service):
    free_owner = kit.user(tier="FREE")
    site_id = kit.site(free_owner)
    for n in range(3):
        make(service, free_owner, site_id, name=f"Tier {n}")
    with pytest.raises(QuotaExceeded) as caught:
        make(service, free_owner, site_id, name="Tier 4")
    assert caught.value.code == "max_subscription_tiers_exceeded"
    first = service.list_for_site(actor=free_owner, site_id=site_id)[0][0]
    with pytest.raises(QuotaExceeded):
        service.duplicate(actor=free_owner, tier_id=first.id)


def test_list_edit_and_order(service, owner, site_id):
    gold = make(service, owner, site_id)
    silver = make(service, owner, site_id, name="Silver", monthly_price=200)
    items, total = service.list_for_site(actor=owner, site_id=site_id)
    assert total == 2 and {t.id for t in items} == {gold.id, silver.id}
    edited = service.update(actor=owner, tier_id=silver.id,
                            changes={"benefits": ["Early access"], "early_access_days": 3})
    assert edited.benefits == ["Early access"] and edited.early_access_days == 3
    with pytest.raises(Conflict):
        service.update(actor=owner, tier_id=silver.id, changes={"slug": "gold"})
    with pytest.raises(ValidationFailed):
        service.update(actor=owner, tier_id=silver.id, changes={"monthly_price": 0})
    ordered = service.reorder(actor=owner, site_id=site_id, tier_ids=[silver.id, gold.id])
    assert [(t.id, t.display_order) for t in ordered] == [(silver.id, 0), (gold.id, 1)]
    assert [t.id for t in service.list_for_site(actor=owner, site_id=site_id)[0]] == \
        [silver.id, gold.id]
    with pytest.raises(ValidationFailed) as caught:
        service.reorder(actor=owner, site_id=site_id, tier_ids=[gold.id])
    assert caught.value.code == "invalid_tier_order"


def test_state_duplicate_and_delete(service, owner, site_id):
    gold = make(service, owner, site_id)
    assert service.deactivate(actor=owner, tier_id=gold.id).is_active is False
    with pytest.raises(Conflict):
        service.deactivate(actor=owner, tier_id=gold.id)
    assert service.activate(actor=owner, tier_id=gold.id).is_active is True
    copy = service.duplicate(actor=owner, tier_id=gold.id)
    assert (copy.name, copy.slug, copy.is_active) == ("Gold (copy)", "gold-copy", False)
    assert service.duplicate(actor=owner, tier_id=gold.id).slug == "gold-copy-2"
    with service.uow() as uow:
        uow.tiers.get(gold.id).current_subscribers = 2
        uow.commit()
    with pytest.raises(Conflict) as caught:
        service.delete(actor=owner, tier_id=gold.id)
    assert caught.value.code == "tier_has_subscribers"
    service.delete(actor=owner, tier_id=copy.id)
    with pytest.raises(NotFound):
        service.get(actor=owner, tier_id=copy.id)


def test_the_pricing_page_shows_active_public_tiers(service, owner, site_id):
    gold = make(service, owner, site_id, display_order=2)
    make(service, owner, site_id, name="Hidden", is_public=False)
    off = make(service, owner, site_id, name="Off")
    service.deactivate(actor=owner, tier_id=off.id)
    free = make(service, owner, site_id, name="Free", is_free=True, monthly_price=0,
                display_order=0)
    assert [t.id for t in service.public(site_id=site_id)] == [free.id, gold.id]
    with pytest.raises(NotFound):
        service.public(site_id="site_missing")


def test_sync_stores_the_plan_ids_per_gateway(kit, service, owner, site_id):
    gold = make(service, owner, site_id, billing_cycles=["MONTHLY", "ANNUAL"],
                annual_price=5000)
    result = service.sync(actor=owner, tier_id=gold.id, gateway="stripe")
    assert result.answered_by == "sandbox" and set(result.plan_ids) == {"MONTHLY", "ANNUAL"}
    plans = kit.container.payment_gateway().plans
    assert plans[result.plan_ids["ANNUAL"]]["amount"] == 5000
    again = service.sync(actor=owner, tier_id=gold.id, gateway="stripe")
    assert again.plan_ids == result.plan_ids
    service.sync(actor=owner, tier_id=gold.id, gateway="razorpay")
    stored = service.get(actor=owner, tier_id=gold.id).gateway_plan_ids
    assert set(stored) == {"stripe", "razorpay"} and stored["stripe"] == result.plan_ids
    free = make(service, owner, site_id, name="Free", is_free=True, monthly_price=0)
    with pytest.raises(Conflict):
        service.sync(actor=owner, tier_id=free.id, gateway="stripe")


def test_who_may_do_what(kit, service, owner, site_id):
    gold = make(service, owner, site_id)
    stranger, editor, manager = kit.user(), kit.user(), kit.user()
    kit.join(site_id, editor, CollaboratorRole.EDITOR)
    kit.join(site_id, manager, CollaboratorRole.MANAGER)
    with pytest.raises(NotFound):
        service.get(actor=stranger, tier_id=gold.id)
    with pytest.raises(NotFound):
        service.list_for_site(actor=stranger, site_id=site_id)
    assert service.get(actor=editor, tier_id=gold.id).id == gold.id
    with pytest.raises(PermissionDenied):
        service.update(actor=editor, tier_id=gold.id, changes={"name": "Mine"})
    assert service.update(actor=manager, tier_id=gold.id, changes={"name": "Ours"}).name == \
        "Ours"
