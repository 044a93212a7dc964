"""Every blueprint of the API, registered under /api/v1."""

from ownverso.entrypoints.api.auth.routes import blp as auth
from ownverso.entrypoints.api.authors.routes import blp as authors
from ownverso.entrypoints.api.billing import admin_routes as billing_admin
from ownverso.entrypoints.api.billing import invoice_routes as subscription_invoices
from ownverso.entrypoints.api.billing import routes as billing
from ownverso.entrypoints.api.billing import subscription_routes as platform_subscription
from ownverso.entrypoints.api.chapter_io.routes import BLUEPRINTS as CHAPTER_IO
from ownverso.entrypoints.api.chapters.routes import blp as chapters
from ownverso.entrypoints.api.chapters.series_chapters_routes import blp as series_chapters
from ownverso.entrypoints.api.coins import admin_routes as coin_admin
from ownverso.entrypoints.api.coins import routes as coins
from ownverso.entrypoints.api.collaborator_invites.routes import blp as collaborator_invites
from ownverso.entrypoints.api.content_warnings.routes import blp as content_warnings
from ownverso.entrypoints.api.discounts.routes import blp as discount_codes
from ownverso.entrypoints.api.discounts.site_routes import blp as site_discount_codes
from ownverso.entrypoints.api.downloads import routes as downloads
from ownverso.entrypoints.api.genres.routes import blp as genres
from ownverso.entrypoints.api.gifts.routes import claim_blp as gift_claims
from ownverso.entrypoints.api.gifts.routes import my_blp as my_gifts
from ownverso.entrypoints.api.gifts.routes import site_blp as site_gifts
from ownverso.entrypoints.api.licenses import routes as licenses
from ownverso.entrypoints.api.media.routes import blp as media
from ownverso.entrypoints.api.payment_gateway import razorpay_routes as razorpay_gateway
from ownverso.entrypoints.api.payment_gateway import stripe_routes as stripe_gateway
from ownverso.entrypoints.api.payment_gateway import xendit_routes as xendit_gateway
from ownverso.entrypoints.api.payment_gateway.routes import blp as payment_gateway
from ownverso.entrypoints.api.payments import refund_routes as payment_refunds
from ownverso.entrypoints.api.payments import routes as payments
from ownverso.entrypoints.api.payouts import routes as payouts
from ownverso.entrypoints.api.platform.routes import blp as platform
from ownverso.entrypoints.api.products.admin_routes import blp as admin_products
from ownverso.entrypoints.api.products.public_routes import blp as shop
from ownverso.entrypoints.api.products.routes import blp as site_products
from ownverso.entrypoints.api.purchases import routes as purchases
from ownverso.entrypoints.api.referrals.admin_routes import blp as admin_referrals
from ownverso.entrypoints.api.referrals.routes import blp as referrals
from ownverso.entrypoints.api.refunds import routes as refunds
from ownverso.entrypoints.api.sandbox.routes import blp as sandbox
from ownverso.entrypoints.api.series.routes import blp as series
from ownverso.entrypoints.api.series.site_series_routes import blp as site_series
from ownverso.entrypoints.api.series.user_routes import blp as user_series
from ownverso.entrypoints.api.sites import collaborators_routes  # noqa: F401
from ownverso.entrypoints.api.sites.routes import blp as sites
from ownverso.entrypoints.api.subscribers.routes import blp as subscribers
from ownverso.entrypoints.api.subscriptions.my_routes import blp as my_subscriptions
from ownverso.entrypoints.api.subscriptions.routes import checkout_blp as checkout
from ownverso.entrypoints.api.subscriptions.routes import site_blp as site_subscribe
from ownverso.entrypoints.api.tags.routes import blp as tags
from ownverso.entrypoints.api.themes.routes import blp as themes
from ownverso.entrypoints.api.tiers.routes import blp as tiers
from ownverso.entrypoints.api.tiers.site_tiers_routes import blp as site_tiers
from ownverso.entrypoints.api.tips import routes as tips
from ownverso.entrypoints.api.users.author_profile import blp as author_profile
from ownverso.entrypoints.api.users.routes import blp as users
from ownverso.entrypoints.api.webhooks import admin_routes as webhook_admin
from ownverso.entrypoints.api.webhooks import routes as webhooks

BLUEPRINTS = (platform, auth, users, author_profile, authors, sandbox)
BLUEPRINTS += (sites, themes)
BLUEPRINTS += (collaborator_invites,)
BLUEPRINTS += (series, site_series, user_series, genres, tags, content_warnings)
BLUEPRINTS += CHAPTER_IO
BLUEPRINTS += (chapters, series_chapters)
BLUEPRINTS += (media,)
BLUEPRINTS += (tiers, site_tiers)
BLUEPRINTS += (checkout, site_subscribe, my_subscriptions)
BLUEPRINTS += (site_gifts, my_gifts, gift_claims)
BLUEPRINTS += (discount_codes, site_discount_codes)
BLUEPRINTS += (subscribers,)
BLUEPRINTS += (referrals, admin_referrals)
BLUEPRINTS += (site_products, shop, admin_products)
BLUEPRINTS += (purchases.purchases_blp, purchases.chapter_blp, purchases.checkout_blp)
BLUEPRINTS += (downloads.purchase_blp, downloads.site_blp, downloads.link_blp)
BLUEPRINTS += (licenses.licenses_blp, licenses.site_blp, licenses.admin_blp)
BLUEPRINTS += (tips.checkout_blp, tips.author_blp, tips.site_blp, tips.my_blp)
BLUEPRINTS += (coins.wallet_blp, coins.packages_blp, coins.checkout_blp, coins.unlock_blp,
               coins.earnings_blp, coin_admin.blp, coin_admin.wallets_blp)

BLUEPRINTS += (refunds.reader_blp, refunds.site_blp, refunds.admin_blp)
BLUEPRINTS += (payment_gateway, razorpay_gateway.blp, stripe_gateway.blp, xendit_gateway.blp)
BLUEPRINTS += (payments.author_blp, payments.my_blp)
BLUEPRINTS += (payment_refunds.blp,)
BLUEPRINTS += (payouts.blp,)
BLUEPRINTS += (webhooks.blp, webhook_admin.blp)
BLUEPRINTS += (billing.blp, billing_admin.blp)
BLUEPRINTS += (platform_subscription.blp, subscription_invoices.blp)

def register_blueprints(api) -> None:
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint, url_prefix=f"/api/v1{blueprint.url_prefix or ''}")
