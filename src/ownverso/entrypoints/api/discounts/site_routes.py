"""A site's discount codes: the team's list and creation, and a reader's quote of a code.

A blueprint of its own on the /sites prefix (the sites blueprint is the sites module's)."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.discounts.schemas import (
    DiscountCodeCreateSchema,
    DiscountCodeListArgsSchema,
    DiscountCodeSchema,
)
from ownverso.entrypoints.api.discounts.use_schemas import CodeQuoteSchema, ValidateCodeSchema
from ownverso.services.memberships.discount_codes import DiscountCodeService

blp = Blueprint("site-discount-codes", __name__, url_prefix="/sites",
                description="A site's discount codes")
CODES = Provide["discount_codes"]


@blp.route("/<site_id>/discount-codes")
class SiteCodes(MethodView):
    @blp.login_required
    @blp.arguments(DiscountCodeListArgsSchema, location="query")
    @blp.response(200, DiscountCodeSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, site_id: str, pagination_parameters,
            codes: DiscountCodeService = CODES):
        """The site's codes, newest first, by state and part of the code (needs site.read)"""
        page = pagination_parameters
        items, page.item_count = codes.list_for_site(
            actor=actor(), site_id=site_id, offset=page.first_item, limit=page.page_size,
            **args)
        return items

    @blp.login_required
    @blp.arguments(DiscountCodeCreateSchema)
    @blp.response(201, DiscountCodeSchema)
    @inject
    def post(self, body, site_id: str, codes: DiscountCodeService = CODES):
        """Create a code (needs monetization.manage; unique per site in any case)"""
        return codes.create(actor=actor(), site_id=site_id, fields=body)


@blp.route("/<site_id>/discount-codes/validate")
class Validate(MethodView):
    @blp.login_required
    @blp.arguments(ValidateCodeSchema)
    @blp.response(200, CodeQuoteSchema)
    @inject
    def post(self, body, site_id: str, codes: DiscountCodeService = CODES):
        """Quote the final price with a code for one tier and cycle, or one chapter.

        Nothing is reserved. A refused code answers 422 with its reason (409
        code_exhausted when its uses ran out); products are 422 unsupported_target until
        the commerce module brings them."""
        return codes.validate(actor=actor(), site_id=site_id, **body)
