"""Bodies of /sites/{id}/domain."""

import marshmallow as ma
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema


class DomainInSchema(Schema):
    domain = ma.fields.String(required=True, validate=validate.Length(min=3, max=253),
                              metadata={"example": "stories.example.org"})


class DnsRecordSchema(Schema):
    type = ma.fields.String()
    name = ma.fields.String()
    value = ma.fields.String()
    purpose = ma.fields.String()


class DomainSchema(Schema):
    domain = ma.fields.String(allow_none=True)
    verified = ma.fields.Boolean()
    verified_at = ma.fields.DateTime(allow_none=True)
    dns_records = ma.fields.List(ma.fields.Nested(DnsRecordSchema))
    ssl_status = ma.fields.String(allow_none=True)
    ssl_expires_at = ma.fields.DateTime(allow_none=True)


class SslStatusSchema(Schema):
    domain = ma.fields.String()
    status = ma.fields.String(metadata={"description": "PENDING, ACTIVE or EXPIRED"})
    expires_at = ma.fields.DateTime(allow_none=True)
    ssl_enabled = ma.fields.Boolean()
