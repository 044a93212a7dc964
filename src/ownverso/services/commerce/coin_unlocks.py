"""Unlocking a chapter with coins, exactly once.

Everything happens in one unit of work under a row lock on the reader's wallet, so double
clicks and concurrent requests queue behind each other: the first spends the coins, writes
the UNLOCK ledger entry, the permanent COIN_UNLOCK entitlement and the author's earning; the
others find the entitlement and spend nothing. The ledger's unique (wallet, chapter, UNLOCK)
and the entitlement's unique (user, chapter, kind) hold even without the lock.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import partial

from ownverso.domain.access.decision import AccessDecision
from ownverso.domain.access.entitlement import ChapterEntitlement
from ownverso.domain.access.inputs import EntitlementKind
from ownverso.domain.commerce.coins import (
    CoinEarning,
    CoinWallet,
    InsufficientCoins,
    LedgerEntry,
    coin_value,
    value_currency,
)
from ownverso.domain.publishing.chapter import Chapter
from ownverso.services.access.gathering import gather
from ownverso.services.context import Actor
from ownverso.services.errors import PaymentRequired, PermissionDenied, ValidationFailed
from ownverso.services.ports import Clock, IdGenerator, IntegrityConflict, UnitOfWork

CHAPTER = "chapter"


class CoinUnlockOutcome(StrEnum):
    UNLOCKED = "unlocked"  # coins spent now
    ALREADY_UNLOCKED = "already_unlocked"  # unlocked with coins before: nothing spent
    ALREADY_READABLE = "already_readable"  # readable without coins (free, subscribed ...)


@dataclass(frozen=True)
class CoinUnlock:
    status: CoinUnlockOutcome
    chapter_id: str
    coin_price: int | None
    currency: str  # of the coin price's money value
    coins_spent: int
    balance: int
    decision: AccessDecision
    entry: LedgerEntry | None = None

    @property
    def coin_value(self) -> int | None:
        return coin_value(self.coin_price, self.currency) if self.coin_price else None


class CoinUnlockService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator):
        self.uow, self.clock, self.ids = uow, clock, ids

    def unlock(self, *, actor: Actor, chapter_id: str) -> CoinUnlock:
        """Spend the chapter's coin price (bonus coins first) for a permanent unlock. Already
        unlocked or readable: nothing is spent. 422 ``not_coin_priced``; 402
        ``insufficient_coins`` with the shortfall, balance and price; 403
        ``account_restricted``."""
        try:
            return self._unlock(actor, chapter_id)
        except IntegrityConflict:  # a concurrent unlock won (only without the row lock)
            return self._unlock(actor, chapter_id)

    def _unlock(self, actor: Actor, chapter_id: str) -> CoinUnlock:
        now = self.clock.now()
        with self.uow() as uow:
            wallet = uow.coin_wallets.get_by(user_id=actor.user_id, for_update=True)
            found = gather(uow, actor, chapter_id, now=now)
            chapter, decision = found.chapter, found.decision
            result = partial(CoinUnlock, chapter_id=chapter.id, coin_price=chapter.coin_price,
                             currency=value_currency(chapter.currency))
            if decision.granted:
                return result(status=CoinUnlockOutcome.ALREADY_UNLOCKED
                              if decision.reason == "coin_unlock"
                              else CoinUnlockOutcome.ALREADY_READABLE, coins_spent=0,
                              balance=wallet.balance if wallet else 0, decision=decision)
            price = payable(decision, wallet, chapter.currency)
            assert wallet is not None
            entry = wallet.spend(price, entry_id=self.ids.new_id("cled"),
                                 source_type=CHAPTER, source_id=chapter.id, now=now,
                                 description=(chapter.title or "")[:200] or None)
            self._record(uow, entry, chapter, now)
            uow.commit()
        with self.uow() as uow:
            after = gather(uow, actor, chapter_id, now=now).decision
        return result(status=CoinUnlockOutcome.UNLOCKED, coins_spent=-entry.amount,
                      balance=wallet.balance, decision=after, entry=entry)

    def _record(self, uow: UnitOfWork, entry: LedgerEntry, chapter: Chapter,
                now: datetime) -> None:
        """The UNLOCK entry, the reader's permanent entitlement, the author's earning."""
        uow.coin_ledger.add(entry)
        uow.chapter_entitlements.add(ChapterEntitlement.grant(
            id=self.ids.new_id("ent"), user_id=entry.user_id, chapter_id=chapter.id,
            kind=EntitlementKind.COIN_UNLOCK, source_id=entry.id, now=now))
        uow.coin_earnings.add(CoinEarning.of_unlock(
            entry, id=self.ids.new_id("cern"), author_id=chapter.author_id,
            site_id=chapter.site_id, chapter_id=chapter.id, currency=chapter.currency))


def payable(decision: AccessDecision, wallet: CoinWallet | None, currency: str) -> int:
    """The coin price a denied reader may pay now: 403 for a restricted account, 422 when
    the chapter has no coin price, 402 (with the shortfall) when the wallet is short."""
    if decision.reason == "account_restricted":
        raise PermissionDenied("This account cannot unlock chapters.",
                               code="account_restricted")
    price = decision.unlock_options.coin_price
    if not price:
        raise ValidationFailed("This chapter cannot be unlocked with coins.",
                               code="not_coin_priced", fields={"chapter_id": ["No coin price."]})
    balance = wallet.balance if wallet else 0
    if balance < price:
        code = value_currency(currency)
        raise PaymentRequired(
            f"You need {price - balance} more coins to unlock this chapter.",
            code=InsufficientCoins.code,
            fields={"shortfall": price - balance, "balance": balance, "price": price,
                    "coin_value": coin_value(price, code), "currency": code})
    return price
