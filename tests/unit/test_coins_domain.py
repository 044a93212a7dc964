"""Reader coins in the domain: bonus coins go first, a short balance names the shortfall,
the ledger rebuilds the wallet, packages are checked, authors earn the coins' money value."""

from datetime import UTC, datetime

import pytest

from ownverso.domain.commerce.coin_packages import CoinPackage
from ownverso.domain.commerce.coins import (
    CoinEarning,
    CoinWallet,
    InsufficientCoins,
    LedgerKind,
    coin_value,
    replay,
)
from ownverso.domain.errors import RuleViolation

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def wallet_with(paid: int, bonus: int) -> tuple[CoinWallet, list]:
    wallet = CoinWallet.open(id="w1", user_id="u1", now=NOW)
    entries = []
    if paid:
        entries.append(wallet.credit(entry_id="e-paid", kind=LedgerKind.PURCHASE, paid=paid,
                                     source_type="checkout", source_id="cs1", now=NOW))
    if bonus:
        entries.append(wallet.credit(entry_id="e-bonus", kind=LedgerKind.BONUS, bonus=bonus,
                                     source_type="checkout", source_id="cs1", now=NOW))
    return wallet, entries


def test_spending_takes_bonus_coins_first():
    wallet, _ = wallet_with(100, 30)
    entry = wallet.spend(50, entry_id="e3", source_type="chapter", source_id="ch1", now=NOW)
    assert (entry.amount, entry.bonus_amount, entry.paid_amount) == (-50, -30, -20)
    assert (wallet.bonus_balance, wallet.paid_balance, entry.balance_after) == (0, 80, 80)
    assert entry.kind is LedgerKind.UNLOCK and entry.sequence == 3


def test_spending_within_the_bonus_leaves_paid_coins_alone():
    wallet, _ = wallet_with(100, 30)
    entry = wallet.spend(10, entry_id="e3", source_type="chapter", source_id="ch1", now=NOW)
    assert (entry.bonus_amount, entry.paid_amount) == (-10, 0)
    assert (wallet.bonus_balance, wallet.paid_balance) == (20, 100)


def test_a_short_balance_names_the_shortfall_and_changes_nothing():
    wallet, _ = wallet_with(20, 5)
    with pytest.raises(InsufficientCoins) as refused:
        wallet.spend(40, entry_id="e3", source_type="chapter", source_id="ch1", now=NOW)
    assert refused.value.code == "insufficient_coins"
    assert refused.value.fields == {"shortfall": 15, "balance": 25, "price": 40}
    assert (wallet.balance, wallet.entry_count) == (25, 2)


def test_credits_and_spends_need_coins():
    wallet, _ = wallet_with(0, 0)
    with pytest.raises(RuleViolation):
        wallet.credit(entry_id="e", kind=LedgerKind.PURCHASE, paid=0, source_type="x",
                      source_id="y", now=NOW)
    with pytest.raises(RuleViolation):
        wallet.spend(0, entry_id="e", source_type="x", source_id="y", now=NOW)


def test_the_ledger_rebuilds_the_wallet():
    wallet, entries = wallet_with(100, 30)
    for n, price in enumerate((45, 20, 60)):
        entries.append(wallet.spend(price, entry_id=f"s{n}", source_type="chapter",
                                    source_id=f"ch{n}", now=NOW))
    entries.append(wallet.credit(entry_id="r1", kind=LedgerKind.REFUND, paid=20,
                                 source_type="chapter", source_id="ch2", now=NOW))
    rebuilt = replay(reversed(entries))
    assert (rebuilt.paid, rebuilt.bonus, rebuilt.entries) == (
        wallet.paid_balance, wallet.bonus_balance, wallet.entry_count)
    assert rebuilt.balance == wallet.balance == entries[-1].balance_after == 25


