"""Request and response bodies of a site's collaborators."""

import marshmallow as ma

from ownverso.domain.sites.values import CollaboratorRole, CollaboratorStatus
from ownverso.entrypoints.api.common.smorest import Schema


class PersonSchema(Schema):
    id = ma.fields.String()
    username = ma.fields.String()
    display_name = ma.fields.String()
    avatar_url = ma.fields.String(allow_none=True)


class CollaboratorSchema(Schema):
    id = ma.fields.String()
    site_id = ma.fields.String()
    role = ma.fields.Enum(CollaboratorRole)
    status = ma.fields.Enum(CollaboratorStatus)
    email = ma.fields.String(allow_none=True, metadata={
        "description": "The invited address; shown to those who manage the team only"})
    user = ma.fields.Nested(PersonSchema, allow_none=True,
                            metadata={"description": "The account, once known"})
    invited_by = ma.fields.Nested(PersonSchema, allow_none=True)
    invited_at = ma.fields.DateTime()
    expires_at = ma.fields.DateTime(allow_none=True,
                                    metadata={"description": "Pending invitations only"})
    expired = ma.fields.Boolean()
    accepted_at = ma.fields.DateTime(allow_none=True)
    deactivated_at = ma.fields.DateTime(allow_none=True)
    updated_at = ma.fields.DateTime()
    permissions = ma.fields.List(ma.fields.String(),
                                 metadata={"description": "What the role allows on the site"})


class InviteInSchema(Schema):
    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=320))
    role = ma.fields.Enum(CollaboratorRole, required=True)


class RoleInSchema(Schema):
    role = ma.fields.Enum(CollaboratorRole, required=True)


class CollaboratorQuerySchema(Schema):
    class Meta:
        unknown = ma.EXCLUDE  # the pagination parameters share the query string

    status = ma.fields.Enum(CollaboratorStatus, metadata={
        "description": "Only this status (default: pending and active)"})
