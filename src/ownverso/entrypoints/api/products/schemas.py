"""Bodies of /sites/{siteId}/products, /s/{siteSlug}/shop and /admin/products."""

from datetime import UTC

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.commerce.values import LicenseType, ProductType
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, Bool, List = ma.fields.String, ma.fields.Integer, ma.fields.Boolean, ma.fields.List
DT, Enum = ma.fields.DateTime, ma.fields.Enum
WHEN = {"default_timezone": UTC, "allow_none": True}


class ProductPublicSchema(Schema):
    """A product as the shop shows it: no file reference, no counters but the stock left."""

    id, site_id, name, slug = Str(), Str(), Str(), Str()
    product_type = Enum(ProductType)
    description = Str(allow_none=True)
    short_description = Str(allow_none=True)
    cover_image_url = Str(allow_none=True)
    preview_image_urls = List(Str())
    price = Int(metadata={"description": "In the smallest currency unit"})
    compare_at_price = Int(allow_none=True)
    currency = Str()
    has_file = Bool(metadata={"description": "Whether the buyer gets a download"})
    max_downloads = Int(allow_none=True)
    download_window_days = Int(allow_none=True)
    is_licensed = Bool()
    license_type = Enum(LicenseType, allow_none=True)
    license_seats = Int(allow_none=True)
    is_limited, is_sold_out = Bool(), Bool()
    remaining = Int(allow_none=True, metadata={"description": "Units left (null: unlimited)"})
    available_from, available_until = DT(allow_none=True), DT(allow_none=True)
    is_featured, display_order = Bool(), Int()


class ProductSchema(ProductPublicSchema):
    """The full product, for its site's team."""

    author_id, version, sold_count = Str(), Int(), Int()
    total_quantity = Int(allow_none=True)
    is_active = Bool()
    cover_media_id = Str(allow_none=True)
    preview_media_ids = List(Str())
    file_media_id = Str(allow_none=True)
    file_name = Str(allow_none=True)
    file_size = Int(allow_none=True)
    file_content_type = Str(allow_none=True)
    admin_hold = Bool(metadata={"description": "Deactivated by an administrator"})
    admin_reason = Str(allow_none=True)
    admin_acted_at = DT(allow_none=True)
    created_at, updated_at = DT(), DT()


class AdminProductSchema(ProductSchema):
    admin_actor_id = Str(allow_none=True)


class ProductUpdateSchema(Schema):
    name = Str(validate=validate.Length(min=1, max=100))
    slug = Str(validate=[validate.Length(min=1, max=100), validate.Regexp(
        r"^[a-z0-9]+(?:-[a-z0-9]+)*$", error="Lower-case words and dashes.")])
    product_type = Enum(ProductType)
    description = Str(allow_none=True, validate=validate.Length(max=20_000))
    short_description = Str(allow_none=True, validate=validate.Length(max=200))
    price = Int(strict=True, validate=validate.Range(min=0),
                metadata={"description": "In the smallest currency unit"})
    compare_at_price = Int(strict=True, allow_none=True,
                           metadata={"description": "Above the price when set"})
    currency = Str(validate=validate.Length(equal=3))
    cover_media_id = Str(allow_none=True, metadata={"description": "A ready image of yours"})
    preview_media_ids = List(Str(), validate=validate.Length(max=10))
    file_media_id = Str(allow_none=True,
                        metadata={"description": "The buyer's download (a ready media file)"})
    max_downloads = Int(strict=True, allow_none=True, validate=validate.Range(min=1, max=1000))
    download_window_days = Int(strict=True, allow_none=True,
                               validate=validate.Range(min=1, max=3650))
    is_licensed = Bool()
    license_type = Enum(LicenseType, allow_none=True)
    license_seats = Int(strict=True, allow_none=True, validate=validate.Range(min=1))
    total_quantity = Int(strict=True, allow_none=True, validate=validate.Range(min=1),
                         metadata={"description": "Limited stock (null: unlimited)"})
    is_active, is_featured = Bool(), Bool()
    available_from = ma.fields.AwareDateTime(**WHEN)
    available_until = ma.fields.AwareDateTime(**WHEN)
    display_order = Int(strict=True, validate=validate.Range(min=0, max=32_000))


class ProductCreateSchema(ProductUpdateSchema):
    name = Str(required=True, validate=validate.Length(min=1, max=100))
    price = Int(strict=True, required=True, validate=validate.Range(min=0))
