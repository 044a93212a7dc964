"""Pauses over a rolling year, grace and trial expiry, reminders, and the access view."""

import copy
from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.access.inputs import SubscriptionStatus as S
from ownverso.domain.errors import InvalidTransition
from ownverso.domain.memberships import events as ev
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.memberships.values import BillingCycle


def at(y, m, d, h=0, mi=0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=UTC)


def started(now=None, cycle=BillingCycle.MONTHLY, trial_days=0) -> Subscription:
    sub = Subscription(id="sub_1", reader_id="usr_r", site_id="site_1", tier_id="tier_b",
                       billing_cycle=cycle, price_at_purchase=500, original_price=500)
    sub.start(now=now or at(2026, 1, 1), trial_days=trial_days)
    return sub


def pause_and_return(sub, when, months=1):
    sub.pause(months=months, now=when)
    sub.unpause(now=sub.pause_ends_at)


def test_at_most_two_pauses_in_any_365_days():
    sub = started()
    pause_and_return(sub, at(2026, 1, 1))
    pause_and_return(sub, at(2026, 3, 1))
    assert sub.pause_history == ["2026-01-01", "2026-03-01"]
    for day in (at(2026, 6, 1), at(2026, 12, 31)):
        with pytest.raises(InvalidTransition) as caught:
            sub.pause(months=1, now=day)
        assert caught.value.code == "pause_limit_reached"
        assert sub.status == S.ACTIVE
    sub.pause(months=1, now=at(2027, 1, 1))  # the first pause is 365 days back: out
    assert sub.status == S.PAUSED and sub.pauses_in_window(at(2027, 1, 1)) == 2


def test_the_window_rolls():
    sub = started()
    pause_and_return(sub, at(2026, 1, 1))
    assert sub.pauses_in_window(at(2026, 12, 31)) == 1
    assert sub.pauses_in_window(at(2027, 1, 1)) == 0


def test_a_pause_stops_access_and_pushes_the_period_end_on_unpause():
    sub = started(at(2026, 1, 1))  # period ends Feb 1
    sub.downgrade(tier_id="tier_c", price=300, now=at(2026, 1, 5))
    sub.pause(months=1, now=at(2026, 1, 10))
    assert sub.pause_ends_at == at(2026, 2, 10) and sub.paused_at == at(2026, 1, 10)
    assert not sub.is_live(at(2026, 1, 11)) and not sub.facts().is_live(at(2026, 1, 11))
    sub.unpause(now=at(2026, 1, 20))
    assert sub.current_period_end == at(2026, 2, 11)  # pushed 10 days
    assert sub.pending_change_at == at(2026, 2, 11)
    assert sub.is_live(at(2026, 1, 20)) and sub.paused_at is None
    assert [type(e) for e in sub.events[-2:]] == [ev.Paused, ev.Unpaused]
    sub.renew(now=at(2026, 2, 11), paid_amount=300)
    assert sub.current_period_end == at(2026, 3, 11)  # renewals follow the pushed end


def test_a_pause_ends_by_itself_when_due():
    sub = started(at(2026, 1, 1))
    sub.pause(months=2, now=at(2026, 1, 10))
    assert not sub.end_pause_if_due(at(2026, 3, 9))
    assert sub.status == S.PAUSED
    assert sub.end_pause_if_due(at(2026, 3, 12))  # the job ran late: the pause still ends
    assert sub.status == S.ACTIVE  # at pause_ends_at, so the push is the pause's length
    assert sub.current_period_end == at(2026, 2, 1) + (at(2026, 3, 10) - at(2026, 1, 10))
    assert not sub.end_pause_if_due(at(2026, 3, 13))


def test_payment_failure_keeps_access_through_grace_then_expires():
    sub = started(at(2026, 1, 1))
    sub.payment_failed(now=at(2026, 2, 1))
    assert sub.status == S.PAST_DUE and sub.grace_ends_at == at(2026, 2, 4)
    assert sub.is_live(at(2026, 2, 3, 23, 59)) and not sub.is_live(at(2026, 2, 4))
    assert not sub.expire_if_due(at(2026, 2, 3))
    assert sub.expire_if_due(at(2026, 2, 4, 1))
    assert sub.status == S.EXPIRED and sub.expires_at == at(2026, 2, 4)
    assert sub.events[-1].reason == "GRACE_ENDED"
    assert not sub.expire_if_due(at(2026, 3, 1))


def test_grace_days_can_be_set():
    sub = started(at(2026, 1, 1))
    sub.payment_failed(now=at(2026, 2, 1), grace_days=5)
    assert sub.grace_ends_at == at(2026, 2, 6)


def test_a_trial_ended_without_payment_expires():
    sub = started(at(2026, 1, 1), trial_days=7)
    assert sub.is_live(at(2026, 1, 7, 23)) and sub.facts().is_trialing
    assert not sub.expire_if_due(at(2026, 1, 7, 23))
    assert sub.expire_if_due(at(2026, 1, 8))
    assert (sub.status, sub.is_trialing, sub.expires_at) == (S.EXPIRED, False, at(2026, 1, 8))
    assert sub.events[-1].reason == "TRIAL_ENDED" and not sub.is_live(at(2026, 1, 8))


