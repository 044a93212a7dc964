"""Bodies of reading through the paywall: the decision, a chapter to read, an unlock."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.checkout.session import CheckoutStatus
from ownverso.domain.commerce.coins import coin_values
from ownverso.domain.memberships.values import BillingCycle
from ownverso.domain.publishing.chapter_values import AuthorNotePosition
from ownverso.entrypoints.api.chapters.public_schemas import (
    PAGES,
    ChapterPageSchema,
    PublicChapterCardSchema,
)
from ownverso.entrypoints.api.common.smorest import Schema
from ownverso.services.access.views import UnlockMethod, UnlockOutcome

Str, Int, Bool, DT, Nested = (ma.fields.String, ma.fields.Integer, ma.fields.Boolean,
                              ma.fields.DateTime, ma.fields.Nested)


class UnlockTierOptionSchema(Schema):
    """A tier that would grant the chapter, with its prices (``available_at``: when its
    subscribers read a chapter still in early access; null: at once)."""

    tier_id, name, currency = Str(), Str(), Str()
    monthly_price, annual_price = Int(), Int(allow_none=True)
    available_at = DT(allow_none=True)


class UnlockOptionsSchema(Schema):
    tiers = ma.fields.List(Nested(UnlockTierOptionSchema))
    purchase_price = Int(allow_none=True, metadata={"description": "One-time, smallest unit"})
    currency = Str(allow_none=True, metadata={"description": "Of the purchase price"})
    coin_price = Int(allow_none=True)
    coin_values = ma.fields.Function(
        lambda o: coin_values(o.coin_price),
        metadata={"description": "The coin price's money value per currency, smallest unit"})
    free_at = DT(allow_none=True, metadata={"description": "When it is free for everyone"})


class AccessDecisionSchema(Schema):
    granted = Bool()
    reason = Str(metadata={"description": "free, subscriber, tier, early_access_subscriber, "
                                          "purchase, coin_unlock, scheduled_free, author, "
                                          "collaborator, admin; denied: "
                                          "subscription_required, tier_required, "
                                          "early_access, purchase_required, "
                                          "account_restricted"})
    readable_at = DT(allow_none=True)
    unlock_options = Nested(UnlockOptionsSchema)


class ChapterReadingSchema(PublicChapterCardSchema):
    """A chapter for this reader: the whole text when ``access.granted``, else its first
    paragraphs (``is_preview``) and the author's paywall message."""

    price, currency = Int(allow_none=True), Str()
    free_at = DT(allow_none=True)
    access = Nested(AccessDecisionSchema)
    content_html = Str()
    is_preview = Bool()
    preview_paragraphs = Int(allow_none=True)
    author_note_html = Str(allow_none=True, metadata={"description": "Only when granted"})
    author_note_position = ma.fields.Enum(AuthorNotePosition)
    paywall_message = Str(allow_none=True)
    pages = ma.fields.List(Nested(ChapterPageSchema), metadata=PAGES)


class ChapterAccessCheckSchema(AccessDecisionSchema):
    """The decision without content (and seed 001's fields)."""

    chapter_id = Str()
    has_access, needs_purchase, has_subscription_access = Bool(), Bool(), Bool()
    price = Int(allow_none=True)
    currency_code = Str(allow_none=True)


class ChapterUnlockBodySchema(Schema):
    """SUBSCRIBE to a tier among the chapter's unlock options (``tier_id``, ``billing_cycle``);
    PURCHASE the chapter once; or spend its coin price (COINS). ``discount_code`` applies to
    SUBSCRIBE and PURCHASE."""

    method = ma.fields.Enum(UnlockMethod, required=True)
    tier_id = Str(validate=validate.Length(min=1, max=40))
    billing_cycle = ma.fields.Enum(BillingCycle, load_default=BillingCycle.MONTHLY)
    discount_code = Str(allow_none=True, validate=validate.Length(max=50))


class ChapterUnlockCheckoutSchema(Schema):
    id = Str()
    status = ma.fields.Enum(CheckoutStatus)
    amount, currency = Int(), Str()
    checkout_url = Str(allow_none=True)
    expires_at = DT(allow_none=True)


class ChapterUnlockSchema(Schema):
    status = ma.fields.Enum(UnlockOutcome, by_value=True)
    chapter_id = Str()
    access = Nested(AccessDecisionSchema)
    checkout = Nested(ChapterUnlockCheckoutSchema, allow_none=True)
    coins_spent = Int(allow_none=True, metadata={"description": "COINS: spent by this call"})
    coin_balance = Int(allow_none=True, metadata={"description": "COINS: the wallet after"})
