"""Qualifying referrals from events of other modules, inside the caller's unit of work.

Payment fulfilment calls ``record_reader_revenue`` when an author is paid by readers; platform
billing (a later issue; nothing calls it yet) calls ``record_platform_subscription`` on a
user's first paid platform subscription, after pricing it with ``referee_discount_percent``.
Neither commits, and both are idempotent: only a SIGNED_UP, unexpired referral qualifies, and
qualifying moves it on, so a second call finds nothing to do.

A qualified referral is rewarded at once when its referrer's account is in good standing
(ACTIVE); otherwise it waits, QUALIFIED, for an administrator to mark it rewarded.
"""

from datetime import datetime

from ownverso.domain.identity.values import UserStatus
from ownverso.domain.referrals.referral import QualificationEvent, ReferralStatus
from ownverso.services.ports import UnitOfWork
from ownverso.services.referrals.support import log, reward


def record_reader_revenue(uow: UnitOfWork, *, author_id: str, now: datetime,
                          event: str) -> None:
    """``author_id`` earned from readers (``event`` names it, e.g. the payment or invoice id):
    their referral, if any, qualifies (their first month with reader revenue) and is
    rewarded."""
    _qualify(uow, referee_id=author_id, now=now, event=QualificationEvent.READER_REVENUE,
             reason=event)


def record_platform_subscription(uow: UnitOfWork, *, user_id: str, now: datetime) -> None:
    """``user_id`` paid for their first platform subscription: their first-month discount is
    marked used and their referral, if any, qualifies and is rewarded."""
    referral = uow.referrals.get_by(referee_id=user_id, for_update=True)
    if referral is None:
        return
    referral.use_referee_discount(now=now)
    _qualify(uow, referee_id=user_id, now=now, event=QualificationEvent.PLATFORM_SUBSCRIPTION,
             reason="first paid platform subscription")


def referee_discount_percent(uow: UnitOfWork, *, user_id: str) -> int:
    """The percent off ``user_id``'s first platform month their referral promised (0 when
    they have none, it expired or it was used)."""
    referral = uow.referrals.get_by(referee_id=user_id)
    return referral.referee_discount_available if referral else 0


def _qualify(uow: UnitOfWork, *, referee_id: str, now: datetime, event: QualificationEvent,
             reason: str) -> None:
    referral = uow.referrals.get_by(referee_id=referee_id, status__in=list(
        (ReferralStatus.PENDING, ReferralStatus.SIGNED_UP)), for_update=True)
    if referral is None:
        return
    if referral.is_due_to_expire(now):  # the expiry job has not passed yet
        referral.expire(now=now)
        return
    if referral.status != ReferralStatus.SIGNED_UP:
        return
    referral.qualify(event=event, reason=(reason or "")[:255] or None, now=now)
    referrer = uow.users.get(referral.referrer_id)
    if referrer is not None and referrer.status == UserStatus.ACTIVE:
        reward(uow, referral, now=now)
    else:
        log.info("referral qualified, reward held for review",
                 extra={"referral_id": referral.id, "referrer_id": referral.referrer_id})
