"""Bulk operations on a series' chapters: all or nothing, a result per chapter (a 422 lists
them all when any failed)."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.chapters.bulk_schemas import (
    ChapterBulkAccessSchema,
    ChapterBulkResultSchema,
    ChapterBulkScheduleSchema,
    ChapterBulkSchema,
    ChapterBulkUpdateSchema,
)
from ownverso.entrypoints.api.chapters.series_chapters_routes import blp
from ownverso.entrypoints.api.common.smorest import ErrorSchema, actor
from ownverso.services.publishing.chapter_bulk import ChapterBulkService

BULK = "chapter_bulk"
FAILED = {"schema": ErrorSchema,
          "description": "Nothing changed; errors.json.results has each chapter's result"}


def results(items) -> dict:
    return {"results": [item.as_dict() for item in items]}


@blp.route("/<series_id>/chapters/bulk/update")
class BulkUpdate(MethodView):
    @blp.login_required
    @blp.arguments(ChapterBulkUpdateSchema)
    @blp.response(200, ChapterBulkResultSchema)
    @blp.alt_response(422, **FAILED)
    @inject
    def post(self, body, series_id: str, bulk: ChapterBulkService = Provide[BULK]):
        """Change the volume or note position of several chapters"""
        return results(bulk.update(actor=actor(), series_id=series_id, **body))


@blp.route("/<series_id>/chapters/bulk/delete")
class BulkDelete(MethodView):
    @blp.login_required
    @blp.arguments(ChapterBulkSchema)
    @blp.response(200, ChapterBulkResultSchema)
    @blp.alt_response(422, **FAILED)
    @inject
    def post(self, body, series_id: str, bulk: ChapterBulkService = Provide[BULK]):
        """Move several chapters to the bin"""
        return results(bulk.delete(actor=actor(), series_id=series_id, **body))


@blp.route("/<series_id>/chapters/bulk/publish")
class BulkPublish(MethodView):
    @blp.login_required
    @blp.arguments(ChapterBulkSchema)
    @blp.response(200, ChapterBulkResultSchema)
    @blp.alt_response(422, **FAILED)
    @inject
    def post(self, body, series_id: str, bulk: ChapterBulkService = Provide[BULK]):
        """Publish several chapters now"""
        return results(bulk.publish(actor=actor(), series_id=series_id, **body))


@blp.route("/<series_id>/chapters/bulk/access")
class BulkAccess(MethodView):
    @blp.login_required
    @blp.arguments(ChapterBulkAccessSchema)
    @blp.response(200, ChapterBulkResultSchema)
    @blp.alt_response(422, **FAILED)
    @inject
    def post(self, body, series_id: str, bulk: ChapterBulkService = Provide[BULK]):
        """Change the access settings of several chapters"""
        return results(bulk.access(actor=actor(), series_id=series_id,
                                   chapter_ids=body["chapter_ids"], changes=body["access"]))


@blp.route("/<series_id>/chapters/bulk/schedule")
class BulkSchedule(MethodView):
    @blp.login_required
    @blp.arguments(ChapterBulkScheduleSchema)
    @blp.response(200, ChapterBulkResultSchema)
    @blp.alt_response(422, **FAILED)
    @inject
    def post(self, body, series_id: str, bulk: ChapterBulkService = Provide[BULK]):
        """Schedule several drafts: the first at `publish_at`, each next one `interval_hours`
        later, in the order given"""
        return results(bulk.schedule(actor=actor(), series_id=series_id, **body))
