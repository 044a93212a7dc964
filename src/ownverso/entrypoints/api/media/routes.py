"""The media library: list with filters, read, describe, delete, copy and move a file.

The other sub-resources (uploads, folders, bulk actions, variants, delivery, usage) have their
own modules on the same blueprint, imported at the end."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.media.blueprint import blp
from ownverso.entrypoints.api.media.schemas import (
    CopySchema,
    MediaFileSchema,
    MediaListArgsSchema,
    MediaUpdateSchema,
    MoveSchema,
)
from ownverso.services.media.library import MediaLibraryService

LIBRARY = Provide["media_library"]


@blp.route("")
class MediaList(MethodView):
    @blp.login_required
    @blp.arguments(MediaListArgsSchema, location="query")
    @blp.response(200, MediaFileSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, pagination_parameters, library: MediaLibraryService = LIBRARY):
        """Files of the caller (or of a site), filtered by type, folder, tag, name and date"""
        page = pagination_parameters
        items, page.item_count = library.list(actor=actor(), offset=page.first_item,
                                              limit=page.page_size, **args)
        return items


@blp.route("/<media_id>")
class MediaItem(MethodView):
    @blp.login_required
    @blp.response(200, MediaFileSchema)
    @inject
    def get(self, media_id: str, library: MediaLibraryService = LIBRARY):
        """A file's details"""
        return library.get(actor=actor(), media_id=media_id)

    @blp.login_required
    @blp.arguments(MediaUpdateSchema)
    @blp.response(200, MediaFileSchema)
    @inject
    def patch(self, body, media_id: str, library: MediaLibraryService = LIBRARY):
        """Change a file's name, alt text, caption, tags or metadata"""
        return library.update(actor=actor(), media_id=media_id, changes=body)

    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, media_id: str, library: MediaLibraryService = LIBRARY):
        """Delete a file and its variants; their bytes are given back to the owner's storage"""
        library.delete(actor=actor(), media_id=media_id)


@blp.route("/<media_id>/copy")
class MediaCopy(MethodView):
    @blp.login_required
    @blp.arguments(CopySchema)
    @blp.response(201, MediaFileSchema)
    @inject
    def post(self, body, media_id: str, library: MediaLibraryService = LIBRARY):
        """Copy a file (into a folder of the same library); the copy counts against storage"""
        return library.copy(actor=actor(), media_id=media_id, **body)


@blp.route("/<media_id>/move")
class MediaMove(MethodView):
    @blp.login_required
    @blp.arguments(MoveSchema)
    @blp.response(200, MediaFileSchema)
    @inject
    def post(self, body, media_id: str, library: MediaLibraryService = LIBRARY):
        """Move a file into a folder of its library, or out of any folder"""
        return library.move(actor=actor(), media_id=media_id, folder_id=body["folder_id"])


from ownverso.entrypoints.api.media import (  # noqa: E402,F401  (their routes join blp)
    bulk_routes,
    delivery_routes,
    folder_routes,
    processing_routes,
    upload_routes,
    usage_routes,
)
