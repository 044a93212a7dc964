"""The subscription state machine: every status x action, allowed or refused."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.access.inputs import SubscriptionStatus as S
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.memberships import events as ev
from ownverso.domain.memberships.subscription import Subscription

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
T = T0 + timedelta(days=2)  # when every action of the table is tried


def new(**fields) -> Subscription:
    values = {"id": "sub_1", "reader_id": "usr_r", "site_id": "site_1", "tier_id": "tier_b",
              "price_at_purchase": 500, "original_price": 500, "currency": "usd"}
    return Subscription(**{**values, **fields})


def in_state(state: str) -> Subscription:
    sub = new()
    if state == "NEW":
        return sub
    sub.start(now=T0, trial_days=14 if state == "TRIALING" else 0)
    if state == "PAST_DUE":
        sub.payment_failed(now=T0 + timedelta(days=1))
    elif state in ("CANCELLED", "EXPIRED"):
        sub.cancel(now=T0 + timedelta(days=1), reason="too_expensive")
        if state == "EXPIRED":
            assert sub.expire_if_due(sub.current_period_end)
    elif state == "PAUSED":
        sub.pause(months=1, now=T0 + timedelta(days=1))
    return sub


ACTIONS = {
    "start": ("start", S.ACTIVE, lambda s: s.start(now=T)),
    "renew": ("renew", S.ACTIVE, lambda s: s.renew(now=T, paid_amount=500)),
    "upgrade": ("upgrade", S.ACTIVE, lambda s: s.upgrade(tier_id="tier_a", price=900, now=T)),
    "downgrade": ("downgrade", S.ACTIVE,
                  lambda s: s.downgrade(tier_id="tier_c", price=300, now=T)),
    "cancel": ("cancel", S.CANCELLED, lambda s: s.cancel(now=T, reason="r", feedback="f")),
    "resume": ("resume", S.ACTIVE, lambda s: s.resume(now=T)),
    "pause": ("pause", S.PAUSED, lambda s: s.pause(months=2, now=T)),
    "unpause": ("unpause", S.ACTIVE, lambda s: s.unpause(now=T)),
    "payment_failed": ("fail_payment", S.PAST_DUE, lambda s: s.payment_failed(now=T)),
    "payment_recovered": ("recover_payment", S.ACTIVE,
                          lambda s: s.payment_recovered(now=T, paid_amount=500)),
}

ALLOWED = {
    "NEW": {"start"},
    "ACTIVE": {"renew", "upgrade", "downgrade", "cancel", "pause", "payment_failed"},
    "TRIALING": {"renew", "upgrade", "downgrade", "cancel", "payment_failed"},
    "PAST_DUE": {"renew", "cancel", "payment_recovered"},
    "CANCELLED": {"resume"},
    "EXPIRED": set(),
    "PAUSED": {"unpause"},
}

CASES = [(state, action) for state in ALLOWED for action in ACTIONS]


@pytest.mark.parametrize(("state", "action"), CASES)
def test_every_status_and_action(state, action):
    sub = in_state(state)
    name, after, run = ACTIONS[action]
    before_status, before_events = sub.status, len(sub.events)
    if action in ALLOWED[state]:
        run(sub)
        assert sub.status == after
        assert len(sub.events) > before_events
        assert sub.updated_at == T
    else:
        with pytest.raises(InvalidTransition) as caught:
            run(sub)
        assert caught.value.code == f"cannot_{name}"
        assert sub.status == before_status and len(sub.events) == before_events


def test_start_records_the_period_and_the_event():
    sub = new()
    sub.start(now=T0)
    assert (sub.status, sub.current_period_start) == (S.ACTIVE, T0)
    assert sub.current_period_end == datetime(2026, 2, 10, 9, 0, tzinfo=UTC)
    assert sub.created_at == T0 and sub.anchor_day == 10
    assert isinstance(sub.events[-1], ev.SubscriptionStarted)


def test_a_trial_ends_its_period_with_the_trial():
    sub = new()
    sub.start(now=T0, trial_days=14)
    assert sub.is_trialing and sub.trial_ends_at == sub.current_period_end == T0 + timedelta(14)
    with pytest.raises(RuleViolation):
        new().start(now=T0, trial_days=-1)


def test_cancel_keeps_access_to_period_end_and_records_why():
    sub = in_state("ACTIVE")
    sub.cancel(now=T, reason="too_expensive", feedback="later")
    assert not sub.auto_renew and sub.cancelled_at == T
    assert (sub.cancel_reason, sub.cancel_feedback) == ("too_expensive", "later")
    assert sub.is_live(sub.current_period_end - timedelta(seconds=1))
    assert not sub.is_live(sub.current_period_end)
    event = sub.events[-1]
    assert isinstance(event, ev.Cancelled) and event.access_until == sub.current_period_end


def test_resume_undoes_a_cancel_only_before_period_end():
    sub = in_state("CANCELLED")
    sub.resume(now=T)
    assert sub.status == S.ACTIVE and sub.auto_renew and sub.cancelled_at is None
    assert sub.cancel_reason is None and isinstance(sub.events[-1], ev.Resumed)
    late = in_state("CANCELLED")
    with pytest.raises(InvalidTransition) as caught:
        late.resume(now=late.current_period_end)
    assert caught.value.code == "cannot_resume"


def test_upgrade_and_downgrade_need_the_right_direction():
    sub = in_state("ACTIVE")
    with pytest.raises(RuleViolation) as caught:
        sub.upgrade(tier_id="tier_c", price=300, now=T)
    assert caught.value.code == "not_an_upgrade"
    with pytest.raises(RuleViolation) as caught:
        sub.downgrade(tier_id="tier_a", price=900, now=T)
    assert caught.value.code == "not_a_downgrade"
    with pytest.raises(RuleViolation):
        sub.upgrade(tier_id="tier_b", price=900, now=T)


def test_an_upgrade_drops_a_scheduled_downgrade():
    sub = in_state("ACTIVE")
    sub.downgrade(tier_id="tier_c", price=300, now=T)
    assert sub.pending_tier_id == "tier_c" and sub.pending_change_at == sub.current_period_end
    assert sub.tier_id == "tier_b"  # not yet
    sub.upgrade(tier_id="tier_a", price=900, now=T)
    assert sub.tier_id == "tier_a" and sub.pending_tier_id is None
    assert isinstance(sub.events[-1], ev.Upgraded)


def test_a_trial_upgrade_charges_nothing():
    sub = in_state("TRIALING")
    assert sub.upgrade(tier_id="tier_a", price=900, now=T) == 0
    assert sub.price_at_purchase == 900


def test_payment_recovery_is_refused_after_grace():
    sub = in_state("PAST_DUE")
    with pytest.raises(InvalidTransition) as caught:
        sub.payment_recovered(now=sub.grace_ends_at, paid_amount=500)
    assert caught.value.code == "cannot_renew"
    assert sub.status == S.PAST_DUE


def test_payment_recovery_renews_from_the_old_period_end():
    sub = in_state("PAST_DUE")
    end = sub.current_period_end
    sub.payment_recovered(now=T, paid_amount=500)
    assert sub.status == S.ACTIVE and sub.grace_ends_at is None
    assert sub.current_period_start == end
    assert isinstance(sub.events[-1], ev.Renewed)


def test_pause_months_must_be_one_to_three():
    for months in (0, 4, -1):
        with pytest.raises(RuleViolation) as caught:
            in_state("ACTIVE").pause(months=months, now=T)
        assert caught.value.code == "invalid_pause_months"


def test_facts_need_a_started_subscription():
    with pytest.raises(RuleViolation):
        new().facts()
    assert not new().is_live(T)
