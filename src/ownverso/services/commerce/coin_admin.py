"""Coins for administrators: a reader's wallet with a check that its ledger adds up, and
corrections written as ADJUSTMENT entries; and, for authors, what the coins spent on their
chapters earned.

An adjustment names a ``reference`` (a support ticket, an incident): the ledger's unique
(wallet, source, kind) makes a repeated request with the same reference answer the entry
already written instead of moving coins twice."""

from collections.abc import Callable
from dataclasses import dataclass

from ownverso.domain.commerce.coins import CoinEarning, LedgerEntry, LedgerKind, replay
from ownverso.domain.errors import RuleViolation
from ownverso.services.commerce.coin_packages import require_admin
from ownverso.services.commerce.coins import NEWEST, WalletView, open_wallet
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, domain_rules
from ownverso.services.ports import Clock, IdGenerator, IntegrityConflict, UnitOfWork

ADMIN = "admin"


@dataclass(frozen=True)
class AuditedWallet:
    wallet: WalletView
    ledger_balance: int  # the sum of the ledger
    consistent: bool  # the ledger replays to the wallet's balances, entry by entry
    problem_entry_id: str | None = None


@dataclass(frozen=True)
class Adjustment:
    created: bool  # False: this reference was adjusted before; nothing moved now
    entry: LedgerEntry
    wallet: WalletView


def user_not_found() -> NotFound:
    return NotFound("No such user.", code="user_not_found")


class CoinWalletAdmin:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator):
        self.uow, self.clock, self.ids = uow, clock, ids

    def audit(self, *, actor: Actor, user_id: str) -> AuditedWallet:
        """The reader's balances and whether their ledger rebuilds them."""
        require_admin(actor)
        with self.uow() as uow:
            if uow.users.get(user_id) is None:
                raise user_not_found()
            wallet = uow.coin_wallets.get_by(user_id=user_id)
            entries = uow.coin_ledger.list(user_id=user_id)
        view = WalletView.of(wallet, user_id)
        try:
            rebuilt = replay(entries)
        except RuleViolation as broken:
            return AuditedWallet(wallet=view, ledger_balance=sum(e.amount for e in entries),
                                 consistent=False,
                                 problem_entry_id=broken.fields.get("entry", [None])[0])
        return AuditedWallet(
            wallet=view, ledger_balance=rebuilt.balance,
            consistent=(rebuilt.paid, rebuilt.bonus, rebuilt.entries) == (
                view.paid_balance, view.bonus_balance, view.entries))

    def ledger(self, *, actor: Actor, user_id: str, offset: int = 0, limit: int | None = None
               ) -> tuple[list[LedgerEntry], int]:
        require_admin(actor)
        with self.uow() as uow:
            return (uow.coin_ledger.list(user_id=user_id, order_by=NEWEST, offset=offset,
                                         limit=limit),
                    uow.coin_ledger.count(user_id=user_id))

    def adjust(self, *, actor: Actor, user_id: str, reference: str, reason: str,
               paid: int = 0, bonus: int = 0) -> Adjustment:
        """Add or take paid and bonus coins (never below zero: 422 ``insufficient_coins``);
        the same ``reference`` twice moves coins once."""
        require_admin(actor)
        now = self.clock.now()
        with self.uow() as uow:
            if uow.users.get(user_id) is None:
                raise user_not_found()
        open_wallet(self.uow, self.ids, user_id, now)
        try:
            with self.uow() as uow:
                wallet = uow.coin_wallets.get_by(user_id=user_id, for_update=True)
                done = self._done(uow, wallet.id, reference)
                if done is not None:
                    return Adjustment(created=False, entry=done,
                                      wallet=WalletView.of(wallet, user_id))
                with domain_rules():
                    entry = wallet.adjust(entry_id=self.ids.new_id("cled"), paid=paid,
                                          bonus=bonus, reference=reference, reason=reason,
                                          now=now)
                uow.coin_ledger.add(entry)
                uow.commit()
                return Adjustment(created=True, entry=entry, wallet=WalletView.of(wallet, user_id))
        except IntegrityConflict:  # the same reference written concurrently
            with self.uow() as uow:
                wallet = uow.coin_wallets.get_by(user_id=user_id)
                return Adjustment(created=False, entry=self._done(uow, wallet.id, reference),
                                  wallet=WalletView.of(wallet, user_id))

    @staticmethod
    def _done(uow: UnitOfWork, wallet_id: str, reference: str) -> LedgerEntry | None:
        return uow.coin_ledger.get_by(wallet_id=wallet_id, source_type=ADMIN,
                                      source_id=reference, kind=LedgerKind.ADJUSTMENT)


@dataclass(frozen=True)
class EarningView:
    earning: CoinEarning
    chapter_title: str | None


class CoinEarnings:
    """What authors earned from coins spent on their chapters (the money value, for payouts)."""

    def __init__(self, *, uow: Callable[[], UnitOfWork]):
        self.uow = uow

    def mine(self, *, actor: Actor, site_id: str | None = None, offset: int = 0,
             limit: int | None = None) -> tuple[list[EarningView], int]:
        """My earnings, newest first (of one of my sites with ``site_id``)."""
        filters = {"author_id": actor.user_id, **({"site_id": site_id} if site_id else {})}
        with self.uow() as uow:
            earnings = uow.coin_earnings.list(order_by=("-created_at", "-id"), offset=offset,
                                              limit=limit, **filters)
            ids = sorted({e.chapter_id for e in earnings})
            titles = {c.id: c.title for c in (uow.chapters.list(id__in=ids) if ids else [])}
            return ([EarningView(earning=e, chapter_title=titles.get(e.chapter_id))
                     for e in earnings], uow.coin_earnings.count(**filters))
