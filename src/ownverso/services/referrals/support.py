"""What the referral use cases share: errors, list rows with their users loaded in one query,
and crediting a rewarded referral."""

import logging
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.referrals.referral import REFERRER_REWARD_MONTHS, Referral
from ownverso.services.errors import NotFound
from ownverso.services.ports import UnitOfWork

log = logging.getLogger("ownverso.referrals")


def code_not_found() -> NotFound:
    return NotFound("No such referral code.", code="referral_code_not_found",
                    fields={"code": ["Unknown referral code."]})


def referral_not_found() -> NotFound:
    return NotFound("No such referral.", code="referral_not_found")


@dataclass(frozen=True)
class Party:
    """A user as a referral list shows them."""

    id: str
    username: str
    display_name: str


@dataclass(frozen=True)
class ReferralItem:
    """A referral with its referrer and referee; reads fall through to the referral."""

    referral: Referral
    referrer: Party | None = None
    referee: Party | None = None

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.referral, name)


def with_parties(uow: UnitOfWork, referrals: list[Referral], *, referrer: bool = True,
                 referee: bool = True) -> list[ReferralItem]:
    """The rows with their users, loaded in one query whatever the number of rows."""
    ids = {r.referrer_id for r in referrals if referrer} | {r.referee_id for r in referrals
                                                            if referee}
    users = {u.id: Party(u.id, u.username, u.display_name)
             for u in (uow.users.list(id__in=sorted(ids)) if ids else [])}
    return [ReferralItem(r, referrer=users.get(r.referrer_id) if referrer else None,
                         referee=users.get(r.referee_id) if referee else None)
            for r in referrals]


def reward(uow: UnitOfWork, referral: Referral, *, now: datetime, by: str | None = None) -> None:
    """QUALIFIED → REWARDED, and the referrer's free month credited to their account (domain
    errors are the caller's to translate)."""
    referral.reward(now=now, by=by)
    account = uow.referral_accounts.get_by(user_id=referral.referrer_id, for_update=True)
    if account is None:  # cannot happen: a referral is made from the referrer's account
        log.warning("rewarded referral without a referral account",
                    extra={"referral_id": referral.id, "referrer_id": referral.referrer_id})
        return
    account.credit_month(now=now, months=REFERRER_REWARD_MONTHS)
