"""Coin packages: what readers buy coins in, defined by administrators.

A package gives ``coins`` (paid coins) and ``bonus_coins`` (shown apart, spent first) for a
price in each currency it is sold in (``prices``: currency -> smallest unit)."""

import re
from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.entity import Entity
from ownverso.domain.errors import RuleViolation

CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_COINS = 1_000_000
MAX_PRICE = 100_000_000
MAX_NAME = 100
EDITABLE = ("name", "coins", "bonus_coins", "prices", "is_active", "display_order")


@dataclass(eq=False, kw_only=True)
class CoinPackage(Entity):
    name: str
    coins: int
    bonus_coins: int = 0
    prices: dict = field(default_factory=dict)  # currency -> smallest unit
    is_active: bool = True
    display_order: int = 0
    created_at: datetime
    updated_at: datetime

    @property
    def total_coins(self) -> int:
        return self.coins + self.bonus_coins

    def price_in(self, currency: str) -> int | None:
        return self.prices.get((currency or "").upper())

    def check(self) -> None:
        """Every field at fault in one ``RuleViolation``."""
        found: dict[str, list[str]] = {}
        if not (self.name or "").strip() or len(self.name) > MAX_NAME:
            found["name"] = [f"From 1 to {MAX_NAME} characters."]
        if type(self.coins) is not int or not 1 <= self.coins <= MAX_COINS:
            found["coins"] = [f"A whole number from 1 to {MAX_COINS}."]
        if type(self.bonus_coins) is not int or not 0 <= self.bonus_coins <= MAX_COINS:
            found["bonus_coins"] = [f"A whole number from 0 to {MAX_COINS}."]
        if not self.prices:
            found["prices"] = ["At least one currency and its price."]
        for currency, amount in (self.prices or {}).items():
            if not CURRENCY.match(str(currency)):
                found.setdefault("prices", []).append(f"{currency}: not an ISO 4217 code.")
            elif type(amount) is not int or not 1 <= amount <= MAX_PRICE:
                found.setdefault("prices", []).append(
                    f"{currency}: a whole number from 1 to {MAX_PRICE} (smallest unit).")
        if found:
            raise RuleViolation("This coin package is not valid.", code="invalid_coin_package",
                                fields=found)

    @classmethod
    def create(cls, *, id: str, now: datetime, **values) -> "CoinPackage":
        values["prices"] = {str(k).upper(): v for k, v in (values.get("prices") or {}).items()}
        package = cls(id=id, created_at=now, updated_at=now, **values)
        package.check()
        return package

    def change(self, changes: dict, *, now: datetime) -> None:
        """Apply some of the editable fields, checked as a whole (nothing changes on error)."""
        before = {name: getattr(self, name) for name in EDITABLE}
        for name in EDITABLE:
            if name in changes:
                value = changes[name]
                if name == "prices":
                    value = {str(k).upper(): v for k, v in (value or {}).items()}
                setattr(self, name, value)
        try:
            self.check()
        except RuleViolation:
            for name, value in before.items():
                setattr(self, name, value)
            raise
        self.updated_at = now
