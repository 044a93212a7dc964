"""Bulk actions on files: all or nothing, with a result per item."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.media.blueprint import blp
from ownverso.entrypoints.api.media.ops_schemas import (
    BulkIdsSchema,
    BulkMoveSchema,
    BulkResultSchema,
    BulkTagSchema,
)
from ownverso.services.media.library import MediaLibraryService

LIBRARY = Provide["media_library"]
FAILED = "Nothing changed; errors.json.items has a result per item"


def _report(items: list[dict]) -> dict:
    return {"succeeded": sum(1 for item in items if item["ok"]), "items": items}


@blp.route("/bulk/delete")
class BulkDelete(MethodView):
    @blp.login_required
    @blp.arguments(BulkIdsSchema)
    @blp.response(200, BulkResultSchema)
    @blp.alt_response(422, description=FAILED)
    @inject
    def post(self, body, library: MediaLibraryService = LIBRARY):
        """Delete several files"""
        return _report(library.bulk_delete(actor=actor(), ids=body["ids"]))


@blp.route("/bulk/move")
class BulkMove(MethodView):
    @blp.login_required
    @blp.arguments(BulkMoveSchema)
    @blp.response(200, BulkResultSchema)
    @blp.alt_response(422, description=FAILED)
    @inject
    def post(self, body, library: MediaLibraryService = LIBRARY):
        """Move several files into a folder (or out of any)"""
        return _report(library.bulk_move(actor=actor(), ids=body["ids"],
                                         folder_id=body["folder_id"]))


@blp.route("/bulk/tag")
class BulkTag(MethodView):
    @blp.login_required
    @blp.arguments(BulkTagSchema)
    @blp.response(200, BulkResultSchema)
    @blp.alt_response(422, description=FAILED)
    @inject
    def post(self, body, library: MediaLibraryService = LIBRARY):
        """Add and remove tags on several files"""
        return _report(library.bulk_tag(actor=actor(), ids=body["ids"], add=body["add"],
                                        remove=body["remove"]))
