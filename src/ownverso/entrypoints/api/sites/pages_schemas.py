"""Bodies of /sites/{id}/pages."""

import marshmallow as ma
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema


def _editable() -> dict:
    return {
        "slug": ma.fields.String(validate=validate.Length(min=1, max=100)),
        "content": ma.fields.String(validate=validate.Length(max=200_000),
                                    metadata={"description": "Markdown"}),
        "show_in_nav": ma.fields.Boolean(),
        "nav_order": ma.fields.Integer(strict=True, validate=validate.Range(min=0, max=32_767)),
        "nav_label": ma.fields.String(allow_none=True, validate=validate.Length(max=30)),
        "meta_title": ma.fields.String(allow_none=True, validate=validate.Length(max=60)),
        "meta_description": ma.fields.String(allow_none=True, validate=validate.Length(max=160)),
    }


Title = ma.fields.String(validate=validate.Length(min=1, max=100))
PageCreateSchema = Schema.from_dict({
    **_editable(), "title": ma.fields.String(required=True,
                                             validate=validate.Length(min=1, max=100)),
    "is_published": ma.fields.Boolean()}, name="PageCreate")
PageUpdateSchema = Schema.from_dict({**_editable(), "title": Title}, name="PageUpdate")


class PageSummarySchema(Schema):
    id = ma.fields.String()
    site_id = ma.fields.String()
    slug = ma.fields.String()
    title = ma.fields.String()
    is_published = ma.fields.Boolean()
    published_at = ma.fields.DateTime(allow_none=True)
    show_in_nav = ma.fields.Boolean()
    nav_order = ma.fields.Integer()
    nav_label = ma.fields.String(allow_none=True)
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()


class PageSchema(PageSummarySchema):
    content = ma.fields.String()
    content_html = ma.fields.String(metadata={"description": "Rendered and sanitized"})
    meta_title = ma.fields.String(allow_none=True)
    meta_description = ma.fields.String(allow_none=True)


class PublicPageSchema(Schema):
    id = ma.fields.String()
    slug = ma.fields.String()
    title = ma.fields.String()
    content_html = ma.fields.String()
    nav_label = ma.fields.String(allow_none=True)
    meta_title = ma.fields.String(allow_none=True)
    meta_description = ma.fields.String(allow_none=True)
    published_at = ma.fields.DateTime(allow_none=True)
    updated_at = ma.fields.DateTime()


class PageListQuerySchema(Schema):
    class Meta:  # page and page_size are read by the pagination
        unknown = ma.EXCLUDE

    is_published = ma.fields.Boolean()
    show_in_nav = ma.fields.Boolean()


class PageOrderSchema(Schema):
    page_ids = ma.fields.List(ma.fields.String(validate=validate.Length(min=1, max=40)),
                              required=True, validate=validate.Length(max=1000),
                              metadata={"description": "Every page of the site, in order"})
