"""The invitee's view of an invitation."""

import marshmallow as ma

from ownverso.domain.sites.values import CollaboratorRole, CollaboratorStatus
from ownverso.entrypoints.api.common.smorest import Schema
from ownverso.entrypoints.api.sites.collaborators_schemas import PersonSchema


class SiteBriefSchema(Schema):
    id = ma.fields.String()
    name = ma.fields.String()
    slug = ma.fields.String()


class InviteSchema(Schema):
    id = ma.fields.String(metadata={"description": "Usable in place of the token in the paths "
                                                  "below, by the invitee"})
    site = ma.fields.Nested(SiteBriefSchema)
    role = ma.fields.Enum(CollaboratorRole)
    status = ma.fields.Enum(CollaboratorStatus)
    email = ma.fields.String()
    invited_by = ma.fields.Nested(PersonSchema, allow_none=True)
    invited_at = ma.fields.DateTime()
    expires_at = ma.fields.DateTime()
    accepted_at = ma.fields.DateTime(allow_none=True)
    permissions = ma.fields.List(ma.fields.String())
