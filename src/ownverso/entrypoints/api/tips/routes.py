"""Tips: POST /checkout/tip, GET /author/tips, GET /sites/{siteId}/tips and GET /my-tips."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.idempotency import idempotent
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.tips.schemas import (
    ReceivedTipSchema,
    SentTipSchema,
    TipBodySchema,
    TipCheckoutSchema,
)
from ownverso.services.commerce.tips import TipService

checkout_blp = Blueprint("checkout-tips", __name__, url_prefix="/checkout",
                         description="Tip an author or a site through a checkout")
author_blp = Blueprint("author-tips", __name__, url_prefix="/author",
                       description="The tips an author received")
site_blp = Blueprint("site-tips", __name__, url_prefix="/sites",
                     description="The tips a site received")
my_blp = Blueprint("my-tips", __name__, url_prefix="/my-tips",
                   description="The tips I sent")


@checkout_blp.route("/tip")
class CheckoutTip(MethodView):
    @checkout_blp.login_required
    @idempotent
    @checkout_blp.arguments(TipBodySchema)
    @checkout_blp.response(201, TipCheckoutSchema, description="An open checkout to pay")
    @inject
    def post(self, body, tips: TipService = Provide["tips"]):
        """Tip an author or one of their sites, with an optional message, anonymously if
        asked (404 author_not_found, site_not_found; 422 amount_out_of_bounds,
        unsupported_currency, own_tip, recipient_required, site_not_of_author)"""
        return tips.tip(actor=actor(), **body)


@author_blp.route("/tips")
class AuthorTips(MethodView):
    @author_blp.login_required
    @author_blp.response(200, ReceivedTipSchema(many=True))
    @author_blp.paginate()
    @inject
    def get(self, pagination_parameters, tips: TipService = Provide["tips"]):
        """Tips to me and my sites, newest first (anonymous tippers are not named)"""
        items, total = tips.received(actor=actor(), offset=pagination_parameters.first_item,
                                     limit=pagination_parameters.page_size)
        pagination_parameters.item_count = total
        return items


@site_blp.route("/<site_id>/tips")
class SiteTips(MethodView):
    @site_blp.login_required
    @site_blp.response(200, ReceivedTipSchema(many=True))
    @site_blp.paginate()
    @inject
    def get(self, pagination_parameters, site_id: str, tips: TipService = Provide["tips"]):
        """Tips to this site, newest first (analytics.read or monetization.manage)"""
        items, total = tips.for_site(actor=actor(), site_id=site_id,
                                     offset=pagination_parameters.first_item,
                                     limit=pagination_parameters.page_size)
        pagination_parameters.item_count = total
        return items


@my_blp.route("")
class MyTips(MethodView):
    @my_blp.login_required
    @my_blp.response(200, SentTipSchema(many=True))
    @my_blp.paginate()
    @inject
    def get(self, pagination_parameters, tips: TipService = Provide["tips"]):
        """Tips I sent, newest first"""
        items, total = tips.sent(actor=actor(), offset=pagination_parameters.first_item,
                                 limit=pagination_parameters.page_size)
        pagination_parameters.item_count = total
        return items
