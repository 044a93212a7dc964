"""Gifted months, free months, and the live slot that keeps one live subscription per reader
and site; the checkout session's moves."""

from datetime import UTC, datetime

import pytest

from ownverso.domain.access.inputs import SubscriptionStatus as S
from ownverso.domain.checkout.session import CHECKOUT_WINDOW, CheckoutKind, CheckoutSession
from ownverso.domain.checkout.session import CheckoutStatus as C
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.memberships.subscription import Subscription


def at(y, m, d) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


def new() -> Subscription:
    return Subscription(id="sub_1", reader_id="usr_r", site_id="site_1", tier_id="tier_b",
                        price_at_purchase=500, original_price=500)


def test_a_started_subscription_holds_the_slot_until_it_expires():
    sub = new()
    assert sub.live_slot is None
    sub.start(now=at(2026, 1, 10))
    assert sub.live_slot == "usr_r:site_1"
    sub.cancel(now=at(2026, 1, 20))
    assert sub.live_slot == "usr_r:site_1"  # cancelled, still readable to the period end
    assert sub.expire_if_due(at(2026, 2, 10))
    assert sub.live_slot is None


def test_free_months_then_trial_days_make_one_trial_billed_at_its_end():
    sub = new()
    sub.start(now=at(2026, 1, 31), free_months=1, trial_days=3)
    assert sub.is_trialing and sub.trial_ends_at == at(2026, 3, 3)
    assert sub.is_live(at(2026, 3, 2)) and not sub.is_live(at(2026, 3, 3))
    sub.renew(now=at(2026, 3, 3), paid_amount=500)
    assert not sub.is_trialing and sub.current_period_end == at(2026, 4, 3)


def test_a_gift_lasts_its_months_and_then_ends_without_a_charge():
    sub = new()
    sub.start_gift(now=at(2026, 1, 31), months=2)
    assert (sub.status, sub.is_gift, sub.auto_renew) == (S.ACTIVE, True, False)
    assert sub.current_period_end == at(2026, 3, 31) and sub.price_at_purchase == 0
    assert sub.facts().is_gift and sub.is_live(at(2026, 3, 30))
    assert not sub.expire_if_due(at(2026, 3, 30))
    assert sub.expire_if_due(at(2026, 3, 31))
    assert sub.status == S.EXPIRED and sub.live_slot is None


@pytest.mark.parametrize("months", [0, 13, 1.5])
def test_a_gift_lasts_one_to_twelve_months(months):
    with pytest.raises(RuleViolation) as caught:
        new().start_gift(now=at(2026, 1, 1), months=months)
    assert caught.value.code == "invalid_gift_months"


@pytest.mark.parametrize("move", [
    lambda s: s.cancel(now=at(2026, 1, 5)),
    lambda s: s.pause(months=1, now=at(2026, 1, 5)),
    lambda s: s.upgrade(tier_id="tier_c", price=900, now=at(2026, 1, 5)),
    lambda s: s.downgrade(tier_id="tier_a", price=100, now=at(2026, 1, 5)),
])
def test_gifted_months_are_not_billed_so_there_is_nothing_to_change(move):
    sub = new()
    sub.start_gift(now=at(2026, 1, 1), months=1)
    with pytest.raises(InvalidTransition):
        move(sub)
    assert sub.status == S.ACTIVE


def test_extend_adds_months_after_the_paid_period_and_moves_a_scheduled_downgrade():
    sub = new()
    sub.start(now=at(2026, 1, 31))
    sub.downgrade(tier_id="tier_a", price=100, now=at(2026, 2, 1))
    assert sub.extend(months=2, now=at(2026, 2, 2)) == at(2026, 4, 28)
    assert sub.pending_change_at == at(2026, 4, 28) and sub.anchor_day == 28


def test_extend_refuses_a_paused_or_ended_subscription():
    sub = new()
    sub.start(now=at(2026, 1, 1))
    sub.pause(months=1, now=at(2026, 1, 2))
    with pytest.raises(InvalidTransition):
        sub.extend(months=1, now=at(2026, 1, 3))
    ended = new()
    ended.start(now=at(2026, 1, 1))
    ended.cancel(now=at(2026, 1, 2))
    with pytest.raises(InvalidTransition):
        ended.extend(months=1, now=at(2026, 2, 1))


def session() -> CheckoutSession:
    return CheckoutSession.open(now=at(2026, 1, 1), id="cs_1", kind=CheckoutKind.SUBSCRIPTION,
                                user_id="usr_r", amount=500, original_amount=500)


def test_a_checkout_is_open_for_its_window_then_stale():
    s = session()
    assert s.is_open and s.expires_at == at(2026, 1, 1) + CHECKOUT_WINDOW
    assert not s.is_stale(at(2026, 1, 1)) and s.is_stale(s.expires_at)


def test_a_checkout_completes_once():
    s = session()
    s.complete(now=at(2026, 1, 1), result_id="sub_1")
    assert (s.status, s.result_id) == (C.COMPLETE, "sub_1")
    for move in (lambda: s.complete(now=at(2026, 1, 1), result_id="sub_2"),
                 lambda: s.expire(now=at(2026, 1, 1)),
                 lambda: s.fail(now=at(2026, 1, 1), code="x")):
        with pytest.raises(InvalidTransition) as caught:
            move()
        assert caught.value.code == "checkout_complete"
    assert s.result_id == "sub_1"


def test_an_expired_or_failed_checkout_says_why():
    expired, failed = session(), session()
    expired.expire(now=at(2026, 1, 2))
    failed.fail(now=at(2026, 1, 2), code="already_subscribed")
    assert expired.status == C.EXPIRED
    assert (failed.status, failed.failure_code) == (C.FAILED, "already_subscribed")
