"""Bodies of /content-warnings."""

import marshmallow as ma

from ownverso.entrypoints.api.common.smorest import Schema


class ContentWarningSchema(Schema):
    id = ma.fields.String()
    slug = ma.fields.String()
    name = ma.fields.String()
    description = ma.fields.String()
    severity = ma.fields.String(metadata={"description": "mild, moderate or severe"})
    display_order = ma.fields.Integer()
