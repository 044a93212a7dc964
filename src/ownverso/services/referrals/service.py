"""The referral use cases: my code and its regeneration, clicks on a code, applying a code
(signed in, or at sign-up inside the registration's unit of work), my referrals and their
stats, the expiry job, and the administrators' list and mark-rewarded."""

from collections.abc import Callable
from datetime import datetime

from ownverso.domain.identity.user import User
from ownverso.domain.identity.values import UserStatus
from ownverso.domain.referrals.account import ReferralAccount, ReferralClick
from ownverso.domain.referrals.codes import new_code, normalize_code
from ownverso.domain.referrals.referral import (
    OPEN,
    REFERRER_REWARD_MONTHS,
    Attribution,
    Referral,
    ReferralStatus,
    check_may_apply,
)
from ownverso.services.context import Actor
from ownverso.services.errors import (
    Conflict,
    PermissionDenied,
    ServiceError,
    domain_rules,
)
from ownverso.services.ports import Clock, IdGenerator, IntegrityConflict, UnitOfWork
from ownverso.services.referrals.support import (
    ReferralItem,
    code_not_found,
    log,
    referral_not_found,
    reward,
    with_parties,
)

ORDER = ("-created_at", "id")
EXPIRY_BATCH = 200
CODE_ATTEMPTS = 8


