"""Reader coins: one platform-wide wallet per reader and its append-only ledger.

The wallet holds two balances, paid coins (bought) and bonus coins (given with a package or
by the platform); spending takes bonus coins first. Every change of a balance is one
``LedgerEntry`` written beside it: the signed amount, how it splits into paid and bonus coins,
where it came from (``source_type``/``source_id``) and the balance after it. Entries are never
changed or removed (a refund is a new entry), so ``replay`` rebuilds any wallet from its
ledger; ``sequence`` numbers a wallet's entries 1, 2, 3 ... without gaps.

The money value of a coin is one platform rule (``COIN_VALUE``): what a coin is worth in the
smallest unit of each currency. Every coin price is shown with it, and an author is credited
at it (in the chapter's currency) for the coins readers spend on their chapters.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import RuleViolation

# One coin = 1 INR (100 paise) = 1 US cent = 1 euro cent = 1 penny = 150 rupiah.
COIN_VALUE: dict[str, int] = {"INR": 100, "USD": 1, "EUR": 1, "GBP": 1, "IDR": 150}
DEFAULT_CURRENCY = "INR"
MAX_COIN_PRICE = 100_000  # coins for one chapter


def coin_value(coins: int, currency: str | None = None) -> int:
    """What ``coins`` are worth in the smallest unit of ``currency`` (an unknown currency is
    valued in the default one: callers show which currency they used, see ``value_currency``)."""
    return coins * COIN_VALUE[value_currency(currency)]


def coin_values(coins: int | None) -> dict[str, int] | None:
    """What ``coins`` are worth in every currency of the rule (None for no coins)."""
    return {code: coins * value for code, value in COIN_VALUE.items()} if coins else None


def value_currency(currency: str | None) -> str:
    """The currency coins are valued in: ``currency`` when the rule knows it, else INR."""
    code = (currency or "").upper()
    return code if code in COIN_VALUE else DEFAULT_CURRENCY


class LedgerKind(StrEnum):
    PURCHASE = "PURCHASE"  # paid coins of a package
    BONUS = "BONUS"  # bonus coins of a package, or given by the platform
    UNLOCK = "UNLOCK"  # coins spent on a chapter
    REFUND = "REFUND"  # coins given back
    ADJUSTMENT = "ADJUSTMENT"  # an administrator's correction


class InsufficientCoins(RuleViolation):
    code = "insufficient_coins"


@dataclass(eq=False, kw_only=True)
class LedgerEntry(Entity):
    """One movement of a wallet's coins; written once, never updated."""

    wallet_id: str
    user_id: str
    sequence: int  # 1, 2, 3 ... per wallet
    kind: LedgerKind
    amount: int  # signed: + credit, - debit
    paid_amount: int  # the paid coins of ``amount`` (signed)
    bonus_amount: int  # the bonus coins of ``amount`` (signed)
    balance_after: int
    source_type: str  # checkout, chapter, admin ...
    source_id: str
    description: str | None = None
    created_at: datetime


@dataclass(frozen=True)
class Movement:
    """A change of the two balances, before it is written."""

    kind: LedgerKind
    paid: int
    bonus: int
    source_type: str
    source_id: str
    description: str | None = None


