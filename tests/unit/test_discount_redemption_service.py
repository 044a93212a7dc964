"""The checkout's use of discount codes on the in-memory suite: quote, reserve, confirm and
release inside the caller's unit of work, what each refusal answers, and idempotency."""

from datetime import timedelta

import pytest

from ownverso.domain.memberships.discounts import DiscountCode
from ownverso.domain.memberships.redemption import RedemptionStatus
from ownverso.domain.memberships.subscription import Subscription
from ownverso.services.errors import Conflict, ValidationFailed
from ownverso.services.memberships.discount_redemptions import (
    confirm_redemption,
    quote_code,
    release_redemption,
    reserve_code,
)
from tests.support.site_kit import SiteKit


@pytest.fixture
def kit():
    return SiteKit.build()


def add_code(kit, site_id, **fields) -> DiscountCode:
    code = DiscountCode.create(now=kit.clock.now(), **{
        "id": f"dc_{fields.get('code', 'save')}", "site_id": site_id, "code": "save",
        "kind": "PERCENT", "value": 20, **fields})
    with kit.container.uow() as uow:
        uow.discount_codes.add(code)
        uow.commit()
    return code


def ask(kit, site_id, reader, code="Save", **overrides):
    values = {"site_id": site_id, "code": code, "reader_id": reader.user_id,
              "target_kind": "TIER", "target_id": "tier_1", "billing_cycle": "MONTHLY",
              "amount": 1000, "currency": "USD", "now": kit.clock.now()}
    return {**values, **overrides}


def reserve(kit, site_id, reader, checkout_id, **overrides):
    with kit.container.uow() as uow:
        result = reserve_code(uow, **ask(kit, site_id, reader, **overrides),
                              checkout_id=checkout_id)
        uow.commit()
        return result


def stored(kit, code_id):
    with kit.container.uow() as uow:
        return uow.discount_codes.get(code_id), uow.discount_redemptions.list(code_id=code_id)


def test_quote_finds_the_code_in_any_case_and_reserves_nothing(kit):
    site_id = kit.site(kit.user())
    code = add_code(kit, site_id, max_redemptions=1)
    with kit.container.uow() as uow:
        found, quote = quote_code(uow, **ask(kit, site_id, kit.user(author=False), "sAvE "))
    assert (found.id, quote.final_amount) == (code.id, 800)
    assert stored(kit, code.id)[0].redemption_count == 0


def test_unknown_and_other_sites_codes_are_not_found(kit):
    owner = kit.user()
    site_id, other = kit.site(owner), kit.site(owner)
    add_code(kit, other)
    reader = kit.user(author=False)
    for code in ("save", "", "nope"):
        with kit.container.uow() as uow, pytest.raises(ValidationFailed) as caught:
            quote_code(uow, **ask(kit, site_id, reader, code))
        assert (caught.value.code, list(caught.value.fields)) == \
            ("code_not_found", ["discount_code"])


def test_refusals_name_the_discount_code_and_exhausted_is_409(kit):
    site_id = kit.site(kit.user())
    reader = kit.user(author=False)
    add_code(kit, site_id, code="late", valid_until=kit.clock.now())
    with kit.container.uow() as uow, pytest.raises(ValidationFailed) as caught:
        quote_code(uow, **ask(kit, site_id, reader, "late"))
    assert (caught.value.status, caught.value.code, list(caught.value.fields)) == \
        (422, "code_expired", ["discount_code"])
    add_code(kit, site_id, code="full", max_redemptions=1, redemption_count=1)
    with kit.container.uow() as uow, pytest.raises(Conflict) as caught:
        quote_code(uow, **ask(kit, site_id, reader, "full"))
    assert (caught.value.status, caught.value.code) == (409, "code_exhausted")
    add_code(kit, site_id, code="fine")
    with kit.container.uow() as uow, pytest.raises(ValidationFailed) as caught:
        quote_code(uow, **ask(kit, site_id, reader, "fine", amount=-1))
    assert (caught.value.code, list(caught.value.fields)) == ("invalid_amount", ["amount"])


