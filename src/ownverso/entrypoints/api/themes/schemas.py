"""Bodies of /themes and of a site's theme."""

import marshmallow as ma
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema

Color = ma.fields.String(validate=validate.Regexp(r"^#[0-9A-Fa-f]{6}$",
                                                  error="Not a #RRGGBB color."))
Choice = ma.fields.String(allow_none=True, validate=validate.Length(max=64))


class ThemeSummarySchema(Schema):
    id = ma.fields.String()
    slug = ma.fields.String()
    name = ma.fields.String()
    description = ma.fields.String(allow_none=True)
    category = ma.fields.String()
    thumbnail_url = ma.fields.String(allow_none=True)
    preview_url = ma.fields.String(allow_none=True)
    is_premium = ma.fields.Boolean()
    required_tier = ma.fields.String(allow_none=True)
    usage_count = ma.fields.Integer()


class ThemeSchema(ThemeSummarySchema):
    styles = ma.fields.Dict()
    color_schemes = ma.fields.List(ma.fields.Dict())
    font_options = ma.fields.List(ma.fields.Dict())
    layout_options = ma.fields.List(ma.fields.Dict())


class ThemeListQuerySchema(Schema):
    class Meta:  # page and page_size are read by the pagination
        unknown = ma.EXCLUDE

    category = ma.fields.String(validate=validate.Length(max=32))
    is_premium = ma.fields.Boolean()


class CategorySchema(Schema):
    category = ma.fields.String()
    count = ma.fields.Integer()


class ThemeSettingsSchema(Schema):
    color_scheme = Choice
    font = Choice
    layout = Choice


class ThemePreviewSchema(Schema):
    theme = ma.fields.Nested(ThemeSummarySchema, allow_none=True)
    preview_url = ma.fields.String(allow_none=True)
    settings = ma.fields.Nested(ThemeSettingsSchema, allow_none=True)
    style = ma.fields.Dict(metadata={"description": "The theme's styles with the choices and "
                                                    "the site's colors merged in"})
    available = ma.fields.Boolean(metadata={"description": "Whether the site's plan has it"})


class SiteThemeInSchema(Schema):
    theme_id = ma.fields.String(validate=validate.Length(min=1, max=40))
    settings = ma.fields.Nested(ThemeSettingsSchema)


class SiteThemePreviewQuerySchema(Schema):
    theme_id = ma.fields.String(validate=validate.Length(min=1, max=40))
    color_scheme = Choice
    font = Choice
    layout = Choice
    primary_color = Color
    secondary_color = Color
    accent_color = Color
