"""/referrals: my code, my referrals and their stats, applying a code, and link clicks."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.referrals.schemas import (
    ApplySchema,
    ClickResultSchema,
    ClickSchema,
    ReferralCodeSchema,
    ReferralListArgs,
    ReferralSchema,
    StatsSchema,
)
from ownverso.services.referrals.service import ReferralService

blp = Blueprint("referrals", __name__, url_prefix="/referrals",
                description="Referral codes, clicks, referrals and their rewards")


@blp.route("/code")
class Code(MethodView):
    @blp.login_required
    @blp.response(200, ReferralCodeSchema)
    @inject
    def get(self, referrals: ReferralService = Provide["referrals"]):
        """My referral code (made on first use) and the free months earned"""
        return referrals.code(actor=actor())


@blp.route("/code/regenerate")
class RegenerateCode(MethodView):
    @blp.login_required
    @blp.response(200, ReferralCodeSchema)
    @inject
    def post(self, referrals: ReferralService = Provide["referrals"]):
        """A new code; the old one stops working"""
        return referrals.regenerate(actor=actor())


@blp.route("")
class MyReferrals(MethodView):
    @blp.login_required
    @blp.arguments(ReferralListArgs, location="query")
    @blp.response(200, ReferralSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, pagination_parameters,
            referrals: ReferralService = Provide["referrals"]):
        """The people I referred, newest first (filter: status)"""
        page = pagination_parameters
        items, page.item_count = referrals.list_mine(
            actor=actor(), offset=page.first_item, limit=page.page_size, **args)
        return items


@blp.route("/stats")
class Stats(MethodView):
    @blp.login_required
    @blp.response(200, StatsSchema)
    @inject
    def get(self, referrals: ReferralService = Provide["referrals"]):
        """Clicks, sign-ups, qualified, rewarded and expired referrals, free months"""
        return referrals.stats(actor=actor())


@blp.route("/apply")
class Apply(MethodView):
    @blp.login_required
    @blp.arguments(ApplySchema)
    @blp.response(201, ReferralSchema)
    @inject
    def post(self, body, referrals: ReferralService = Provide["referrals"]):
        """Apply a referral code, within 7 days of signing up (404 unknown code, 422
        self_referral or referral_window_closed, 409 already_referred)"""
        return referrals.apply(actor=actor(), **body)


@blp.route("/clicks")
class Clicks(MethodView):
    @blp.arguments(ClickSchema)
    @blp.response(202, ClickResultSchema)
    @inject
    def post(self, body, referrals: ReferralService = Provide["referrals"]):
        """Count a visit through a referral link (public; 404 for an unknown code)"""
        return referrals.record_click(**body)
