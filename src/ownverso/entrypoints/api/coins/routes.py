"""Reader coins: /wallet, /wallet/ledger, /coin-packages, /checkout/coins and
/chapters/{chapterId}/unlock-with-coins; /author/coin-earnings."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.coins.schemas import (
    BuyCoinsSchema,
    CoinEarningSchema,
    CoinPackageSchema,
    CoinUnlockSchema,
    EarningArgsSchema,
    LedgerEntrySchema,
    PackageListArgsSchema,
    WalletSchema,
)
from ownverso.entrypoints.api.common.caching import no_store
from ownverso.entrypoints.api.common.idempotency import idempotent
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.subscriptions.schemas import CheckoutSessionSchema
from ownverso.services.commerce.coin_admin import CoinEarnings
from ownverso.services.commerce.coin_unlocks import CoinUnlockService
from ownverso.services.commerce.coins import CoinService

COINS = Provide["coins"]
wallet_blp = Blueprint("coin-wallet", __name__, url_prefix="/wallet",
                       description="My coin wallet and its ledger")
packages_blp = Blueprint("coin-packages", __name__, url_prefix="/coin-packages",
                         description="Coin packages on sale")
checkout_blp = Blueprint("coin-checkout", __name__, url_prefix="/checkout",
                         description="Buy a coin package")
unlock_blp = Blueprint("coin-unlocks", __name__, url_prefix="/chapters",
                       description="Unlock a chapter with coins")


@wallet_blp.route("")
class Wallet(MethodView):
    @wallet_blp.login_required
    @no_store
    @wallet_blp.response(200, WalletSchema)
    @inject
    def get(self, coins: CoinService = COINS):
        """My coins: paid and bonus balances, with their money value"""
        return coins.wallet(actor=actor())


@wallet_blp.route("/ledger")
class Ledger(MethodView):
    @wallet_blp.login_required
    @no_store
    @wallet_blp.response(200, LedgerEntrySchema(many=True))
    @wallet_blp.paginate()
    @inject
    def get(self, pagination_parameters, coins: CoinService = COINS):
        """Every movement of my coins, newest first (append-only: the balance is their sum)"""
        page = pagination_parameters
        items, page.item_count = coins.ledger(actor=actor(), offset=page.first_item,
                                              limit=page.page_size)
        return items


@packages_blp.route("")
class Packages(MethodView):
    @packages_blp.arguments(PackageListArgsSchema, location="query")
    @packages_blp.response(200, CoinPackageSchema(many=True))
    @inject
    def get(self, args, coins: CoinService = COINS):
        """The coin packages on sale, in display order (those sold in ``currency``)"""
        return coins.packages(**args)


@checkout_blp.route("/coins")
class BuyCoins(MethodView):
    @checkout_blp.login_required
    @idempotent
    @checkout_blp.arguments(BuyCoinsSchema)
    @checkout_blp.response(201, CheckoutSessionSchema, description="An open checkout to pay")
    @inject
    def post(self, body, coins: CoinService = COINS):
        """Buy a coin package in one of its currencies: a checkout; once paid, the coins and
        bonus coins are in my wallet (404 coin_package_not_found; 422 currency_not_offered)"""
        return coins.buy(actor=actor(), **body)


@unlock_blp.route("/<chapter_id>/unlock-with-coins")
class UnlockWithCoins(MethodView):
    @unlock_blp.login_required
    @idempotent
    @no_store
    @unlock_blp.response(200, CoinUnlockSchema)
    @inject
    def post(self, chapter_id: str, unlocks: CoinUnlockService = Provide["coin_unlocks"]):
        """Spend the chapter's coin price (bonus coins first) to read it for good; once:
        a second call spends nothing (402 insufficient_coins with shortfall, balance and
        price; 422 not_coin_priced)"""
        return unlocks.unlock(actor=actor(), chapter_id=chapter_id)


earnings_blp = Blueprint("coin-earnings", __name__, url_prefix="/author/coin-earnings",
                         description="What readers' coins earned me")


@earnings_blp.route("")
class CoinEarningList(MethodView):
    @earnings_blp.login_required
    @earnings_blp.arguments(EarningArgsSchema, location="query")
    @earnings_blp.response(200, CoinEarningSchema(many=True))
    @earnings_blp.paginate()
    @inject
    def get(self, args, pagination_parameters,
            earnings: CoinEarnings = Provide["coin_earnings"]):
        """Coins spent on my chapters, credited at their money value, newest first"""
        page = pagination_parameters
        items, page.item_count = earnings.mine(actor=actor(), offset=page.first_item,
                                               limit=page.page_size, **args)
        return items
