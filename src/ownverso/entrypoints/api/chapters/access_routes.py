"""A chapter's access settings and its scheduled free date."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.chapters.blueprint import blp
from ownverso.entrypoints.api.chapters.status_schemas import (
    ChapterAccessSchema,
    ChapterAccessUpdateSchema,
    ChapterFreeScheduleSchema,
)
from ownverso.entrypoints.api.common.smorest import actor
from ownverso.services.publishing.chapter_access import ChapterAccessService

ACCESS = "chapter_access"


@blp.route("/<chapter_id>/access")
class Access(MethodView):
    @blp.login_required
    @blp.response(200, ChapterAccessSchema)
    @inject
    def get(self, chapter_id: str, access: ChapterAccessService = Provide[ACCESS]):
        """Who may read the chapter: level, tier, price, preview, paywall message, free date"""
        return access.access(actor=actor(), chapter_id=chapter_id)

    @blp.login_required
    @blp.arguments(ChapterAccessUpdateSchema)
    @blp.response(200, ChapterAccessSchema)
    @inject
    def patch(self, body, chapter_id: str, access: ChapterAccessService = Provide[ACCESS]):
        """Change access settings (SPECIFIC_TIER needs a tier, SCHEDULED_FREE a free date; a
        price needs the monetization permission and a plan with one-time purchases)"""
        return access.update_access(actor=actor(), chapter_id=chapter_id, changes=body)


@blp.route("/<chapter_id>/schedule-free")
class FreeSchedule(MethodView):
    @blp.login_required
    @blp.arguments(ChapterFreeScheduleSchema)
    @blp.response(200, ChapterAccessSchema)
    @inject
    def post(self, body, chapter_id: str, access: ChapterAccessService = Provide[ACCESS]):
        """Set the date the chapter becomes free for everyone (enforced by the paywall)"""
        return access.schedule_free(actor=actor(), chapter_id=chapter_id, **body)

    @blp.login_required
    @blp.arguments(ChapterFreeScheduleSchema)
    @blp.response(200, ChapterAccessSchema)
    @inject
    def patch(self, body, chapter_id: str, access: ChapterAccessService = Provide[ACCESS]):
        """Change the free date"""
        return access.schedule_free(actor=actor(), chapter_id=chapter_id, replacing=True,
                                    **body)

    @blp.login_required
    @blp.response(200, ChapterAccessSchema)
    @inject
    def delete(self, chapter_id: str, access: ChapterAccessService = Provide[ACCESS]):
        """Cancel the free date (not while the access level is SCHEDULED_FREE)"""
        return access.cancel_free(actor=actor(), chapter_id=chapter_id)
