"""Bodies of the folders."""

import marshmallow as ma
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema


class FolderSchema(Schema):
    id = ma.fields.String()
    owner_id = ma.fields.String()
    site_id = ma.fields.String(allow_none=True)
    parent_id = ma.fields.String(allow_none=True)
    name = ma.fields.String()
    path = ma.fields.String()
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()


class FolderCreateSchema(Schema):
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))
    parent_id = ma.fields.String()
    site_id = ma.fields.String()


class FolderUpdateSchema(Schema):
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))


class FolderListArgsSchema(Schema):
    class Meta:
        unknown = ma.EXCLUDE  # the pagination arguments share the query string

    site_id = ma.fields.String()
    parent_id = ma.fields.String(metadata={"description": "Its children; else every folder"})


class FolderDeleteArgsSchema(Schema):
    recursive = ma.fields.Boolean(load_default=False, metadata={
        "description": "Delete the folders and files inside too"})


class FolderDeletedSchema(Schema):
    folders = ma.fields.Integer()
    files = ma.fields.Integer()
