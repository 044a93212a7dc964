"""GET /chapters/{id}/export and /chapters/{id}/export/{format}."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.chapter_io.blueprints import chapter_io as blp
from ownverso.entrypoints.api.chapter_io.blueprints import file_response
from ownverso.entrypoints.api.chapter_io.schemas import ChapterExportsSchema
from ownverso.entrypoints.api.common.smorest import actor
from ownverso.services.publishing.exporting import ExportService


@blp.route("/<chapter_id>/export")
class ChapterExports(MethodView):
    @blp.login_required
    @blp.response(200, ChapterExportsSchema)
    @inject
    def get(self, chapter_id: str, exports: ExportService = Provide["chapter_exports"]):
        """The formats a chapter exports to (epub, markdown, txt)"""
        return exports.chapter_formats(actor=actor(), chapter_id=chapter_id)


@blp.route("/<chapter_id>/export/<format>")
class ChapterExport(MethodView):
    @blp.login_required
    @blp.response(200, description="The chapter as a file (Content-Disposition: attachment)",
                  content_type="application/octet-stream")
    @inject
    def get(self, chapter_id: str, format: str,
            exports: ExportService = Provide["chapter_exports"]):
        """The chapter as an EPUB, Markdown or plain-text file"""
        return file_response(exports.export_chapter(actor=actor(), chapter_id=chapter_id,
                                                    format=format))
