"""A site's products for its team: list, create, read, edit, delete, state, cover, sales
and stats. A blueprint of its own on the /sites prefix (the sites blueprint is the sites
module's)."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.products.query_schemas import (
    CoverSchema,
    ProductListArgs,
    ProductSalesSchema,
    ProductStatsSchema,
)
from ownverso.entrypoints.api.products.schemas import (
    ProductCreateSchema,
    ProductSchema,
    ProductUpdateSchema,
)
from ownverso.services.commerce.products import ProductService

blp = Blueprint("site-products", __name__, url_prefix="/sites",
                description="A site's digital products (the team's side)")
ONE = "/<site_id>/products/<product_id>"


@blp.route("/<site_id>/products")
class SiteProducts(MethodView):
    @blp.login_required
    @blp.arguments(ProductListArgs, location="query")
    @blp.response(200, ProductSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, site_id: str, pagination_parameters,
            products: ProductService = Provide["products"]):
        """Every product of the site, inactive ones too (filters: q, product_type,
        is_active), featured first then in display order"""
        page = pagination_parameters
        items, page.item_count = products.list_for_site(
            actor=actor(), site_id=site_id, search=args.get("q"),
            product_type=args.get("product_type"), is_active=args.get("is_active"),
            offset=page.first_item, limit=page.page_size)
        return items

    @blp.login_required
    @blp.arguments(ProductCreateSchema)
    @blp.response(201, ProductSchema)
    @inject
    def post(self, body, site_id: str, products: ProductService = Provide["products"]):
        """Create a product (needs monetization.manage; media ids name ready files of the
        site's author)"""
        return products.create(actor=actor(), site_id=site_id, fields=body)


@blp.route("/<site_id>/products/stats")
class Stats(MethodView):
    @blp.login_required
    @blp.response(200, ProductStatsSchema)
    @inject
    def get(self, site_id: str, products: ProductService = Provide["products"]):
        """Counts across the site's products, with orders and revenue of paid purchases"""
        return products.stats(actor=actor(), site_id=site_id)


@blp.route(ONE)
class OneProduct(MethodView):
    @blp.login_required
    @blp.response(200, ProductSchema)
    @inject
    def get(self, site_id: str, product_id: str,
            products: ProductService = Provide["products"]):
        """A product with its file metadata and counters (needs site.read)"""
        return products.get(actor=actor(), site_id=site_id, product_id=product_id)

    @blp.login_required
    @blp.arguments(ProductUpdateSchema)
    @blp.response(200, ProductSchema)
    @inject
    def put(self, body, site_id: str, product_id: str,
            products: ProductService = Provide["products"]):
        """Edit a product: the fields sent change, the others stay (needs
        monetization.manage)"""
        return products.update(actor=actor(), site_id=site_id, product_id=product_id,
                               changes=body)

    @blp.login_required
    @blp.arguments(ProductUpdateSchema)
    @blp.response(200, ProductSchema)
    @inject
    def patch(self, body, site_id: str, product_id: str,
              products: ProductService = Provide["products"]):
        """Edit a product (the same as PUT)"""
        return products.update(actor=actor(), site_id=site_id, product_id=product_id,
                               changes=body)

    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, site_id: str, product_id: str,
               products: ProductService = Provide["products"]):
        """Delete a product never sold (409 product_has_sales otherwise: deactivate it)"""
        products.delete(actor=actor(), site_id=site_id, product_id=product_id)


@blp.route(f"{ONE}/cover")
class Cover(MethodView):
    @blp.login_required
    @blp.arguments(CoverSchema)
    @blp.response(200, ProductSchema)
    @inject
    def post(self, body, site_id: str, product_id: str,
             products: ProductService = Provide["products"]):
        """Set or remove the cover: an image already uploaded through /media"""
        return products.set_cover(actor=actor(), site_id=site_id, product_id=product_id,
                                  media_id=body["media_id"])


@blp.route(f"{ONE}/sales")
class Sales(MethodView):
    @blp.login_required
    @blp.response(200, ProductSalesSchema)
    @inject
    def get(self, site_id: str, product_id: str,
            products: ProductService = Provide["products"]):
        """Units sold, stock left, orders and revenue (per currency) of paid purchases"""
        return products.sales(actor=actor(), site_id=site_id, product_id=product_id)


def _state_view(name: str, doc: str):
    class State(MethodView):
        @blp.login_required
        @blp.response(200, ProductSchema)
        @inject
        def post(self, site_id: str, product_id: str,
                 products: ProductService = Provide["products"]):
            return getattr(products, name)(actor=actor(), site_id=site_id,
                                           product_id=product_id)

    State.post.__doc__, State.__name__ = doc, name.title()
    return State


blp.route(f"{ONE}/activate", endpoint="activate")(_state_view(
    "activate", "Put the product on sale (409 product_on_admin_hold after an admin's stop)"))
blp.route(f"{ONE}/deactivate", endpoint="deactivate")(_state_view(
    "deactivate", "Take the product off sale"))
