"""A site's tiers: the team's list, creation and reorder, and the public pricing page.

A blueprint of its own on the /sites prefix (the sites blueprint is the sites module's)."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.tiers.schemas import (
    ReorderSchema,
    SubscriptionTierCreateSchema,
    SubscriptionTierPublicSchema,
    SubscriptionTierSchema,
)
from ownverso.services.memberships.tiers import TierService

blp = Blueprint("site-tiers", __name__, url_prefix="/sites", description="A site's tiers")


@blp.route("/<site_id>/tiers")
class SiteTiers(MethodView):
    @blp.login_required
    @blp.response(200, SubscriptionTierSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, site_id: str, pagination_parameters, tiers: TierService = Provide["tiers"]):
        """Every tier of the site, inactive and private ones too, in display order"""
        page = pagination_parameters
        items, page.item_count = tiers.list_for_site(
            actor=actor(), site_id=site_id, offset=page.first_item, limit=page.page_size)
        return items

    @blp.login_required
    @blp.arguments(SubscriptionTierCreateSchema)
    @blp.response(201, SubscriptionTierSchema)
    @inject
    def post(self, body, site_id: str, tiers: TierService = Provide["tiers"]):
        """Create a tier (needs monetization.manage; counts against the owner's tier limit)"""
        return tiers.create(actor=actor(), site_id=site_id, fields=body)


@blp.route("/<site_id>/tiers/reorder")
class Reorder(MethodView):
    @blp.login_required
    @blp.arguments(ReorderSchema)
    @blp.response(200, SubscriptionTierSchema(many=True))
    @inject
    def patch(self, body, site_id: str, tiers: TierService = Provide["tiers"]):
        """Set the display order: every tier of the site, once each (else 422)"""
        return tiers.reorder(actor=actor(), site_id=site_id, tier_ids=body["tier_ids"])


@blp.route("/<site_id>/tiers/public")
class PublicTiers(MethodView):
    @blp.response(200, SubscriptionTierPublicSchema(many=True))
    @inject
    def get(self, site_id: str, tiers: TierService = Provide["tiers"]):
        """The pricing page: the site's active, public tiers in display order"""
        return tiers.public(site_id=site_id)
