"""A site's subscribers for its team: the list, stats, churn, the CSV export and one
subscriber. The list, one subscriber and the export name readers and need
monetization.manage; the stats and the churn analysis need analytics.read."""

import marshmallow as ma
from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.files import attachment_response
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.subscribers.schemas import (
    ChurnAnalysisSchema,
    ChurnArgs,
    StatsArgs,
    SubscriberDetailSchema,
    SubscriberFilterArgs,
    SubscriberListArgs,
    SubscriberSchema,
    SubscriberStatsSchema,
)
from ownverso.services.memberships.subscribers import SubscriberService

blp = Blueprint("subscribers", __name__, url_prefix="/sites",
                description="A site's subscribers: list, stats, churn and export")


@blp.route("/<site_id>/subscribers")
class Subscribers(MethodView):
    @blp.login_required
    @blp.arguments(SubscriberListArgs, location="query")
    @blp.response(200, SubscriberSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, site_id: str, pagination_parameters,
            subscribers: SubscriberService = Provide["subscribers"]):
        """The site's subscribers with their reader and tier (needs monetization.manage)"""
        page = pagination_parameters
        items, page.item_count = subscribers.list_for_site(
            actor=actor(), site_id=site_id, offset=page.first_item, limit=page.page_size,
            **args)
        return items


@blp.route("/<site_id>/subscribers/stats")
class Stats(MethodView):
    @blp.login_required
    @blp.arguments(StatsArgs, location="query")
    @blp.response(200, SubscriberStatsSchema)
    @inject
    def get(self, args, site_id: str, subscribers: SubscriberService = Provide["subscribers"]):
        """Counts now; new, churned, churn rate, MRR and revenue (needs analytics.read)"""
        return subscribers.stats(actor=actor(), site_id=site_id, **args)


@blp.route("/<site_id>/subscribers/churn")
class Churn(MethodView):
    @blp.login_required
    @blp.arguments(ChurnArgs, location="query")
    @blp.response(200, ChurnAnalysisSchema)
    @inject
    def get(self, args, site_id: str, subscribers: SubscriberService = Provide["subscribers"]):
        """Churn by month and tier, cancel reasons, feedback (needs analytics.read)"""
        return subscribers.churn(actor=actor(), site_id=site_id, **args)


@blp.route("/<site_id>/subscribers/export")
class Export(MethodView):
    @blp.login_required
    @blp.arguments(SubscriberFilterArgs, location="query", unknown=ma.RAISE)
    @blp.response(200, description="CSV, one row per subscriber (Content-Disposition: "
                                    "attachment)", content_type="text/csv")
    @inject
    def get(self, args, site_id: str, subscribers: SubscriberService = Provide["subscribers"]):
        """Every subscriber the filters keep, as CSV (needs monetization.manage)"""
        exported = subscribers.export(actor=actor(), site_id=site_id, **args)
        return attachment_response(exported.data, content_type=exported.content_type,
                                   filename=exported.filename)


@blp.route("/<site_id>/subscribers/<subscription_id>")
class OneSubscriber(MethodView):
    @blp.login_required
    @blp.response(200, SubscriberDetailSchema)
    @inject
    def get(self, site_id: str, subscription_id: str,
            subscribers: SubscriberService = Provide["subscribers"]):
        """One subscriber (a subscription id) with its invoices (needs monetization.manage)"""
        return subscribers.get(actor=actor(), site_id=site_id,
                               subscription_id=subscription_id)
