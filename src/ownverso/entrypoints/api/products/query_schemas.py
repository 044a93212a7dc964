"""Query strings and small bodies of the product endpoints, and the stats."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.commerce.values import ProductType
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, Bool = ma.fields.String, ma.fields.Integer, ma.fields.Boolean


class _QueryArgs(Schema):
    class Meta:
        unknown = ma.EXCLUDE  # the pagination arguments share the query string

    product_type = ma.fields.Enum(ProductType)


class ProductListArgs(_QueryArgs):
    q = Str(validate=validate.Length(max=100), data_key="q",
            metadata={"description": "Part of the name or slug"})
    is_active = Bool()


class ShopArgs(_QueryArgs):
    sort = Str(load_default="display", validate=validate.OneOf(
        ("display", "newest", "price_asc", "price_desc")))


class AdminProductArgs(_QueryArgs):
    site_id, author_id, is_active = Str(), Str(), Bool()


class CoverSchema(Schema):
    media_id = Str(required=True, allow_none=True,
                   metadata={"description": "A ready image uploaded through /media (null "
                                            "removes the cover)"})


class AdminStatusSchema(Schema):
    is_active = Bool(required=True)
    reason = Str(required=True, validate=validate.Length(min=1, max=500))


class ProductRevenueSchema(Schema):
    currency = Str()
    amount = Int(metadata={"description": "Smallest currency unit"})
    orders = Int()


class ProductSalesSchema(Schema):
    product_id, sold_count = Str(), Int()
    total_quantity = Int(allow_none=True)
    remaining = Int(allow_none=True)
    is_sold_out = Bool()
    orders = Int(metadata={"description": "Purchases paid (SUCCEEDED)"})
    revenue = ma.fields.List(ma.fields.Nested(ProductRevenueSchema),
                             metadata={"description": "What they paid, per currency"})


class ProductStatsSchema(Schema):
    """Counts across the site's products, with the orders and revenue (per currency) of
    their SUCCEEDED purchases."""

    products, active_products, limited_products = Int(), Int(), Int()
    sold_out_products, units_sold = Int(), Int()
    orders = Int()
    revenue = ma.fields.List(ma.fields.Nested(ProductRevenueSchema))
