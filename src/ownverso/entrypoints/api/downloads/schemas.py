"""Bodies and answers of the download endpoints. Nothing here names a storage key or a media
URL: a download is a short-lived signed link."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.commerce.downloads import NOTE_MAX, REASON_MAX, ResetStatus
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, DT = ma.fields.String, ma.fields.Integer, ma.fields.DateTime


class DownloadLinkSchema(Schema):
    """A signed link to the file, valid until ``expires_at``, and what is left."""

    url = Str(metadata={"description": "GET it to save the file (expires soon)"})
    expires_at = DT()
    filename = Str()
    size = Int(allow_none=True)
    content_type = Str()
    downloads_used = Int()
    downloads_remaining = Int(allow_none=True, metadata={"description": "null: unlimited"})
    window_ends_at = DT(allow_none=True, metadata={"description": "null: no window"})


class DownloadSchema(Schema):
    """One download of my purchase."""

    id = Str()
    downloaded_at = DT()
    user_agent = Str(allow_none=True)


class ResetRequestBodySchema(Schema):
    reason = Str(required=True, validate=validate.Length(min=1, max=REASON_MAX))


class ReviewBodySchema(Schema):
    note = Str(load_default=None, allow_none=True, validate=validate.Length(max=NOTE_MAX))


class ResetRequestListArgsSchema(Schema):
    status = Str(load_default=None, validate=validate.OneOf([s.value for s in ResetStatus]))


def _of(field, name: str, **kwargs):
    return field(attribute=f"request.{name}", **kwargs)


class ResetRequestSchema(Schema):
    """A request to restart a purchase's downloads, and its review."""

    id = _of(Str, "id")
    purchase_id = _of(Str, "purchase_id")
    product_id = _of(Str, "product_id")
    product_name = Str(allow_none=True)
    site_id = _of(Str, "site_id")
    buyer_id = _of(Str, "buyer_id")
    buyer_name = Str(allow_none=True)
    reason = _of(Str, "reason")
    status = ma.fields.Function(lambda v: v.request.status.value)
    reviewer_id = _of(Str, "reviewer_id", allow_none=True)
    reviewed_at = _of(DT, "reviewed_at", allow_none=True)
    review_note = _of(Str, "review_note", allow_none=True)
    created_at = _of(DT, "created_at")
