"""/admin/coin-packages: the coin packages on sale, for administrators."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.coins.schemas import (
    CoinPackageCreateSchema,
    CoinPackageSchema,
    CoinPackageUpdateSchema,
)
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.services.commerce.coin_packages import CoinPackageAdmin

PACKAGES = Provide["coin_packages"]
blp = Blueprint("admin-coin-packages", __name__, url_prefix="/admin/coin-packages",
                description="Coin packages for administrators")


@blp.route("")
class AllPackages(MethodView):
    @blp.login_required
    @blp.response(200, CoinPackageSchema(many=True))
    @inject
    def get(self, packages: CoinPackageAdmin = PACKAGES):
        """Every coin package, active or not, in display order"""
        return packages.list(actor=actor())

    @blp.login_required
    @blp.arguments(CoinPackageCreateSchema)
    @blp.response(201, CoinPackageSchema)
    @inject
    def post(self, body, packages: CoinPackageAdmin = PACKAGES):
        """Add a package: coins, bonus coins, a price per currency (422
        invalid_coin_package)"""
        return packages.create(actor=actor(), **body)


@blp.route("/<package_id>")
class OnePackage(MethodView):
    @blp.login_required
    @blp.arguments(CoinPackageUpdateSchema)
    @blp.response(200, CoinPackageSchema)
    @inject
    def patch(self, body, package_id: str, packages: CoinPackageAdmin = PACKAGES):
        """Change a package (bought coins stay as bought)"""
        return packages.update(actor=actor(), package_id=package_id, changes=body)

    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, package_id: str, packages: CoinPackageAdmin = PACKAGES):
        """Remove a package (bought coins stay as bought)"""
        packages.delete(actor=actor(), package_id=package_id)