def test_a_missing_or_altered_entry_does_not_add_up():
    wallet, entries = wallet_with(100, 30)
    entries.append(wallet.spend(45, entry_id="s", source_type="chapter", source_id="c",
                                now=NOW))
    with pytest.raises(RuleViolation, match="does not add up"):
        replay(entries[1:])
    entries[-1].balance_after = 999
    with pytest.raises(RuleViolation, match="does not add up"):
        replay(entries)


def test_a_coin_is_worth_one_rupee_or_one_cent():
    assert coin_value(50, "INR") == 5000
    assert coin_value(50, "USD") == 50
    assert coin_value(50, "XYZ") == 5000  # unknown currencies are valued in INR


def test_an_author_earns_the_money_value_of_every_coin_spent():
    wallet, _ = wallet_with(100, 30)
    entry = wallet.spend(50, entry_id="e3", source_type="chapter", source_id="ch1", now=NOW)
    earning = CoinEarning.of_unlock(entry, id="er1", author_id="a1", site_id="s1",
                                    chapter_id="ch1", currency="INR")
    assert (earning.coins, earning.paid_coins, earning.bonus_coins) == (50, 20, 30)
    assert (earning.money_value, earning.currency, earning.reader_id) == (5000, "INR", "u1")


def test_a_package_is_checked_as_a_whole():
    package = CoinPackage.create(id="p1", now=NOW, name="Starter", coins=100, bonus_coins=10,
                                 prices={"inr": 9900, "USD": 199})
    assert package.prices == {"INR": 9900, "USD": 199} and package.total_coins == 110
    assert package.price_in("usd") == 199 and package.price_in("EUR") is None
    with pytest.raises(RuleViolation) as refused:
        CoinPackage.create(id="p2", now=NOW, name="", coins=0, bonus_coins=-1,
                           prices={"INR": 0})
    assert set(refused.value.fields) == {"name", "coins", "bonus_coins", "prices"}


def test_a_refused_package_change_changes_nothing():
    package = CoinPackage.create(id="p1", now=NOW, name="Starter", coins=100,
                                 prices={"INR": 9900})
    with pytest.raises(RuleViolation):
        package.change({"coins": 5, "prices": {}}, now=NOW)
    assert (package.coins, package.prices) == (100, {"INR": 9900})
    package.change({"bonus_coins": 20, "is_active": False}, now=NOW)
    assert (package.bonus_coins, package.is_active) == (20, False)


def test_an_adjustment_moves_either_balance_with_a_reason_and_replays():
    wallet, entries = wallet_with(50, 10)
    entry = wallet.adjust(entry_id="e3", paid=-20, bonus=5, reference="T-1",
                          reason="Double charge", now=NOW)
    assert (entry.kind, entry.amount, entry.paid_amount, entry.bonus_amount) == (
        LedgerKind.ADJUSTMENT, -15, -20, 5)
    assert (entry.source_type, entry.source_id, entry.description) == (
        "admin", "T-1", "Double charge")
    assert (wallet.paid_balance, wallet.bonus_balance, entry.balance_after) == (30, 15, 45)
    assert replay([*entries, entry]).balance == 45


@pytest.mark.parametrize(("paid", "bonus", "reason", "code"), [
    (0, 0, "Nothing", "invalid_coin_amount"),
    (5, 0, "  ", "reason_required"),
    (5, 0, "x" * 201, "reason_required"),
    (-51, 0, "Too much", "insufficient_coins"),
    (10, -11, "Bonus gone", "insufficient_coins"),
])
def test_an_adjustment_needs_a_reason_and_never_goes_below_zero(paid, bonus, reason, code):
    wallet, _ = wallet_with(50, 10)
    with pytest.raises(RuleViolation) as refused:
        wallet.adjust(entry_id="e3", paid=paid, bonus=bonus, reference="T-1", reason=reason,
                      now=NOW)
    assert refused.value.code == code
    assert (wallet.paid_balance, wallet.bonus_balance, wallet.entry_count) == (50, 10, 2)
