"""Bodies of /sites: the site itself, as its team and as the public see it."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.sites.values import ContentRating, SiteStatus
from ownverso.entrypoints.api.common.smorest import Schema

Rating = ma.fields.String(validate=validate.OneOf([r.value for r in ContentRating]))
Language = ma.fields.String(validate=validate.Regexp(r"^[a-z]{2}(-[A-Z]{2})?$"))


class SiteCreateSchema(Schema):
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))
    slug = ma.fields.String(required=True, validate=validate.Length(min=3, max=63),
                            metadata={"description": "3-63 lower-case letters, digits, dashes"})
    tagline = ma.fields.String(allow_none=True, validate=validate.Length(max=200))
    description = ma.fields.String(allow_none=True, validate=validate.Length(max=10_000))
    is_public = ma.fields.Boolean()
    default_language = Language
    default_content_rating = Rating


class SiteUpdateSchema(Schema):
    name = ma.fields.String(validate=validate.Length(min=1, max=100))
    slug = ma.fields.String(validate=validate.Length(min=3, max=63))
    tagline = ma.fields.String(allow_none=True, validate=validate.Length(max=200))
    description = ma.fields.String(allow_none=True, validate=validate.Length(max=10_000))
    is_public = ma.fields.Boolean()
    meta_title = ma.fields.String(allow_none=True, validate=validate.Length(max=60))
    meta_description = ma.fields.String(allow_none=True, validate=validate.Length(max=160))
    canonical_url = ma.fields.Url(allow_none=True, schemes={"https"},
                                  validate=validate.Length(max=2048))
    status = ma.fields.String(validate=validate.OneOf([s.value for s in SiteStatus]),
                              metadata={"description": "ACTIVE or MAINTENANCE (SUSPENDED: "
                                                       "staff only; DELETED: use DELETE)"})
    maintenance_message = ma.fields.String(allow_none=True, validate=validate.Length(max=2000))
    suspension_reason = ma.fields.String(allow_none=True, validate=validate.Length(max=500))


class SiteListQuerySchema(Schema):
    class Meta:  # page and page_size are read by the pagination
        unknown = ma.EXCLUDE

    status = ma.fields.String(validate=validate.OneOf([s.value for s in SiteStatus]))
    include_deleted = ma.fields.Boolean(load_default=False)


def _public_fields() -> dict:
    text = ma.fields.String(allow_none=True)
    return {
        "id": ma.fields.String(), "author_id": ma.fields.String(), "slug": ma.fields.String(),
        "name": ma.fields.String(), "tagline": text, "description": text,
        "logo_url": text, "favicon_url": text, "cover_image_url": text, "og_image_url": text,
        "theme_id": text, "primary_color": text, "secondary_color": text, "accent_color": text,
        "custom_fonts": ma.fields.Dict(), "status": ma.fields.String(),
        "maintenance_message": text, "meta_title": text, "meta_description": text,
        "canonical_url": text, "social_links": ma.fields.Dict(),
        "default_content_rating": ma.fields.String(), "default_language": ma.fields.String(),
        "comments_enabled": ma.fields.Boolean(), "created_at": ma.fields.DateTime(),
    }


class SiteSchema(Schema.from_dict(_public_fields(), name="SiteBase")):
    """The site as its team sees it, with the caller's role and permissions."""
    role = ma.fields.String()
    permissions = ma.fields.List(ma.fields.String())
    is_public = ma.fields.Boolean()
    custom_domain = ma.fields.String(allow_none=True)
    custom_domain_verified = ma.fields.Boolean()
    custom_css_enabled = ma.fields.Boolean()
    suspension_reason = ma.fields.String(allow_none=True)
    deleted_at = ma.fields.DateTime(allow_none=True)
    last_published_at = ma.fields.DateTime(allow_none=True)
    updated_at = ma.fields.DateTime()


class NavItemSchema(Schema):
    id = ma.fields.String()
    slug = ma.fields.String()
    title = ma.fields.String(attribute="nav_title")
    nav_order = ma.fields.Integer()


def _when(flag: str, name: str) -> ma.fields.Function:
    return ma.fields.Function(lambda site: getattr(site, name) if getattr(site, flag) else None,
                              allow_none=True)


class PublicSiteSummarySchema(Schema.from_dict(_public_fields(), name="PublicSiteBase")):
    """What anyone sees of a visible site."""

    custom_domain = _when("custom_domain_verified", "custom_domain")
    custom_css = _when("custom_css_enabled", "custom_css")
    google_analytics_id = _when("analytics_enabled", "google_analytics_id")
    facebook_pixel_id = _when("analytics_enabled", "facebook_pixel_id")


class PublicSiteSchema(PublicSiteSummarySchema):
    navigation = ma.fields.List(ma.fields.Nested(NavItemSchema))
