"""A tier by id: read, edit, delete, activate, deactivate, duplicate and gateway sync."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.tiers.schemas import (
    SubscriptionTierSchema,
    SubscriptionTierUpdateSchema,
    SyncResultSchema,
)
from ownverso.services.memberships.tiers import TierService

blp = Blueprint("tiers", __name__, url_prefix="/tiers",
                description="Subscription tiers: details, state, copies and gateway plans")


@blp.route("/<tier_id>")
class OneTier(MethodView):
    @blp.login_required
    @blp.response(200, SubscriptionTierSchema)
    @inject
    def get(self, tier_id: str, tiers: TierService = Provide["tiers"]):
        """A tier with its private fields (needs site.read on its site)"""
        return tiers.get(actor=actor(), tier_id=tier_id)

    @blp.login_required
    @blp.arguments(SubscriptionTierUpdateSchema)
    @blp.response(200, SubscriptionTierSchema)
    @inject
    def patch(self, body, tier_id: str, tiers: TierService = Provide["tiers"]):
        """Edit a tier (needs monetization.manage)"""
        return tiers.update(actor=actor(), tier_id=tier_id, changes=body)

    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, tier_id: str, tiers: TierService = Provide["tiers"]):
        """Delete a tier (409 tier_has_subscribers while it has live subscribers)"""
        tiers.delete(actor=actor(), tier_id=tier_id)


@blp.route("/<tier_id>/activate")
class Activate(MethodView):
    @blp.login_required
    @blp.response(200, SubscriptionTierSchema)
    @inject
    def post(self, tier_id: str, tiers: TierService = Provide["tiers"]):
        """Open the tier to new subscribers"""
        return tiers.activate(actor=actor(), tier_id=tier_id)


@blp.route("/<tier_id>/deactivate")
class Deactivate(MethodView):
    @blp.login_required
    @blp.response(200, SubscriptionTierSchema)
    @inject
    def post(self, tier_id: str, tiers: TierService = Provide["tiers"]):
        """Close the tier to new subscribers (the current ones keep it)"""
        return tiers.deactivate(actor=actor(), tier_id=tier_id)


@blp.route("/<tier_id>/duplicate")
class Duplicate(MethodView):
    @blp.login_required
    @blp.response(201, SubscriptionTierSchema)
    @inject
    def post(self, tier_id: str, tiers: TierService = Provide["tiers"]):
        """Copy a tier as an inactive "(copy)" (counts against the plan's tier limit)"""
        return tiers.duplicate(actor=actor(), tier_id=tier_id)


def _sync_view(gateway: str):
    class Sync(MethodView):
        @blp.login_required
        @blp.response(200, SyncResultSchema)
        @inject
        def post(self, tier_id: str, tiers: TierService = Provide["tiers"]):
            return tiers.sync(actor=actor(), tier_id=tier_id, gateway=gateway)

    Sync.post.__doc__ = (f"Create or update the tier's plans on {gateway.title()} (the "
                         "configured gateway answers until the real ones exist)")
    Sync.__name__ = f"Sync{gateway.title()}"
    return Sync


for _gateway in ("stripe", "razorpay", "xendit"):
    blp.route(f"/<tier_id>/sync/{_gateway}", endpoint=f"sync_{_gateway}")(_sync_view(_gateway))
