"""The referral rules: codes, who may apply a code, the state machine and the rewards."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.referrals.account import ReferralAccount
from ownverso.domain.referrals.codes import ALPHABET, new_code, normalize_code
from ownverso.domain.referrals.referral import (
    Attribution,
    QualificationEvent,
    Referral,
    ReferralStatus,
    check_may_apply,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def referral(**attribution) -> Referral:
    return Referral.open(id="rfr_1", referrer_id="usr_a", code="ABCDEFGH", referee_id="usr_b",
                         now=NOW, attribution=Attribution(**attribution),
                         referee_discount_percent=50)


def may_apply(**overrides) -> None:
    args = {"referrer_id": "usr_a", "referee_id": "usr_b", "referee_created_at": NOW,
            "now": NOW + timedelta(days=1), "already_referred": False, "mutual": False}
    check_may_apply(**{**args, **overrides})


def test_codes_are_eight_characters_without_look_alikes_and_differ():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 8 and set(c) <= set(ALPHABET) for c in codes)
    assert not set("01ILO") & set(ALPHABET)
    assert len(new_code(12)) == 12
    with pytest.raises(ValueError):
        new_code(7)


def test_codes_are_matched_case_insensitively_and_malformed_ones_are_none():
    assert normalize_code(" abcd-efgh ") == "ABCDEFGH"
    assert normalize_code("ABC") is None
    assert normalize_code("ABCDEFG0") is None  # 0 is not in the alphabet
    assert normalize_code(None) is None


def test_a_new_referral_is_signed_up_expires_in_90_days_and_promises_the_discount():
    made = referral(utm_source="newsletter", landing_page="/pricing")
    assert made.status == ReferralStatus.SIGNED_UP
    assert made.signed_up_at == made.created_at == NOW
    assert made.expires_at == NOW + timedelta(days=90)
    assert (made.referee_reward, made.referee_reward_value) == ("FIRST_MONTH_DISCOUNT", 50)
    assert (made.utm_source, made.landing_page) == ("newsletter", "/pricing")


@pytest.mark.parametrize(("overrides", "error", "code"), [
    ({"referee_id": "usr_a"}, RuleViolation, "self_referral"),
    ({"already_referred": True}, InvalidTransition, "already_referred"),
    ({"mutual": True}, RuleViolation, "mutual_referral"),
    ({"now": NOW + timedelta(days=7, seconds=1)}, RuleViolation, "referral_window_closed"),
])
def test_applying_a_code_is_refused(overrides, error, code):
    with pytest.raises(error) as raised:
        may_apply(**overrides)
    assert raised.value.code == code


def test_applying_on_the_seventh_day_is_allowed():
    may_apply(now=NOW + timedelta(days=7))


def test_a_referral_qualifies_then_is_rewarded_once():
    made = referral()
    later = NOW + timedelta(days=10)
    made.qualify(event=QualificationEvent.READER_REVENUE, reason="pay_1", now=later)
    assert made.status == ReferralStatus.QUALIFIED
    assert (made.qualified_at, made.converted_at) == (later, later)
    assert (made.qualification_event, made.qualification_reason) == ("READER_REVENUE", "pay_1")
    made.reward(now=later, by="usr_admin")
    assert made.status == ReferralStatus.REWARDED
    assert (made.referrer_reward, made.referrer_reward_value) == ("FREE_MONTH", 1)
    assert (made.referrer_reward_applied_at, made.rewarded_by) == (later, "usr_admin")
    with pytest.raises(InvalidTransition) as again:
        made.reward(now=later)
    assert again.value.code == "already_rewarded"


def test_only_a_qualified_referral_is_rewarded_and_only_a_signed_up_one_qualifies():
    made = referral()
    with pytest.raises(InvalidTransition) as early:
        made.reward(now=NOW)
    assert early.value.code == "referral_not_qualified"
    made.qualify(event=QualificationEvent.PLATFORM_SUBSCRIPTION, reason=None, now=NOW)
    with pytest.raises(InvalidTransition):
        made.qualify(event=QualificationEvent.PLATFORM_SUBSCRIPTION, reason=None, now=NOW)


def test_a_referral_expires_after_90_days_unless_it_qualified():
    made = referral()
    almost = NOW + timedelta(days=90) - timedelta(seconds=1)
    assert not made.is_due_to_expire(almost)
    with pytest.raises(InvalidTransition):
        made.expire(now=almost)
    due = NOW + timedelta(days=90)
    with pytest.raises(InvalidTransition) as late:
        made.qualify(event=QualificationEvent.READER_REVENUE, reason=None, now=due)
    assert late.value.code == "referral_expired"
    made.expire(now=due)
    assert made.status == ReferralStatus.EXPIRED
    assert made.referee_discount_available == 0
    qualified = referral()
    qualified.qualify(event=QualificationEvent.READER_REVENUE, reason=None, now=NOW)
    assert not qualified.is_due_to_expire(due)


def test_the_referee_discount_is_used_once():
    made = referral()
    assert made.use_referee_discount(now=NOW) == 50
    assert made.referee_reward_applied_at == NOW
    assert made.use_referee_discount(now=NOW) == 0


def test_an_account_regenerates_its_code_and_earns_months():
    account = ReferralAccount(id="rfa_1", user_id="usr_a", code="ABCDEFGH", created_at=NOW,
                              updated_at=NOW)
    account.regenerate("HGFEDCBA", now=NOW + timedelta(days=1))
    assert (account.code, account.regenerated_at) == ("HGFEDCBA", NOW + timedelta(days=1))
    account.credit_month(now=NOW)
    account.credit_month(now=NOW)
    assert account.reward_months == 2
