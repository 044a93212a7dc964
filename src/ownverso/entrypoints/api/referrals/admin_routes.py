"""/admin/referrals: every referral, and marking a qualified one rewarded (administrators)."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.referrals.schemas import (
    AdminReferralListArgs,
    AdminReferralSchema,
)
from ownverso.services.referrals.service import ReferralService

blp = Blueprint("admin-referrals", __name__, url_prefix="/admin/referrals",
                description="Referrals for administrators")


@blp.route("")
class AllReferrals(MethodView):
    @blp.login_required
    @blp.arguments(AdminReferralListArgs, location="query")
    @blp.response(200, AdminReferralSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, pagination_parameters,
            referrals: ReferralService = Provide["referrals"]):
        """Every referral, newest first (filters: status, referrer_id, referee_id, code)"""
        page = pagination_parameters
        items, page.item_count = referrals.admin_list(
            actor=actor(), offset=page.first_item, limit=page.page_size, **args)
        return items


@blp.route("/<referral_id>/mark-rewarded")
class MarkRewarded(MethodView):
    @blp.login_required
    @blp.response(200, AdminReferralSchema)
    @inject
    def post(self, referral_id: str, referrals: ReferralService = Provide["referrals"]):
        """Reward a QUALIFIED referral by hand (409 already_rewarded or
        referral_not_qualified)"""
        return referrals.mark_rewarded(actor=actor(), referral_id=referral_id)
