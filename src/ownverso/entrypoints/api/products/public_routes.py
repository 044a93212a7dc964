"""/s/{siteSlug}/shop: the public shop of a site and its product pages (never a file)."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint
from ownverso.entrypoints.api.products.query_schemas import ShopArgs
from ownverso.entrypoints.api.products.schemas import ProductPublicSchema
from ownverso.services.commerce.products import ProductService

blp = Blueprint("shop", __name__, url_prefix="/s", description="A site's public shop")


@blp.route("/<site_slug>/shop")
class Shop(MethodView):
    @blp.arguments(ShopArgs, location="query")
    @blp.response(200, ProductPublicSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, site_slug: str, pagination_parameters,
            products: ProductService = Provide["products"]):
        """The site's products on sale: active and inside their availability window
        (sort: display, newest, price_asc, price_desc)"""
        page = pagination_parameters
        items, page.item_count = products.shop(
            site_slug=site_slug, product_type=args.get("product_type"), sort=args["sort"],
            offset=page.first_item, limit=page.page_size)
        return items


@blp.route("/<site_slug>/shop/<product_slug>")
class ShopProduct(MethodView):
    @blp.response(200, ProductPublicSchema)
    @inject
    def get(self, site_slug: str, product_slug: str,
            products: ProductService = Provide["products"]):
        """A product page (no download reference)"""
        return products.public_product(site_slug=site_slug, product_slug=product_slug)
