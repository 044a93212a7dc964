"""/admin/products: every product of the platform, and forcing one on or off sale."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.products.query_schemas import AdminProductArgs, AdminStatusSchema
from ownverso.entrypoints.api.products.schemas import AdminProductSchema
from ownverso.services.commerce.products import ProductService

blp = Blueprint("admin-products", __name__, url_prefix="/admin/products",
                description="Products for administrators")


@blp.route("")
class AllProducts(MethodView):
    @blp.login_required
    @blp.arguments(AdminProductArgs, location="query")
    @blp.response(200, AdminProductSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, pagination_parameters,
            products: ProductService = Provide["products"]):
        """Every product, newest first (filters: site_id, author_id, product_type,
        is_active)"""
        page = pagination_parameters
        items, page.item_count = products.admin_list(
            actor=actor(), offset=page.first_item, limit=page.page_size, **args)
        return items


@blp.route("/<product_id>/status")
class Status(MethodView):
    @blp.login_required
    @blp.arguments(AdminStatusSchema)
    @blp.response(200, AdminProductSchema)
    @inject
    def put(self, body, product_id: str, products: ProductService = Provide["products"]):
        """Force a product off sale (its team cannot reactivate it) or back on, with a
        reason"""
        return products.admin_set_status(actor=actor(), product_id=product_id,
                                         is_active=body["is_active"], reason=body["reason"])