class ReferralService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 referee_discount_percent: int = 50):
        self.uow, self.clock, self.ids = uow, clock, ids
        self.referee_discount_percent = referee_discount_percent

    # -- my code ----------------------------------------------------------------------------
    def code(self, *, actor: Actor) -> ReferralAccount:
        """The caller's referral account, made with a fresh code on first use."""
        with self.uow() as uow:
            account = uow.referral_accounts.get_by(user_id=actor.user_id)
            if account is not None:
                return account
            account = self._open_account(uow, actor.user_id)
            try:
                uow.commit()
            except IntegrityConflict:  # a concurrent first call made it
                pass
            else:
                return account
        with self.uow() as uow:
            return uow.referral_accounts.get_by(user_id=actor.user_id)

    def regenerate(self, *, actor: Actor) -> ReferralAccount:
        """A new code; the old one stops working at once (referrals made keep theirs)."""
        now = self.clock.now()
        with self.uow() as uow:
            account = uow.referral_accounts.get_by(user_id=actor.user_id, for_update=True)
            if account is None:
                account = self._open_account(uow, actor.user_id)
            else:
                account.regenerate(self._free_code(uow), now=now)
            try:
                uow.commit()
            except IntegrityConflict:
                raise Conflict("The new code was just taken; try again.",
                               code="referral_code_taken") from None
            return account

    def _open_account(self, uow: UnitOfWork, user_id: str) -> ReferralAccount:
        now = self.clock.now()
        account = ReferralAccount(id=self.ids.new_id("rfa"), user_id=user_id,
                                  code=self._free_code(uow), created_at=now, updated_at=now)
        uow.referral_accounts.add(account)
        return account

    @staticmethod
    def _free_code(uow: UnitOfWork) -> str:
        for _ in range(CODE_ATTEMPTS):
            code = new_code()
            if uow.referral_accounts.get_by(code=code) is None:
                return code
        raise Conflict("No free referral code was found; try again.",
                       code="referral_code_taken")

    # -- clicks -----------------------------------------------------------------------------
    def record_click(self, *, code: str, **attribution: str | None) -> ReferralClick:
        """A visit through a code's link (anonymous); an unknown code records nothing (404)."""
        with self.uow() as uow:
            account = self._live_account(uow, code)
            click = ReferralClick(id=self.ids.new_id("rfc"), referrer_id=account.user_id,
                                  code=account.code, clicked_at=self.clock.now(), **attribution)
            uow.referral_clicks.add(click)
            uow.commit()
            return click

    # -- applying a code --------------------------------------------------------------------
    def apply(self, *, actor: Actor, code: str, click_id: str | None = None,
              **attribution: str | None) -> ReferralItem:
        """The caller was referred by ``code``'s owner (within 7 days of signing up)."""
        with self.uow() as uow:
            referee = uow.users.get(actor.user_id)
            referral = self._apply(uow, referee=referee, now=self.clock.now(), code=code,
                                   click_id=click_id, attribution=attribution)
            item = with_parties(uow, [referral], referee=False)[0]
            try:
                uow.commit()
            except IntegrityConflict:
                raise Conflict("You have already been referred.",
                               code="already_referred") from None
            return item

    def apply_at_sign_up(self, uow: UnitOfWork, *, referee: User, now: datetime,
                         code: str | None, click_id: str | None = None,
                         **attribution: str | None) -> Referral | None:
        """In the registration's unit of work (no commit): a code that cannot be applied is
        ignored and logged, so it never blocks signing up."""
        if not code:
            return None
        try:
            return self._apply(uow, referee=referee, now=now, code=code, click_id=click_id,
                               attribution=attribution)
        except ServiceError as error:
            log.info("referral code ignored at sign-up",
                     extra={"user_id": referee.id, "error": error.code})
            return None

    def _apply(self, uow: UnitOfWork, *, referee: User, now: datetime, code: str,
               click_id: str | None, attribution: dict) -> Referral:
        account = self._live_account(uow, code)
        with domain_rules():
            check_may_apply(
                referrer_id=account.user_id, referee_id=referee.id,
                referee_created_at=referee.created_at, now=now,
                already_referred=uow.referrals.count(referee_id=referee.id) > 0,
                mutual=uow.referrals.count(referrer_id=referee.id,
                                           referee_id=account.user_id) > 0)
        click = uow.referral_clicks.get(click_id) if click_id else None
        if click is not None and click.referrer_id == account.user_id:
            attribution = {name: attribution.get(name) or getattr(click, name)
                           for name in ("landing_page", "utm_source", "utm_medium",
                                        "utm_campaign", "referrer_url")}
            attribution["clicked_at"] = click.clicked_at
        referral = Referral.open(id=self.ids.new_id("rfr"), referrer_id=account.user_id,
                                 code=account.code, referee_id=referee.id, now=now,
                                 attribution=Attribution(**attribution),
                                 referee_discount_percent=self.referee_discount_percent)
        uow.referrals.add(referral)
        return referral

    @staticmethod
    def _live_account(uow: UnitOfWork, raw_code: str | None) -> ReferralAccount:
        """The account behind a code whose owner may still refer people (else 404)."""
        code = normalize_code(raw_code)
        account = uow.referral_accounts.get_by(code=code) if code else None
        owner = uow.users.get(account.user_id) if account else None
        if owner is None or owner.status not in (UserStatus.ACTIVE,
                                                 UserStatus.PENDING_VERIFICATION):
            raise code_not_found()
        return account

    # -- my referrals -----------------------------------------------------------------------
    def list_mine(self, *, actor: Actor, status: ReferralStatus | None = None, offset: int = 0,
                  limit: int | None = None) -> tuple[list[ReferralItem], int]:
        """The caller's referrals as referrer, newest first, with their referees."""
        filters = {"referrer_id": actor.user_id}
        if status:
            filters["status"] = status
        with self.uow() as uow:
            rows = uow.referrals.list(order_by=ORDER, offset=offset, limit=limit, **filters)
            return with_parties(uow, rows, referrer=False), uow.referrals.count(**filters)

    def stats(self, *, actor: Actor) -> dict:
        """Counts of the caller's clicks and referrals by stage, and their free months."""
        me = actor.user_id
        with self.uow() as uow:
            count = uow.referrals.count
            account = uow.referral_accounts.get_by(user_id=me)
            rewarded = count(referrer_id=me, status=ReferralStatus.REWARDED)
            return {
                "code": account.code if account else None,
                "clicks": uow.referral_clicks.count(referrer_id=me),
                "sign_ups": count(referrer_id=me),
                "pending": count(referrer_id=me, status__in=list(OPEN)),
                "qualified": count(referrer_id=me, status__in=[ReferralStatus.QUALIFIED,
                                                               ReferralStatus.REWARDED]),
                "rewarded": rewarded,
                "expired": count(referrer_id=me, status=ReferralStatus.EXPIRED),
                "reward_months_earned": rewarded * REFERRER_REWARD_MONTHS,
                "reward_months_available": account.reward_months if account else 0,
            }

    # -- expiry -----------------------------------------------------------------------------
    def expire_due(self) -> int:
        """Mark EXPIRED the referrals 90 days old that never qualified (idempotent)."""
        expired = 0
        while True:
            now = self.clock.now()
            with self.uow() as uow:
                due = uow.referrals.list(status__in=list(OPEN), expires_at__lte=now,
                                         order_by=("expires_at", "id"), limit=EXPIRY_BATCH,
                                         for_update=True)
                for referral in due:
                    referral.expire(now=now)
                uow.commit()
            expired += len(due)
            if len(due) < EXPIRY_BATCH:
                return expired

    # -- administrators ---------------------------------------------------------------------
    def admin_list(self, *, actor: Actor, status: ReferralStatus | None = None,
                   referrer_id: str | None = None, referee_id: str | None = None,
                   code: str | None = None, offset: int = 0,
                   limit: int | None = None) -> tuple[list[ReferralItem], int]:
        """Every referral, newest first, filtered."""
        _require_admin(actor)
        filters = {name: value for name, value in (
            ("status", status), ("referrer_id", referrer_id), ("referee_id", referee_id),
            ("referrer_code", code and (normalize_code(code) or code.strip().upper())))
            if value}
        with self.uow() as uow:
            rows = uow.referrals.list(order_by=ORDER, offset=offset, limit=limit, **filters)
            return with_parties(uow, rows), uow.referrals.count(**filters)

    def mark_rewarded(self, *, actor: Actor, referral_id: str) -> ReferralItem:
        """A QUALIFIED referral is rewarded by hand (409 already_rewarded, or
        referral_not_qualified before it qualifies)."""
        _require_admin(actor)
        with self.uow() as uow:
            referral = uow.referrals.get_by(id=referral_id, for_update=True)
            if referral is None:
                raise referral_not_found()
            with domain_rules():
                reward(uow, referral, now=self.clock.now(), by=actor.user_id)
            item = with_parties(uow, [referral])[0]
            uow.commit()
            return item


def _require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise PermissionDenied("Only administrators may do this.", code="admin_required")
