"""A series by id: read, edit, delete, restore, duplicate, and its public view."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor, optional_actor
from ownverso.entrypoints.api.series import (  # noqa: F401  (register the sub-resources)
    media_routes,
    options_routes,
    status_routes,
    taxonomy_routes,
)
from ownverso.entrypoints.api.series.blueprint import blp
from ownverso.entrypoints.api.series.public_schemas import SeriesPublicSchema
from ownverso.entrypoints.api.series.schemas import SeriesSchema, SeriesUpdateSchema
from ownverso.services.publishing.series import SeriesService
from ownverso.services.publishing.series_public import SeriesPublicService


@blp.route("/<series_id>")
class OneSeries(MethodView):
    @blp.login_required
    @blp.response(200, SeriesSchema)
    @inject
    def get(self, series_id: str, series: SeriesService = Provide["series"]):
        """A series with its private fields (drafts too; needs content.read on its site)"""
        return series.get(actor=actor(), series_id=series_id)

    @blp.login_required
    @blp.arguments(SeriesUpdateSchema)
    @blp.response(200, SeriesSchema)
    @inject
    def patch(self, body, series_id: str, series: SeriesService = Provide["series"]):
        """Edit a series (the status changes only through the status endpoints)"""
        return series.update(actor=actor(), series_id=series_id, changes=body)

    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, series_id: str, series: SeriesService = Provide["series"]):
        """Move a series to the bin (soft delete; restore brings it back)"""
        series.delete(actor=actor(), series_id=series_id)


@blp.route("/<series_id>/restore")
class Restore(MethodView):
    @blp.login_required
    @blp.response(200, SeriesSchema)
    @inject
    def post(self, series_id: str, series: SeriesService = Provide["series"]):
        """Restore a deleted series (it counts against the plan's series limit again)"""
        return series.restore(actor=actor(), series_id=series_id)


@blp.route("/<series_id>/duplicate")
class Duplicate(MethodView):
    @blp.login_required
    @blp.response(201, SeriesSchema)
    @inject
    def post(self, series_id: str, series: SeriesService = Provide["series"]):
        """Copy a series as a new draft (slug '-copy'; images, genres, tags and warnings too,
        no chapters)"""
        return series.duplicate(actor=actor(), series_id=series_id)


@blp.route("/<series_id>/public")
class PublicSeries(MethodView):
    @blp.login_optional
    @blp.response(200, SeriesPublicSchema)
    @inject
    def get(self, series_id: str, public: SeriesPublicService = Provide["series_public"]):
        """A series as readers see it, with its site, genres, tags and warnings (drafts only
        for its site's team)"""
        return public.by_id(series_id=series_id, viewer=optional_actor())
