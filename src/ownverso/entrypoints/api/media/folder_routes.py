"""Folders of the media library."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.media.blueprint import blp
from ownverso.entrypoints.api.media.folder_schemas import (
    FolderCreateSchema,
    FolderDeleteArgsSchema,
    FolderDeletedSchema,
    FolderListArgsSchema,
    FolderSchema,
    FolderUpdateSchema,
)
from ownverso.services.media.folders import MediaFolderService

FOLDERS = Provide["media_folders"]


@blp.route("/folders")
class Folders(MethodView):
    @blp.login_required
    @blp.arguments(FolderListArgsSchema, location="query")
    @blp.response(200, FolderSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, pagination_parameters, folders: MediaFolderService = FOLDERS):
        """The caller's folders (or a site's) in path order, or one folder's children"""
        page = pagination_parameters
        items, page.item_count = folders.list(actor=actor(), offset=page.first_item,
                                              limit=page.page_size, **args)
        return items

    @blp.login_required
    @blp.arguments(FolderCreateSchema)
    @blp.response(201, FolderSchema)
    @inject
    def post(self, body, folders: MediaFolderService = FOLDERS):
        """Create a folder, at the top of a library or inside another"""
        return folders.create(actor=actor(), **body)


@blp.route("/folders/<folder_id>")
class OneFolder(MethodView):
    @blp.login_required
    @blp.arguments(FolderUpdateSchema)
    @blp.response(200, FolderSchema)
    @inject
    def patch(self, body, folder_id: str, folders: MediaFolderService = FOLDERS):
        """Rename a folder (the folders inside follow)"""
        return folders.rename(actor=actor(), folder_id=folder_id, name=body["name"])

    @blp.login_required
    @blp.arguments(FolderDeleteArgsSchema, location="query")
    @blp.response(200, FolderDeletedSchema)
    @inject
    def delete(self, args, folder_id: str, folders: MediaFolderService = FOLDERS):
        """Delete a folder; one with content only with recursive=true (409 otherwise)"""
        return folders.delete(actor=actor(), folder_id=folder_id, **args)
