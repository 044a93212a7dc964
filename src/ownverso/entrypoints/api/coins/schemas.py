"""Bodies and answers of reader coins: every coin amount a reader pays with is shown with its
money value (``COIN_VALUE``: one coin = 1 INR, 1 US cent ...)."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.commerce.coins import coin_values
from ownverso.entrypoints.api.chapters.reader_schemas import AccessDecisionSchema
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, Bool, DT, Nested = (ma.fields.String, ma.fields.Integer, ma.fields.Boolean,
                              ma.fields.DateTime, ma.fields.Nested)
VALUES = {"description": "The money value of these coins in each currency, smallest unit"}
PRICES = {"description": "Currency (ISO 4217) -> price in its smallest unit"}


def values_of(coins: int) -> dict[str, int]:
    return coin_values(coins) or {}


class WalletSchema(Schema):
    """My coins: bonus coins are spent first."""

    user_id = Str()
    balance, paid_balance, bonus_balance = Int(), Int(), Int()
    balance_values = ma.fields.Function(lambda w: values_of(w.balance), metadata=VALUES)


class LedgerEntrySchema(Schema):
    """One movement of my coins; ``amount`` is signed, split into paid and bonus coins."""

    id, kind = Str(), Str()
    sequence, amount, paid_amount, bonus_amount, balance_after = (Int(), Int(), Int(), Int(),
                                                                   Int())
    source_type, source_id = Str(), Str()
    description = Str(allow_none=True)
    created_at = DT()


class CoinPackageSchema(Schema):
    id, name = Str(), Str()
    coins = Int(metadata={"description": "Paid coins"})
    bonus_coins = Int(metadata={"description": "Given on top, spent first"})
    total_coins = Int()
    prices = ma.fields.Dict(keys=Str(), values=Int(), metadata=PRICES)
    coin_values = ma.fields.Function(lambda p: values_of(p.total_coins), metadata=VALUES)
    is_active, display_order = Bool(), Int()


class PackageListArgsSchema(Schema):
    currency = Str(validate=validate.Length(equal=3))


class CoinPackageCreateSchema(Schema):
    name = Str(required=True, validate=validate.Length(min=1, max=100))
    coins = Int(required=True, strict=True)
    bonus_coins = Int(strict=True, load_default=0)
    prices = ma.fields.Dict(keys=Str(validate=validate.Length(equal=3)), values=Int(strict=True),
                            required=True, metadata=PRICES)
    is_active = Bool(load_default=True)
    display_order = Int(strict=True, load_default=0)


class CoinPackageUpdateSchema(Schema):
    name = Str(validate=validate.Length(min=1, max=100))
    coins, bonus_coins = Int(strict=True), Int(strict=True)
    prices = ma.fields.Dict(keys=Str(validate=validate.Length(equal=3)), values=Int(strict=True),
                            metadata=PRICES)
    is_active, display_order = Bool(), Int(strict=True)


class BuyCoinsSchema(Schema):
    package_id = Str(required=True, validate=validate.Length(max=40))
    currency = Str(required=True, validate=validate.Length(equal=3))


class CoinUnlockSchema(Schema):
    """``unlocked``: coins spent now; ``already_unlocked``: unlocked before, nothing spent;
    ``already_readable``: readable without coins (``access.reason`` says why)."""

    status, chapter_id = Str(), Str()
    coin_price = Int(allow_none=True)
    coin_value = Int(allow_none=True, metadata={"description": "Of the coin price, smallest "
                                                               "unit of currency"})
    currency = Str()
    coins_spent, balance = Int(), Int()
    entry = Nested(LedgerEntrySchema, allow_none=True)
    access = Nested(AccessDecisionSchema, attribute="decision")


class AuditedWalletSchema(Schema):
    """A reader's wallet as an administrator checks it: ``consistent`` when the ledger,
    replayed entry by entry, rebuilds both balances."""

    wallet = Nested(WalletSchema)
    ledger_balance = Int()
    consistent = Bool()
    problem_entry_id = Str(allow_none=True)


class AdjustmentBodySchema(Schema):
    paid = Int(strict=True, load_default=0, metadata={"description": "Signed paid coins"})
    bonus = Int(strict=True, load_default=0, metadata={"description": "Signed bonus coins"})
    reason = Str(required=True, validate=validate.Length(min=1, max=200))
    reference = Str(required=True, validate=validate.Length(min=1, max=40), metadata={
        "description": "A ticket or incident id; the same one twice moves coins once"})


class AdjustmentSchema(Schema):
    created = Bool(metadata={"description": "False: adjusted before under this reference"})
    entry = Nested(LedgerEntrySchema)
    wallet = Nested(WalletSchema)


class CoinEarningSchema(Schema):
    """Coins a reader spent on my chapter, credited at their money value."""

    id = Str(attribute="earning.id")
    site_id = Str(attribute="earning.site_id")
    chapter_id = Str(attribute="earning.chapter_id")
    chapter_title = Str(allow_none=True)
    coins = Int(attribute="earning.coins")
    paid_coins = Int(attribute="earning.paid_coins")
    bonus_coins = Int(attribute="earning.bonus_coins")
    money_value = Int(attribute="earning.money_value",
                      metadata={"description": "Smallest unit of currency"})
    currency = Str(attribute="earning.currency")
    created_at = DT(attribute="earning.created_at")


class EarningArgsSchema(Schema):
    site_id = Str(validate=validate.Length(min=1, max=40))
