"""A chapter's content warnings (from the catalog)."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.chapters.blueprint import blp
from ownverso.entrypoints.api.chapters.warning_schemas import (
    ChapterWarningAddSchema,
    ChapterWarningSchema,
    ChapterWarningsSetSchema,
)
from ownverso.entrypoints.api.common.smorest import actor, optional_actor
from ownverso.services.publishing.chapter_warnings import ChapterWarningService

WARNINGS = "chapter_warnings"


@blp.route("/<chapter_id>/warnings")
class Warnings(MethodView):
    @blp.login_optional
    @blp.response(200, ChapterWarningSchema(many=True))
    @inject
    def get(self, chapter_id: str, warnings: ChapterWarningService = Provide[WARNINGS]):
        """The chapter's warnings (anyone, on a published chapter readers can see)"""
        return warnings.warnings(viewer=optional_actor(), chapter_id=chapter_id)

    @blp.login_required
    @blp.arguments(ChapterWarningAddSchema)
    @blp.response(201, ChapterWarningSchema(many=True))
    @inject
    def post(self, body, chapter_id: str,
             warnings: ChapterWarningService = Provide[WARNINGS]):
        """Add a warning (409 when the chapter has it already)"""
        return warnings.add(actor=actor(), chapter_id=chapter_id, **body)

    @blp.login_required
    @blp.arguments(ChapterWarningsSetSchema)
    @blp.response(200, ChapterWarningSchema(many=True))
    @inject
    def put(self, body, chapter_id: str, warnings: ChapterWarningService = Provide[WARNINGS]):
        """Set exactly these warnings (the others are removed)"""
        return warnings.replace(actor=actor(), chapter_id=chapter_id, items=body["warnings"])


@blp.route("/<chapter_id>/warnings/<warning_id>")
class OneWarning(MethodView):
    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, chapter_id: str, warning_id: str,
               warnings: ChapterWarningService = Provide[WARNINGS]):
        """Remove a warning"""
        warnings.remove(actor=actor(), chapter_id=chapter_id, warning_id=warning_id)
