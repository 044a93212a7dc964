"""A chapter's lifecycle: publish, unpublish, schedule, archive, unarchive."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.chapters.blueprint import blp
from ownverso.entrypoints.api.chapters.schemas import ChapterSchema
from ownverso.entrypoints.api.chapters.status_schemas import ChapterScheduleSchema
from ownverso.entrypoints.api.common.smorest import actor
from ownverso.services.publishing.chapter_schedule import ChapterPublishingService

PUBLISHING = "chapter_publishing"


@blp.route("/<chapter_id>/publish")
class Publish(MethodView):
    @blp.login_required
    @blp.response(200, ChapterSchema)
    @inject
    def post(self, chapter_id: str, publishing: ChapterPublishingService = Provide[PUBLISHING]):
        """Publish now (a draft or a scheduled chapter; an empty one is refused)"""
        return publishing.publish(actor=actor(), chapter_id=chapter_id)


@blp.route("/<chapter_id>/unpublish")
class Unpublish(MethodView):
    @blp.login_required
    @blp.response(200, ChapterSchema)
    @inject
    def post(self, chapter_id: str, publishing: ChapterPublishingService = Provide[PUBLISHING]):
        """Take a published chapter back to draft"""
        return publishing.unpublish(actor=actor(), chapter_id=chapter_id)


@blp.route("/<chapter_id>/schedule")
class Schedule(MethodView):
    @blp.login_required
    @blp.arguments(ChapterScheduleSchema)
    @blp.response(200, ChapterSchema)
    @inject
    def post(self, body, chapter_id: str,
             publishing: ChapterPublishingService = Provide[PUBLISHING]):
        """Schedule a draft: published at `publish_at` (with an offset, or read in `timezone`);
        needs a plan with scheduled publishing"""
        return publishing.schedule(actor=actor(), chapter_id=chapter_id, **body)

    @blp.login_required
    @blp.arguments(ChapterScheduleSchema)
    @blp.response(200, ChapterSchema)
    @inject
    def patch(self, body, chapter_id: str,
              publishing: ChapterPublishingService = Provide[PUBLISHING]):
        """Move a scheduled chapter's publication"""
        return publishing.reschedule(actor=actor(), chapter_id=chapter_id, **body)

    @blp.login_required
    @blp.response(200, ChapterSchema)
    @inject
    def delete(self, chapter_id: str,
               publishing: ChapterPublishingService = Provide[PUBLISHING]):
        """Cancel the schedule (the chapter goes back to draft)"""
        return publishing.cancel_schedule(actor=actor(), chapter_id=chapter_id)


@blp.route("/<chapter_id>/archive")
class Archive(MethodView):
    @blp.login_required
    @blp.response(200, ChapterSchema)
    @inject
    def post(self, chapter_id: str, publishing: ChapterPublishingService = Provide[PUBLISHING]):
        """Archive a draft or published chapter (readers no longer see it)"""
        return publishing.archive(actor=actor(), chapter_id=chapter_id)


@blp.route("/<chapter_id>/unarchive")
class Unarchive(MethodView):
    @blp.login_required
    @blp.response(200, ChapterSchema)
    @inject
    def post(self, chapter_id: str, publishing: ChapterPublishingService = Provide[PUBLISHING]):
        """Bring an archived chapter back (published again if it was published)"""
        return publishing.unarchive(actor=actor(), chapter_id=chapter_id)
