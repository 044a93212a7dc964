import marshmallow as ma

from ownverso.entrypoints.api.common.smorest import Schema


class HealthSchema(Schema):
    status = ma.fields.String()


class StatusSchema(Schema):
    status = ma.fields.String(metadata={"description": "ok or degraded"})
    version = ma.fields.String()
    checks = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Dict())
