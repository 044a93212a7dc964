"""License keys: GET /licenses (mine, with keys), POST /licenses/verify and
/licenses/deactivate (public, for the author's software), the site team's
/sites/{siteId}/licenses and the administrators' /admin/licenses."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, actor, request_info
from ownverso.entrypoints.api.licenses.schemas import (
    AdminLicenseArgs,
    DeactivateBodySchema,
    DeactivationSchema,
    LicenseArgs,
    LicenseDetailSchema,
    LicenseSchema,
    OwnedLicenseSchema,
    RevokeBodySchema,
    VerificationSchema,
    VerifyBodySchema,
)
from ownverso.services.commerce.licenses import LicenseService

LICENSES = Provide["licenses"]
licenses_blp = Blueprint("licenses", __name__, url_prefix="/licenses",
                         description="My license keys; checking and activating a key")
site_blp = Blueprint("site-licenses", __name__, url_prefix="/sites",
                     description="The license keys sold on a site (the team's side)")
admin_blp = Blueprint("admin-licenses", __name__, url_prefix="/admin/licenses",
                      description="License keys for administrators")


@licenses_blp.route("")
class MyLicenses(MethodView):
    @licenses_blp.login_required
    @licenses_blp.arguments(LicenseArgs, location="query")
    @licenses_blp.response(200, OwnedLicenseSchema(many=True))
    @licenses_blp.paginate()
    @inject
    def get(self, args, pagination_parameters, licenses: LicenseService = LICENSES):
        """My license keys in full, newest first (filters: status, product_id)"""
        page = pagination_parameters
        items, page.item_count = licenses.mine(actor=actor(), offset=page.first_item,
                                               limit=page.page_size, **args)
        return items


@licenses_blp.route("/verify")
class Verify(MethodView):
    @licenses_blp.arguments(VerifyBodySchema)
    @licenses_blp.response(200, VerificationSchema)
    @inject
    def post(self, body, licenses: LicenseService = LICENSES):
        """Check a key; with instance_id, activate that install (one seat per instance,
        once). Refusals are 200 valid:false with a reason (unknown_key, revoked, expired,
        suspended, seats_exhausted); 429 when this address checks too often"""
        return licenses.verify(request=request_info(), **body)


@licenses_blp.route("/deactivate")
class Deactivate(MethodView):
    @licenses_blp.arguments(DeactivateBodySchema)
    @licenses_blp.response(200, DeactivationSchema)
    @inject
    def post(self, body, licenses: LicenseService = LICENSES):
        """Free an install's seat (deactivated:false when it was not active; unknown_key
        as for verify)"""
        return licenses.deactivate(request=request_info(), **body)


@site_blp.route("/<site_id>/licenses")
class SiteLicenses(MethodView):
    @site_blp.login_required
    @site_blp.arguments(LicenseArgs, location="query")
    @site_blp.response(200, LicenseSchema(many=True))
    @site_blp.paginate()
    @inject
    def get(self, args, site_id: str, pagination_parameters,
            licenses: LicenseService = LICENSES):
        """The site's licenses, newest first, keys hidden (filters: status, product_id)"""
        page = pagination_parameters
        items, page.item_count = licenses.for_site(actor=actor(), site_id=site_id,
                                                   offset=page.first_item,
                                                   limit=page.page_size, **args)
        return items


@site_blp.route("/<site_id>/licenses/<license_id>")
class SiteLicense(MethodView):
    @site_blp.login_required
    @site_blp.response(200, LicenseDetailSchema)
    @inject
    def get(self, site_id: str, license_id: str, licenses: LicenseService = LICENSES):
        """One license of the site with its instances (404 license_not_found)"""
        return licenses.site_license(actor=actor(), site_id=site_id, license_id=license_id)


@site_blp.route("/<site_id>/licenses/<license_id>/revoke")
class SiteRevoke(MethodView):
    @site_blp.login_required
    @site_blp.arguments(RevokeBodySchema)
    @site_blp.response(200, LicenseDetailSchema)
    @inject
    def post(self, body, site_id: str, license_id: str,
             licenses: LicenseService = LICENSES):
        """Revoke a license for good, with a reason (needs monetization.manage; 409
        license_revoked when it already is)"""
        return licenses.site_revoke(actor=actor(), site_id=site_id, license_id=license_id,
                                    reason=body["reason"])


@admin_blp.route("")
class AllLicenses(MethodView):
    @admin_blp.login_required
    @admin_blp.arguments(AdminLicenseArgs, location="query")
    @admin_blp.response(200, LicenseSchema(many=True))
    @admin_blp.paginate()
    @inject
    def get(self, args, pagination_parameters, licenses: LicenseService = LICENSES):
        """Every license, newest first, keys hidden (filters: status, site_id, product_id,
        owner_id)"""
        page = pagination_parameters
        items, page.item_count = licenses.admin_list(actor=actor(), offset=page.first_item,
                                                     limit=page.page_size, **args)
        return items


@admin_blp.route("/<license_id>/revoke")
class AdminRevoke(MethodView):
    @admin_blp.login_required
    @admin_blp.arguments(RevokeBodySchema)
    @admin_blp.response(200, LicenseDetailSchema)
    @inject
    def post(self, body, license_id: str, licenses: LicenseService = LICENSES):
        """Revoke any license for good, with a reason (409 license_revoked when it already
        is)"""
        return licenses.admin_revoke(actor=actor(), license_id=license_id,
                                     reason=body["reason"])
