"""A series' status moves (DRAFT → ONGOING ↔ HIATUS → COMPLETED / CANCELLED), its listing on
discovery, and its stats. A move the state machine refuses is 409."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.series.blueprint import blp
from ownverso.entrypoints.api.series.options_schemas import (
    SeriesDetailedStatsSchema,
    SeriesStatsSchema,
)
from ownverso.entrypoints.api.series.schemas import SeriesSchema
from ownverso.services.publishing.series_status import SeriesStatusService

Status = SeriesStatusService


def move(series_id: str, action: str, status: Status):
    return status.change(actor=actor(), series_id=series_id, action=action)


@blp.route("/<series_id>/publish")
class Publish(MethodView):
    @blp.login_required
    @blp.response(200, SeriesSchema)
    @inject
    def post(self, series_id: str, status: Status = Provide["series_status"]):
        """Publish a draft series (DRAFT → ONGOING)"""
        return move(series_id, "publish", status)


@blp.route("/<series_id>/unpublish")
class Unpublish(MethodView):
    @blp.login_required
    @blp.response(200, SeriesSchema)
    @inject
    def post(self, series_id: str, status: Status = Provide["series_status"]):
        """Back to draft (ONGOING/HIATUS → DRAFT), only while no chapter is published"""
        return move(series_id, "unpublish", status)


@blp.route("/<series_id>/hiatus")
class Hiatus(MethodView):
    @blp.login_required
    @blp.response(200, SeriesSchema)
    @inject
    def post(self, series_id: str, status: Status = Provide["series_status"]):
        """Pause a series (ONGOING → HIATUS)"""
        return move(series_id, "hiatus", status)


@blp.route("/<series_id>/resume")
class Resume(MethodView):
    @blp.login_required
    @blp.response(200, SeriesSchema)
    @inject
    def post(self, series_id: str, status: Status = Provide["series_status"]):
        """Resume after a hiatus (HIATUS → ONGOING)"""
        return move(series_id, "resume", status)


@blp.route("/<series_id>/complete")
class Complete(MethodView):
    @blp.login_required
    @blp.response(200, SeriesSchema)
    @inject
    def post(self, series_id: str, status: Status = Provide["series_status"]):
        """Mark as complete (ONGOING/HIATUS → COMPLETED; final)"""
        return move(series_id, "complete", status)


@blp.route("/<series_id>/cancel")
class Cancel(MethodView):
    @blp.login_required
    @blp.response(200, SeriesSchema)
    @inject
    def post(self, series_id: str, status: Status = Provide["series_status"]):
        """Cancel a series (DRAFT/ONGOING/HIATUS → CANCELLED; final)"""
        return move(series_id, "cancel", status)


@blp.route("/<series_id>/list")
class ListOnDiscovery(MethodView):
    @blp.login_required
    @blp.response(200, SeriesSchema)
    @inject
    def post(self, series_id: str, status: Status = Provide["series_status"]):
        """List on discovery: needs a cover, a synopsis and a published chapter (else 422
        naming what is missing)"""
        return status.list_on_discovery(actor=actor(), series_id=series_id)


@blp.route("/<series_id>/unlist")
class Unlist(MethodView):
    @blp.login_required
    @blp.response(200, SeriesSchema)
    @inject
    def post(self, series_id: str, status: Status = Provide["series_status"]):
        """Remove from discovery"""
        return status.unlist(actor=actor(), series_id=series_id)


@blp.route("/<series_id>/stats")
class Stats(MethodView):
    @blp.login_required
    @blp.response(200, SeriesStatsSchema)
    @inject
    def get(self, series_id: str, status: Status = Provide["series_status"]):
        """Chapter, word, view and subscriber counts, rating, last and next publication"""
        return status.stats(actor=actor(), series_id=series_id)


@blp.route("/<series_id>/stats/detailed")
class DetailedStats(MethodView):
    @blp.login_required
    @blp.response(200, SeriesDetailedStatsSchema)
    @inject
    def get(self, series_id: str, status: Status = Provide["series_status"]):
        """The stats plus chapters by status, taxonomy counts, averages and listing gaps"""
        return status.detailed_stats(actor=actor(), series_id=series_id)