def test_first_time_only_looks_at_the_readers_subscriptions_to_the_site(kit):
    owner = kit.user()
    site_id, elsewhere = kit.site(owner), kit.site(owner)
    reader = kit.user(author=False)
    add_code(kit, site_id, first_time_only=True)
    with kit.container.uow() as uow:
        uow.reader_subscriptions.add(Subscription(id="sub_x", reader_id=reader.user_id,
                                                  site_id=elsewhere, tier_id="tier_x"))
        uow.commit()
    with kit.container.uow() as uow:
        assert quote_code(uow, **ask(kit, site_id, reader))[1].final_amount == 800
        uow.reader_subscriptions.add(Subscription(id="sub_y", reader_id=reader.user_id,
                                                  site_id=site_id, tier_id="tier_x"))
        uow.commit()
    with kit.container.uow() as uow, pytest.raises(ValidationFailed) as caught:
        quote_code(uow, **ask(kit, site_id, reader))
    assert caught.value.code == "first_time_only"


def test_reserve_counts_a_use_and_records_it_for_the_checkout(kit):
    site_id = kit.site(kit.user())
    reader = kit.user(author=False)
    code = add_code(kit, site_id, max_redemptions=2, per_reader_limit=None)
    found, quote, redemption = reserve(kit, site_id, reader, "cs_1", amount=999)
    assert (found.redemption_count, quote.discount_amount) == (1, 199)
    assert (redemption.id, redemption.status, redemption.amount_before,
            redemption.discount_amount, redemption.currency, redemption.target_id) == \
        ("dr_cs_1", RedemptionStatus.RESERVED, 999, 199, "USD", "tier_1")
    saved, rows = stored(kit, code.id)
    assert (saved.redemption_count, [r.checkout_id for r in rows]) == (1, ["cs_1"])


def test_the_reader_limit_counts_reserved_and_confirmed_uses_not_released(kit):
    site_id = kit.site(kit.user())
    reader = kit.user(author=False)
    code = add_code(kit, site_id, per_reader_limit=1)
    reserve(kit, site_id, reader, "cs_1")
    with pytest.raises(ValidationFailed) as caught:
        reserve(kit, site_id, reader, "cs_2")
    assert caught.value.code == "reader_limit_reached"
    with kit.container.uow() as uow:
        release_redemption(uow, checkout_id="cs_1", now=kit.clock.now())
        uow.commit()
    reserve(kit, site_id, reader, "cs_3")
    with kit.container.uow() as uow:
        confirm_redemption(uow, checkout_id="cs_3", now=kit.clock.now(), gift_id="gift_1")
        uow.commit()
    with pytest.raises(ValidationFailed):
        reserve(kit, site_id, reader, "cs_4")
    saved, rows = stored(kit, code.id)
    assert saved.redemption_count == 1
    assert sorted((r.checkout_id, r.status) for r in rows) == [
        ("cs_1", RedemptionStatus.RELEASED), ("cs_3", RedemptionStatus.CONFIRMED)]


def test_confirm_and_release_are_idempotent_and_ignore_checkouts_without_a_code(kit):
    site_id = kit.site(kit.user())
    reader = kit.user(author=False)
    code = add_code(kit, site_id)
    reserve(kit, site_id, reader, "cs_1")
    later = kit.clock.now() + timedelta(minutes=5)
    with kit.container.uow() as uow:
        assert confirm_redemption(uow, checkout_id="cs_none", now=later) is None
        assert release_redemption(uow, checkout_id="cs_none", now=later) is None
        first = confirm_redemption(uow, checkout_id="cs_1", now=later,
                                   subscription_id="sub_1")
        again = confirm_redemption(uow, checkout_id="cs_1", now=later + timedelta(days=1),
                                   subscription_id="sub_2")
        assert release_redemption(uow, checkout_id="cs_1", now=later).status == \
            RedemptionStatus.CONFIRMED
        uow.commit()
    assert first is again
    saved, (row,) = stored(kit, code.id)
    assert (row.status, row.confirmed_at, row.subscription_id, saved.redemption_count) == \
        (RedemptionStatus.CONFIRMED, later, "sub_1", 1)


def test_a_released_use_is_given_back_once_and_cannot_be_confirmed(kit):
    site_id = kit.site(kit.user())
    code = add_code(kit, site_id, max_redemptions=1)
    reserve(kit, site_id, kit.user(author=False), "cs_1")
    for _ in range(2):
        with kit.container.uow() as uow:
            release_redemption(uow, checkout_id="cs_1", now=kit.clock.now())
            uow.commit()
    assert stored(kit, code.id)[0].redemption_count == 0
    with kit.container.uow() as uow, pytest.raises(Conflict) as caught:
        confirm_redemption(uow, checkout_id="cs_1", now=kit.clock.now())
    assert caught.value.code == "redemption_released"
    reserve(kit, site_id, kit.user(author=False), "cs_2")  # the room came back
