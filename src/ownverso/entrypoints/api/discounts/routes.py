"""A discount code by id: read, edit, delete, activate, deactivate, stats and redemptions."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.discounts.schemas import (
    DiscountCodeSchema,
    DiscountCodeUpdateSchema,
)
from ownverso.entrypoints.api.discounts.use_schemas import (
    DiscountRedemptionSchema,
    DiscountStatsSchema,
)
from ownverso.services.memberships.discount_codes import DiscountCodeService

blp = Blueprint("discount-codes", __name__, url_prefix="/discount-codes",
                description="Discount codes: details, state, stats and redemptions")
CODES = Provide["discount_codes"]


@blp.route("/<code_id>")
class OneCode(MethodView):
    @blp.login_required
    @blp.response(200, DiscountCodeSchema)
    @inject
    def get(self, code_id: str, codes: DiscountCodeService = CODES):
        """A discount code (needs site.read on its site)"""
        return codes.get(actor=actor(), code_id=code_id)

    @blp.login_required
    @blp.arguments(DiscountCodeUpdateSchema)
    @blp.response(200, DiscountCodeSchema)
    @inject
    def patch(self, body, code_id: str, codes: DiscountCodeService = CODES):
        """Edit a code (needs monetization.manage; past redemptions keep what they took)"""
        return codes.update(actor=actor(), code_id=code_id, changes=body)

    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, code_id: str, codes: DiscountCodeService = CODES):
        """Delete a code never used (409 code_has_redemptions otherwise: deactivate it)"""
        codes.delete(actor=actor(), code_id=code_id)


@blp.route("/<code_id>/activate")
class Activate(MethodView):
    @blp.login_required
    @blp.response(200, DiscountCodeSchema)
    @inject
    def post(self, code_id: str, codes: DiscountCodeService = CODES):
        """Let readers use the code again"""
        return codes.activate(actor=actor(), code_id=code_id)


@blp.route("/<code_id>/deactivate")
class Deactivate(MethodView):
    @blp.login_required
    @blp.response(200, DiscountCodeSchema)
    @inject
    def post(self, code_id: str, codes: DiscountCodeService = CODES):
        """Stop new uses of the code (the redemptions made keep their discount)"""
        return codes.deactivate(actor=actor(), code_id=code_id)


@blp.route("/<code_id>/stats")
class Stats(MethodView):
    @blp.login_required
    @blp.response(200, DiscountStatsSchema)
    @inject
    def get(self, code_id: str, codes: DiscountCodeService = CODES):
        """Uses confirmed, reserved and released, the discount given and the uses by tier"""
        return codes.stats(actor=actor(), code_id=code_id)


@blp.route("/<code_id>/redemptions")
class Redemptions(MethodView):
    @blp.login_required
    @blp.response(200, DiscountRedemptionSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, code_id: str, pagination_parameters, codes: DiscountCodeService = CODES):
        """The code's redemptions, newest first, with the amounts they took"""
        page = pagination_parameters
        items, page.item_count = codes.redemptions(actor=actor(), code_id=code_id,
                                                   offset=page.first_item,
                                                   limit=page.page_size)
        return items
