"""A chapter by id: read, edit, delete, restore, duplicate, move (readers read through
reader_routes: /read, /access-check, /unlock, /public)."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.chapters import (  # noqa: F401  (register the sub-resources)
    access_routes,
    content_routes,
    reader_routes,
    status_routes,
    version_routes,
    warning_routes,
)
from ownverso.entrypoints.api.chapters.blueprint import blp
from ownverso.entrypoints.api.chapters.schemas import (
    ChapterMoveSchema,
    ChapterSchema,
    ChapterUpdateSchema,
)
from ownverso.entrypoints.api.common.smorest import actor
from ownverso.services.publishing.chapter_order import ChapterOrderService
from ownverso.services.publishing.chapters import ChapterService


@blp.route("/<chapter_id>")
class OneChapter(MethodView):
    @blp.login_required
    @blp.response(200, ChapterSchema)
    @inject
    def get(self, chapter_id: str, chapters: ChapterService = Provide["chapters"]):
        """A chapter with its text and private fields (drafts too; needs content.read)"""
        return chapters.get(actor=actor(), chapter_id=chapter_id)

    @blp.login_required
    @blp.arguments(ChapterUpdateSchema)
    @blp.response(200, ChapterSchema)
    @inject
    def patch(self, body, chapter_id: str, chapters: ChapterService = Provide["chapters"]):
        """Edit title, slug, numbers, note position and SEO fields (409 when the slug or number
        is another chapter's)"""
        return chapters.update(actor=actor(), chapter_id=chapter_id, changes=body)

    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, chapter_id: str, chapters: ChapterService = Provide["chapters"]):
        """Move a chapter to the bin (soft delete; a pending schedule is cancelled)"""
        chapters.delete(actor=actor(), chapter_id=chapter_id)


@blp.route("/<chapter_id>/restore")
class Restore(MethodView):
    @blp.login_required
    @blp.response(200, ChapterSchema)
    @inject
    def post(self, chapter_id: str, chapters: ChapterService = Provide["chapters"]):
        """Restore a deleted chapter (it counts against the plan's chapter limit again)"""
        return chapters.restore(actor=actor(), chapter_id=chapter_id)


@blp.route("/<chapter_id>/duplicate")
class Duplicate(MethodView):
    @blp.login_required
    @blp.response(201, ChapterSchema)
    @inject
    def post(self, chapter_id: str, chapters: ChapterService = Provide["chapters"]):
        """Copy a chapter as a new draft at the end of its series (text, access, warnings)"""
        return chapters.duplicate(actor=actor(), chapter_id=chapter_id)


@blp.route("/<chapter_id>/move")
class Move(MethodView):
    @blp.login_required
    @blp.arguments(ChapterMoveSchema)
    @blp.response(200, ChapterSchema)
    @inject
    def post(self, body, chapter_id: str,
             order: ChapterOrderService = Provide["chapter_order"]):
        """Move a chapter to the end of another series of the same author (renumbered)"""
        return order.move(actor=actor(), chapter_id=chapter_id, series_id=body["series_id"])

