"""/admin/coin-packages (the coin packages on sale) and /admin/wallets (readers' wallets, their
ledgers and corrections), for administrators."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.coins.schemas import (
    AdjustmentBodySchema,
    AdjustmentSchema,
    AuditedWalletSchema,
    CoinPackageCreateSchema,
    CoinPackageSchema,
    CoinPackageUpdateSchema,
    LedgerEntrySchema,
)
from ownverso.entrypoints.api.common.caching import no_store
from ownverso.entrypoints.api.common.idempotency import idempotent
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.services.commerce.coin_admin import CoinWalletAdmin
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


wallets_blp = Blueprint("admin-coin-wallets", __name__, url_prefix="/admin/wallets",
                        description="Readers' coin wallets for administrators")
WALLETS = Provide["coin_wallets_admin"]


@wallets_blp.route("/<user_id>")
class AuditWallet(MethodView):
    @wallets_blp.login_required
    @no_store
    @wallets_blp.response(200, AuditedWalletSchema)
    @inject
    def get(self, user_id: str, wallets: CoinWalletAdmin = WALLETS):
        """A reader's balances and whether their ledger rebuilds them"""
        return wallets.audit(actor=actor(), user_id=user_id)


@wallets_blp.route("/<user_id>/ledger")
class WalletLedger(MethodView):
    @wallets_blp.login_required
    @no_store
    @wallets_blp.response(200, LedgerEntrySchema(many=True))
    @wallets_blp.paginate()
    @inject
    def get(self, pagination_parameters, user_id: str, wallets: CoinWalletAdmin = WALLETS):
        """A reader's ledger, newest first"""
        page = pagination_parameters
        items, page.item_count = wallets.ledger(actor=actor(), user_id=user_id,
                                                offset=page.first_item, limit=page.page_size)
        return items


@wallets_blp.route("/<user_id>/adjustments")
class Adjustments(MethodView):
    @wallets_blp.login_required
    @idempotent
    @wallets_blp.arguments(AdjustmentBodySchema)
    @wallets_blp.response(200, AdjustmentSchema)
    @inject
    def post(self, body, user_id: str, wallets: CoinWalletAdmin = WALLETS):
        """Correct a reader's coins with a reason: an ADJUSTMENT entry (422
        insufficient_coins when it would take more than the wallet holds; the same reference
        again moves nothing and answers the first entry)"""
        return wallets.adjust(actor=actor(), user_id=user_id, **body)
