"""A series' display settings, paywall defaults and update schedule."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.series.blueprint import blp
from ownverso.entrypoints.api.series.options_schemas import (
    SeriesPaywallSchema,
    SeriesScheduleSchema,
    SeriesSettingsSchema,
)
from ownverso.services.publishing.series_options import SeriesOptionsService

Options = SeriesOptionsService


@blp.route("/<series_id>/settings")
class Settings(MethodView):
    @blp.login_required
    @blp.response(200, SeriesSettingsSchema)
    @inject
    def get(self, series_id: str, options: Options = Provide["series_options"]):
        """Display settings, defaults filled in"""
        return options.settings(actor=actor(), series_id=series_id)

    @blp.login_required
    @blp.arguments(SeriesSettingsSchema)
    @blp.response(200, SeriesSettingsSchema)
    @inject
    def patch(self, body, series_id: str, options: Options = Provide["series_options"]):
        """Change some display settings"""
        return options.update_settings(actor=actor(), series_id=series_id, changes=body)


@blp.route("/<series_id>/paywall")
class Paywall(MethodView):
    @blp.login_required
    @blp.response(200, SeriesPaywallSchema)
    @inject
    def get(self, series_id: str, options: Options = Provide["series_options"]):
        """Paywall defaults for new chapters"""
        return options.paywall(actor=actor(), series_id=series_id)

    @blp.login_required
    @blp.arguments(SeriesPaywallSchema)
    @blp.response(200, SeriesPaywallSchema)
    @inject
    def patch(self, body, series_id: str, options: Options = Provide["series_options"]):
        """Change the paywall defaults (early access 0-90 days, preview 0-20 paragraphs)"""
        return options.update_paywall(actor=actor(), series_id=series_id, changes=body)


@blp.route("/<series_id>/schedule")
class Schedule(MethodView):
    @blp.login_required
    @blp.response(200, SeriesScheduleSchema)
    @inject
    def get(self, series_id: str, options: Options = Provide["series_options"]):
        """The update schedule shown to readers, and the last and next publication"""
        return options.schedule(actor=actor(), series_id=series_id)

    @blp.login_required
    @blp.arguments(SeriesScheduleSchema)
    @blp.response(200, SeriesScheduleSchema)
    @inject
    def patch(self, body, series_id: str, options: Options = Provide["series_options"]):
        """Change the update days (0 = Monday … 6 = Sunday) and the schedule text"""
        return options.update_schedule(actor=actor(), series_id=series_id, changes=body)
