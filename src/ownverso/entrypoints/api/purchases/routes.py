"""Purchases: POST /purchases, GET /purchases, GET /purchases/{id},
POST /chapters/{chapterId}/purchase and POST /checkout/purchase."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.idempotency import idempotent
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.purchases.schemas import (
    ChapterPurchaseBodySchema,
    CheckoutPurchaseBodySchema,
    ProductPurchaseBodySchema,
    PurchaseCheckoutSchema,
    PurchaseListArgsSchema,
    PurchaseSchema,
)
from ownverso.services.commerce.purchases import PurchaseService

PURCHASES = Provide["purchases"]
purchases_blp = Blueprint("purchases", __name__, url_prefix="/purchases",
                          description="Buy products; my purchases")
chapter_blp = Blueprint("chapter-purchases", __name__, url_prefix="/chapters",
                        description="Buy a single chapter")
checkout_blp = Blueprint("checkout-purchases", __name__, url_prefix="/checkout",
                         description="Buy a product or a chapter through a checkout")


@purchases_blp.route("")
class Purchases(MethodView):
    @purchases_blp.login_required
    @idempotent
    @purchases_blp.arguments(ProductPurchaseBodySchema)
    @purchases_blp.response(201, PurchaseCheckoutSchema, description="A checkout to pay")
    @inject
    def post(self, body, purchases: PurchaseService = PURCHASES):
        """Buy a product: a PENDING purchase and its checkout (COMPLETE at once when nothing
        is due); a limited product's unit is held while the checkout is open (404
        product_not_found; 409 sold_out, already_owned, product_has_no_file, code_exhausted;
        422 own_item and the discount code's refusals)"""
        return purchases.buy(actor=actor(), product_id=body["product_id"],
                             discount_code=body["discount_code"])

    @purchases_blp.login_required
    @purchases_blp.arguments(PurchaseListArgsSchema, location="query")
    @purchases_blp.response(200, PurchaseSchema(many=True))
    @purchases_blp.paginate()
    @inject
    def get(self, args, pagination_parameters, purchases: PurchaseService = PURCHASES):
        """My purchases, newest first"""
        items, total = purchases.mine(actor=actor(), status=args["status"],
                                      offset=pagination_parameters.first_item,
                                      limit=pagination_parameters.page_size)
        pagination_parameters.item_count = total
        return items



@purchases_blp.route("/<purchase_id>")
class OnePurchase(MethodView):
    @purchases_blp.login_required
    @purchases_blp.response(200, PurchaseSchema)
    @inject
    def get(self, purchase_id: str, purchases: PurchaseService = PURCHASES):
        """One of my purchases (anyone else's is 404 purchase_not_found)"""
        return purchases.one(actor=actor(), purchase_id=purchase_id)


@chapter_blp.route("/<chapter_id>/purchase")
class ChapterPurchase(MethodView):
    @chapter_blp.login_required
    @idempotent
    @chapter_blp.arguments(ChapterPurchaseBodySchema)
    @chapter_blp.response(201, PurchaseCheckoutSchema, description="A checkout to pay")
    @inject
    def post(self, body, chapter_id: str, purchases: PurchaseService = PURCHASES):
        """Buy this chapter once, to keep: paid, it is readable for good (reason purchase;
        404 chapter_not_found; 409 already_owned; 422 own_item, not_for_sale,
        already_readable and the discount code's refusals)"""
        return purchases.buy(actor=actor(), chapter_id=chapter_id,
                             discount_code=body["discount_code"])



@checkout_blp.route("/purchase")
class CheckoutPurchase(MethodView):
    @checkout_blp.login_required
    @idempotent
    @checkout_blp.arguments(CheckoutPurchaseBodySchema)
    @checkout_blp.response(201, PurchaseCheckoutSchema, description="A checkout to pay")
    @inject
    def post(self, body, purchases: PurchaseService = PURCHASES):
        """Buy one product or one chapter, as POST /purchases or
        POST /chapters/{chapterId}/purchase do (name one: 422 invalid_target)"""
        return purchases.buy(actor=actor(), **body)

