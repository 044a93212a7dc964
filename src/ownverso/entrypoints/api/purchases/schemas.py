"""Bodies of /purchases, /chapters/{chapterId}/purchase and /checkout/purchase."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.commerce.purchase import PurchaseStatus
from ownverso.entrypoints.api.common.smorest import Schema
from ownverso.entrypoints.api.licenses.schemas import OwnedLicenseSchema
from ownverso.entrypoints.api.subscriptions.schemas import CheckoutSessionSchema

Str, Int = ma.fields.String, ma.fields.Integer
DT = ma.fields.DateTime
CODE = {"load_default": None, "allow_none": True, "validate": validate.Length(max=64),
        "metadata": {"description": "A discount code of the site (any case)"}}


class ProductPurchaseBodySchema(Schema):
    item_type = Str(load_default="product", validate=validate.OneOf(["product"]),
                    metadata={"description": "Always product here (chapters: "
                                             "POST /chapters/{chapterId}/purchase)"})
    product_id = Str(required=True)
    discount_code = Str(**CODE)


class ChapterPurchaseBodySchema(Schema):
    discount_code = Str(**CODE)


class CheckoutPurchaseBodySchema(Schema):
    """One product or one chapter."""

    product_id = Str(load_default=None, allow_none=True)
    chapter_id = Str(load_default=None, allow_none=True)
    discount_code = Str(**CODE)


class PurchaseCheckoutSchema(CheckoutSessionSchema):
    """The purchase's checkout: pay at ``checkout_url``; COMPLETE names the purchase."""

    purchase_id = ma.fields.Function(lambda s: s.payload.get("purchase_id"))
    item_type = ma.fields.Function(lambda s: s.payload.get("item_type"))
    product_id = ma.fields.Function(lambda s: s.payload.get("product_id"))
    chapter_id = ma.fields.Function(lambda s: s.payload.get("chapter_id"))
    item_name = ma.fields.Function(lambda s: s.payload.get("item_name"))


class PurchaseListArgsSchema(Schema):
    status = Str(load_default=None, validate=validate.OneOf([s.value for s in PurchaseStatus]))


def _of(field, name: str, **kwargs):
    return field(attribute=f"purchase.{name}", **kwargs)


class PurchaseSchema(Schema):
    """A purchase of mine and what it bought."""

    id = _of(Str, "id")
    item_type = Str()
    item_name = Str(allow_none=True)
    product_id = _of(Str, "product_id", allow_none=True)
    product_type = ma.fields.Function(
        lambda v: v.product.product_type.value if v.product else None)
    chapter_id = _of(Str, "chapter_id", allow_none=True)
    site_id = _of(Str, "site_id")
    status = ma.fields.Function(lambda v: v.purchase.status.value)
    amount = _of(Int, "amount", metadata={"description": "Paid, smallest currency unit"})
    original_amount = _of(Int, "original_amount")
    discount_amount = _of(Int, "discount_amount")
    currency = _of(Str, "currency")
    checkout_session_id = _of(Str, "checkout_session_id", allow_none=True)
    delivered_at = _of(DT, "delivered_at", allow_none=True)
    download_count = _of(Int, "download_count")
    last_downloaded_at = _of(DT, "last_downloaded_at", allow_none=True)
    license = ma.fields.Nested(OwnedLicenseSchema, allow_none=True,
                               metadata={"description": "The license key sold with a "
                                                        "licensed product (null otherwise)"})
    created_at = _of(DT, "created_at")
    updated_at = _of(DT, "updated_at")