def test_a_failed_first_charge_after_a_trial_gets_grace():
    sub = started(at(2026, 1, 1), trial_days=7)
    sub.payment_failed(now=at(2026, 1, 8))
    assert not sub.is_trialing and sub.is_live(at(2026, 1, 10))
    assert not sub.is_live(at(2026, 1, 11))


def test_a_cancelled_subscription_expires_at_period_end():
    sub = started(at(2026, 1, 1))
    sub.cancel(now=at(2026, 1, 5))
    assert not sub.expire_if_due(at(2026, 1, 31, 23))
    assert sub.expire_if_due(at(2026, 2, 2))
    assert sub.expires_at == at(2026, 2, 1) and sub.events[-1].reason == "CANCELLED"


def test_active_paid_subscriptions_are_not_expired_by_the_job():
    sub = started(at(2026, 1, 1))
    assert not sub.expire_if_due(at(2026, 6, 1)) and sub.status == S.ACTIVE


def test_renewal_reminders_only_for_renewing_annual_subscriptions():
    sub = started(at(2026, 1, 1), BillingCycle.ANNUAL)
    assert not sub.needs_renewal_reminder(at(2026, 12, 24, 23))
    assert sub.needs_renewal_reminder(at(2026, 12, 25))
    assert sub.needs_renewal_reminder(at(2026, 12, 28), days_before=5)
    assert not sub.needs_renewal_reminder(at(2026, 12, 25), days_before=5)
    sub.mark_renewal_reminder_sent(at(2026, 12, 25))
    assert not sub.needs_renewal_reminder(at(2026, 12, 26))
    sub.renew(now=at(2027, 1, 1), paid_amount=5000)
    assert sub.needs_renewal_reminder(at(2027, 12, 25))  # a new period, a new reminder
    assert not started(at(2026, 1, 1)).needs_renewal_reminder(at(2026, 1, 28))  # monthly
    sub.cancel(now=at(2027, 12, 26))
    assert not sub.needs_renewal_reminder(at(2027, 12, 27))


def test_expiry_reminders_for_cancelled_subscriptions():
    sub = started(at(2026, 1, 1))
    assert not sub.needs_expiry_reminder(at(2026, 1, 30))  # still renewing
    sub.cancel(now=at(2026, 1, 5))
    assert not sub.needs_expiry_reminder(at(2026, 1, 28, 23))
    assert sub.needs_expiry_reminder(at(2026, 1, 29))
    assert not sub.needs_expiry_reminder(at(2026, 2, 1))  # already ended
    sub.mark_expiry_reminder_sent(at(2026, 1, 29))
    assert not sub.needs_expiry_reminder(at(2026, 1, 30))
    sub.resume(now=at(2026, 1, 30))
    assert sub.expiry_reminder_sent_at is None


def scenarios() -> dict[str, Subscription]:
    active = started(at(2026, 1, 1))
    trial = started(at(2026, 1, 1), trial_days=14)
    cancelled = started(at(2026, 1, 1))
    cancelled.cancel(now=at(2026, 1, 10))
    past_due = started(at(2026, 1, 1))
    past_due.payment_failed(now=at(2026, 2, 1))
    paused = started(at(2026, 1, 1))
    paused.pause(months=3, now=at(2026, 1, 10))
    expired = started(at(2026, 1, 1))
    expired.cancel(now=at(2026, 1, 2))
    expired.expire_if_due(at(2026, 2, 1))
    return {"active": active, "trial": trial, "cancelled": cancelled, "past_due": past_due,
            "paused": paused, "expired": expired}


CLOCK = [at(2026, 1, 1) + timedelta(hours=7 * i) for i in range(0, 300)]
LIVE_UNTIL = {"active": None, "trial": at(2026, 1, 15), "cancelled": at(2026, 2, 1),
              "past_due": at(2026, 2, 4), "paused": at(2026, 1, 1), "expired": at(2026, 1, 1)}


@pytest.mark.parametrize("name", list(LIVE_UNTIL))
def test_facts_match_is_live_at_every_clock_point(name):
    sub = scenarios()[name]
    facts = sub.facts()
    assert (facts.status, facts.tier_id) == (sub.status, sub.tier_id)
    until = LIVE_UNTIL[name]
    for now in CLOCK:
        assert sub.is_live(now) == facts.is_live(now)
        assert sub.is_live(now) == (until is None or now < until), now


@pytest.mark.parametrize("name", ["trial", "cancelled", "past_due", "paused", "expired"])
def test_the_expiry_job_never_changes_the_answer(name):
    """Access follows the clock: running the job or not gives the same decision."""
    for now in CLOCK:
        sub = scenarios()[name]
        before = sub.is_live(now)
        sub.expire_if_due(now)
        assert sub.is_live(now) == before, now


def test_a_trial_ends_with_the_clock_even_before_the_job_runs():
    """A trial past its end is no longer live, whether or not ``expire_if_due`` has run."""
    sub = started(at(2026, 1, 1), trial_days=14)
    assert sub.is_live(at(2026, 1, 14))
    late = at(2026, 1, 16)
    assert not sub.is_live(late)
    job_ran = copy.deepcopy(sub)
    assert job_ran.expire_if_due(late) and not job_ran.is_live(late)