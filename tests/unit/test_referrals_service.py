"""The referral use cases on the in-memory suite: sign-up codes never block, late events
expire instead of qualifying, and the expiry job works through any number of referrals."""

import logging

import pytest

from ownverso.domain.referrals.referral import ReferralStatus
from ownverso.services.errors import NotFound
from ownverso.services.referrals import service as referral_service
from ownverso.services.referrals.qualification import record_reader_revenue
from tests.support.site_kit import SiteKit


@pytest.fixture
def kit():
    return SiteKit.build()


def referrals(kit):
    return kit.container.referrals()


def stored(kit, referee_id: str):
    with kit.container.uow() as uow:
        return uow.referrals.get_by(referee_id=referee_id)


def test_a_bad_code_at_sign_up_is_logged_and_nothing_is_written(kit, caplog):
    referee = kit.user(author=False)
    caplog.set_level(logging.INFO, logger="ownverso.referrals")
    with kit.container.uow() as uow:
        user = uow.users.get(referee.user_id)
        assert referrals(kit).apply_at_sign_up(uow, referee=user, now=kit.clock.now(),
                                               code="NOSUCHCODE") is None
        assert referrals(kit).apply_at_sign_up(uow, referee=user, now=kit.clock.now(),
                                               code=None) is None
        uow.commit()
    assert stored(kit, referee.user_id) is None
    assert "referral code ignored at sign-up" in caplog.text


def test_a_suspended_referrers_code_stops_working(kit):
    referrer, referee = kit.user(), kit.user(author=False)
    code = referrals(kit).code(actor=referrer).code
    with kit.container.uow() as uow:
        uow.users.get(referrer.user_id).status = "SUSPENDED"
        uow.commit()
    with pytest.raises(NotFound):
        referrals(kit).apply(actor=referee, code=code)


def test_revenue_after_ninety_days_expires_the_referral_instead(kit):
    referrer, referee = kit.user(), kit.user(author=False)
    referrals(kit).apply(actor=referee, code=referrals(kit).code(actor=referrer).code)
    kit.clock.advance(days=90)
    with kit.container.uow() as uow:
        record_reader_revenue(uow, author_id=referee.user_id, now=kit.clock.now(), event="p1")
        uow.commit()
    assert stored(kit, referee.user_id).status == ReferralStatus.EXPIRED
    with kit.container.uow() as uow:
        assert uow.referral_accounts.get_by(user_id=referrer.user_id).reward_months == 0


def test_the_expiry_job_works_through_every_batch(kit, monkeypatch):
    monkeypatch.setattr(referral_service, "EXPIRY_BATCH", 2)
    referrer = kit.user()
    code = referrals(kit).code(actor=referrer).code
    referees = [kit.user(author=False) for _ in range(5)]
    for referee in referees:
        referrals(kit).apply(actor=referee, code=code)
    kit.clock.advance(days=91)
    assert referrals(kit).expire_due() == 5
    assert referrals(kit).expire_due() == 0
    assert {stored(kit, r.user_id).status for r in referees} == {ReferralStatus.EXPIRED}
