"""Bodies, query strings and answers of the license endpoints."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.commerce.license import INSTANCE_MAX, LABEL_MAX, REASON_MAX, LicenseStatus
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, Bool, DT = ma.fields.String, ma.fields.Integer, ma.fields.Boolean, ma.fields.DateTime
KEY = validate.Length(min=1, max=64)
INSTANCE = validate.Length(min=1, max=INSTANCE_MAX)


class LicenseArgs(Schema):
    class Meta:
        unknown = ma.EXCLUDE  # the pagination arguments share the query string

    status = ma.fields.Enum(LicenseStatus)
    product_id = Str(validate=validate.Length(max=40))


class AdminLicenseArgs(LicenseArgs):
    site_id = Str(validate=validate.Length(max=40))
    owner_id = Str(validate=validate.Length(max=40))


class VerifyBodySchema(Schema):
    key = Str(required=True, validate=KEY,
              metadata={"description": "OVK-XXXXX-XXXXX-XXXXX-XXXXX (any case, dashes "
                                       "optional)"})
    instance_id = Str(load_default=None, allow_none=True, validate=INSTANCE,
                      metadata={"description": "The install to activate (one seat each, "
                                               "once)"})
    instance_label = Str(load_default=None, allow_none=True,
                         validate=validate.Length(max=LABEL_MAX))
    product_id = Str(load_default=None, allow_none=True, validate=validate.Length(max=40),
                     metadata={"description": "The product the software is: a key of another "
                                              "product is unknown_key"})


class DeactivateBodySchema(Schema):
    key = Str(required=True, validate=KEY)
    instance_id = Str(required=True, validate=INSTANCE)


class RevokeBodySchema(Schema):
    reason = Str(required=True, validate=validate.Length(min=1, max=REASON_MAX))


class ProductRefSchema(Schema):
    id = Str()
    name = Str()


def _of(field, name: str, **kwargs):
    return field(attribute=f"license.{name}", **kwargs)


def _product(view) -> dict | None:
    return {"id": view.product.id, "name": view.product.name} if view.product else None


class LicenseSchema(Schema):
    """A license as its team and administrators see it: the key's last characters only."""

    id = _of(Str, "id")
    key_hint = _of(Str, "key_hint", metadata={"description": "The key's last characters"})
    product = ma.fields.Function(_product)
    purchase_id = _of(Str, "purchase_id")
    site_id = _of(Str, "site_id")
    owner_id = _of(Str, "owner_id")
    license_type = ma.fields.Function(lambda v: v.license.license_type.value)
    seats = _of(Int, "seats")
    activations = _of(Int, "active_seats",
                      metadata={"description": "Instances using a seat now"})
    status = ma.fields.Function(lambda v: v.status.value)
    issued_at = _of(DT, "issued_at")
    expires_at = _of(DT, "expires_at", allow_none=True,
                     metadata={"description": "null: lifetime"})
    revoked_at = _of(DT, "revoked_at", allow_none=True)
    revoked_reason = _of(Str, "revoked_reason", allow_none=True)


class OwnedLicenseSchema(LicenseSchema):
    """One of my licenses, with its key."""

    key = Str()


class InstanceSchema(Schema):
    id = Str()
    instance_id = Str()
    label = Str(allow_none=True)
    is_active = Bool()
    first_activated_at = DT()
    last_seen_at = DT()
    deactivated_at = DT(allow_none=True)


class LicenseDetailSchema(LicenseSchema):
    revoked_by = _of(Str, "revoked_by", allow_none=True)
    instances = ma.fields.List(ma.fields.Nested(InstanceSchema))


class VerificationSchema(Schema):
    """What a key check answers; an unknown key answers only valid and reason."""

    valid = Bool()
    reason = ma.fields.Function(lambda v: None if v.valid else v.outcome.value,
                                metadata={"description": "Why not valid: unknown_key, "
                                                         "revoked, expired, suspended, "
                                                         "seats_exhausted"})
    status = ma.fields.Function(lambda v: v.status.value if v.status else None)
    product = ma.fields.Function(_product)
    license_type = ma.fields.Function(
        lambda v: v.license.license_type.value if v.license else None)
    seats = ma.fields.Function(lambda v: v.license.seats if v.license else None)
    activations = ma.fields.Function(lambda v: v.license.active_seats if v.license else None)
    expires_at = ma.fields.Function(
        lambda v: v.license.expires_at.isoformat()
        if v.license and v.license.expires_at else None)


class DeactivationSchema(VerificationSchema):
    deactivated = Bool(allow_none=True,
                       metadata={"description": "false when the instance was not active"})