@dataclass(eq=False, kw_only=True)
class CoinWallet(Entity):
    user_id: str
    paid_balance: int = 0
    bonus_balance: int = 0
    entry_count: int = 0  # the sequence of the last ledger entry
    created_at: datetime
    updated_at: datetime

    @classmethod
    def open(cls, *, id: str, user_id: str, now: datetime) -> "CoinWallet":
        return cls(id=id, user_id=user_id, created_at=now, updated_at=now)

    @property
    def balance(self) -> int:
        return self.paid_balance + self.bonus_balance

    def shortfall(self, price: int) -> int:
        return max(price - self.balance, 0)

    def credit(self, *, entry_id: str, kind: LedgerKind, paid: int = 0, bonus: int = 0,
               source_type: str, source_id: str, now: datetime,
               description: str | None = None) -> LedgerEntry:
        """Add coins (a purchase, a bonus, a refund): the entry recording it."""
        if paid < 0 or bonus < 0 or paid + bonus <= 0:
            raise RuleViolation("A credit adds coins.", code="invalid_coin_amount",
                                fields={"amount": ["More than zero coins."]})
        return self._move(entry_id, Movement(kind, paid, bonus, source_type, source_id,
                                             description), now)

    def spend(self, coins: int, *, entry_id: str, source_type: str, source_id: str,
              now: datetime, description: str | None = None) -> LedgerEntry:
        """Take ``coins`` for an unlock, bonus coins first; ``InsufficientCoins`` (with the
        shortfall) when the balance is too low."""
        if coins <= 0:
            raise RuleViolation("Spending takes coins.", code="invalid_coin_amount",
                                fields={"amount": ["More than zero coins."]})
        if coins > self.balance:
            raise InsufficientCoins(
                f"You need {self.shortfall(coins)} more coins.",
                fields={"shortfall": self.shortfall(coins), "balance": self.balance,
                        "price": coins})
        bonus = min(coins, self.bonus_balance)
        return self._move(entry_id, Movement(LedgerKind.UNLOCK, -(coins - bonus), -bonus,
                                             source_type, source_id, description), now)

    def adjust(self, *, entry_id: str, paid: int = 0, bonus: int = 0, reference: str,
               reason: str, now: datetime) -> LedgerEntry:
        """An administrator's correction: signed changes of the paid and bonus coins, with a
        reason; neither balance may go below zero (``InsufficientCoins``)."""
        reason = (reason or "").strip()
        if not reason or len(reason) > 200:
            raise RuleViolation("Give a reason of up to 200 characters.",
                                code="reason_required", fields={"reason": ["1 to 200 characters."]})
        if paid == 0 and bonus == 0:
            raise RuleViolation("An adjustment changes the balance.", code="invalid_coin_amount",
                                fields={"paid": ["Not both zero."], "bonus": ["Not both zero."]})
        short = max(-(self.paid_balance + paid), 0) + max(-(self.bonus_balance + bonus), 0)
        if short:
            raise InsufficientCoins(
                "The wallet does not hold the coins to take.",
                fields={"shortfall": short, "paid_balance": self.paid_balance,
                        "bonus_balance": self.bonus_balance})
        return self._move(entry_id, Movement(LedgerKind.ADJUSTMENT, paid, bonus, "admin",
                                             reference, reason), now)

    def take_back(self, *, paid: int, bonus: int, entry_id: str, source_type: str,
                  source_id: str, now: datetime,
                  description: str | None = None) -> tuple[LedgerEntry | None, int]:
        """Take refunded coins back: a negative REFUND entry of what the wallet still holds
        of them (never below zero), and the shortfall (coins already spent)."""
        take_paid, take_bonus = min(paid, self.paid_balance), min(bonus, self.bonus_balance)
        shortfall = paid + bonus - take_paid - take_bonus
        if not take_paid and not take_bonus:
            return None, shortfall
        return self._move(entry_id, Movement(LedgerKind.REFUND, -take_paid, -take_bonus,
                                             source_type, source_id, description), now), shortfall

    def _move(self, entry_id: str, move: Movement, now: datetime) -> LedgerEntry:
        self.paid_balance += move.paid
        self.bonus_balance += move.bonus
        self.entry_count += 1
        self.updated_at = now
        return LedgerEntry(
            id=entry_id, wallet_id=self.id, user_id=self.user_id, sequence=self.entry_count,
            kind=move.kind, amount=move.paid + move.bonus, paid_amount=move.paid,
            bonus_amount=move.bonus, balance_after=self.balance,
            source_type=move.source_type, source_id=move.source_id,
            description=move.description, created_at=now)


@dataclass(frozen=True)
class Replayed:
    paid: int
    bonus: int
    entries: int

    @property
    def balance(self) -> int:
        return self.paid + self.bonus


def replay(entries: Iterable[LedgerEntry]) -> Replayed:
    """Rebuild the balances from a wallet's ledger, checking every ``balance_after`` and that
    no entry is missing; a ``RuleViolation`` names the first entry that does not add up."""
    paid = bonus = count = 0
    for entry in sorted(entries, key=lambda e: e.sequence):
        count += 1
        paid, bonus = paid + entry.paid_amount, bonus + entry.bonus_amount
        if (entry.sequence != count or entry.amount != entry.paid_amount + entry.bonus_amount
                or entry.balance_after != paid + bonus or paid < 0 or bonus < 0):
            raise RuleViolation("The ledger does not add up.", code="ledger_inconsistent",
                                fields={"entry": [entry.id]})
    return Replayed(paid=paid, bonus=bonus, entries=count)


@dataclass(eq=False, kw_only=True)
class CoinEarning(Entity):
    """What an author earns when a reader spends coins on their chapter: the money value of
    every coin spent (paid and bonus alike: bonus coins are the platform's cost), in the
    chapter's currency, for payouts."""

    author_id: str
    site_id: str
    chapter_id: str
    reader_id: str
    ledger_entry_id: str
    coins: int
    paid_coins: int
    bonus_coins: int
    money_value: int  # smallest unit of ``currency``
    currency: str
    created_at: datetime

    @classmethod
    def of_unlock(cls, entry: LedgerEntry, *, id: str, author_id: str, site_id: str,
                  chapter_id: str, currency: str | None) -> "CoinEarning":
        coins, code = -entry.amount, value_currency(currency)
        return cls(id=id, author_id=author_id, site_id=site_id, chapter_id=chapter_id,
                   reader_id=entry.user_id, ledger_entry_id=entry.id, coins=coins,
                   paid_coins=-entry.paid_amount, bonus_coins=-entry.bonus_amount,
                   money_value=coin_value(coins, code), currency=code,
                   created_at=entry.created_at)
