"""Gift subscriptions: /sites/{siteId}/gift, /my-gifts/given, /my-gifts/received and
/gifts/claim/{claimCode}."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.idempotency import idempotent
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.gifts.schemas import (
    BuyGiftSchema,
    GiftCheckoutSchema,
    GiftClaimSchema,
    GiftInfoSchema,
    GivenGiftSchema,
    ReceivedGiftSchema,
)
from ownverso.services.memberships.gifts import GiftService

site_blp = Blueprint("site-gifts", __name__, url_prefix="/sites",
                     description="Buy a gift subscription to a site's tier")
my_blp = Blueprint("my-gifts", __name__, url_prefix="/my-gifts",
                   description="Gifts I gave and gifts I received")
claim_blp = Blueprint("gift-claims", __name__, url_prefix="/gifts",
                      description="See and claim a gift by its code")


@site_blp.route("/<site_id>/gift")
class BuyGift(MethodView):
    @site_blp.login_required
    @idempotent
    @site_blp.arguments(BuyGiftSchema)
    @site_blp.response(201, GiftCheckoutSchema, description="An open checkout to pay")
    @inject
    def post(self, body, site_id: str, gifts: GiftService = Provide["gifts"]):
        """Buy 1-12 months of a paid tier for someone's email (422 own_gift, own_site,
        free_tier, invalid_delivery_date; 409 tier_full, tier_unavailable)"""
        return gifts.buy(actor=actor(), site_id=site_id, **body)


@my_blp.route("/given")
class GivenGifts(MethodView):
    @my_blp.login_required
    @my_blp.response(200, GivenGiftSchema(many=True))
    @my_blp.paginate()
    @inject
    def get(self, pagination_parameters, gifts: GiftService = Provide["gifts"]):
        """Gifts I bought, newest first"""
        items, total = gifts.given(actor=actor(), offset=pagination_parameters.first_item,
                                   limit=pagination_parameters.page_size)
        pagination_parameters.item_count = total
        return items


@my_blp.route("/received")
class ReceivedGifts(MethodView):
    @my_blp.login_required
    @my_blp.response(200, ReceivedGiftSchema(many=True))
    @my_blp.paginate()
    @inject
    def get(self, pagination_parameters, gifts: GiftService = Provide["gifts"]):
        """Gifts I claimed, and those delivered to my verified email, newest first"""
        items, total = gifts.received(actor=actor(), offset=pagination_parameters.first_item,
                                      limit=pagination_parameters.page_size)
        pagination_parameters.item_count = total
        return items


@claim_blp.route("/claim/<claim_code>")
class ClaimGift(MethodView):
    @claim_blp.response(200, GiftInfoSchema)
    @inject
    def get(self, claim_code: str, gifts: GiftService = Provide["gifts"]):
        """What a gift holds: tier, site, months, message, giver (public)"""
        return gifts.info(claim_code=claim_code)

    @claim_blp.login_required
    @claim_blp.response(200, GiftClaimSchema)
    @inject
    def post(self, claim_code: str, gifts: GiftService = Provide["gifts"]):
        """Claim the gift sent to my verified email: the months start now, or follow my
        current subscription to the site (403 not_the_recipient, email_not_verified; 409
        gift_already_claimed, gift_expired, gift_not_delivered)"""
        return gifts.claim(actor=actor(), claim_code=claim_code)
