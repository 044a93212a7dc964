"""Downloads of bought products: GET /purchases/{id}/download (a counted, signed link),
GET /purchases/{id}/downloads, the reader's reset requests
(/purchases/{id}/download-reset-requests), the site team's review of them
(/sites/{siteId}/download-reset-requests[/{requestId}/approve|reject]) and the signed link
itself (GET /downloads/{token}, when the app serves the files)."""

from dependency_injector.wiring import Provide, inject
from flask import Response
from flask.views import MethodView

from ownverso.domain.commerce.downloads import attachment
from ownverso.entrypoints.api.common.caching import PRIVATE_NO_STORE, no_store
from ownverso.entrypoints.api.common.smorest import Blueprint, actor, request_info
from ownverso.entrypoints.api.downloads.schemas import (
    DownloadLinkSchema,
    DownloadSchema,
    ResetRequestBodySchema,
    ResetRequestListArgsSchema,
    ResetRequestSchema,
    ReviewBodySchema,
)
from ownverso.services.commerce.downloads import DownloadResetService, DownloadService

DOWNLOADS = Provide["downloads"]
RESETS = Provide["download_resets"]
purchase_blp = Blueprint("purchase-downloads", __name__, url_prefix="/purchases",
                         description="Download what I bought; ask for a download reset")
site_blp = Blueprint("site-download-resets", __name__, url_prefix="/sites",
                     description="A site's download reset requests (the team's side)")
link_blp = Blueprint("download-links", __name__, url_prefix="/downloads",
                     description="Signed download links served by the app")


@purchase_blp.route("/<purchase_id>/download")
class PurchaseDownload(MethodView):
    @purchase_blp.login_required
    @purchase_blp.response(200, DownloadLinkSchema)
    @no_store
    @inject
    def get(self, purchase_id: str, downloads: DownloadService = DOWNLOADS):
        """Count one download of my purchase and get a short-lived link to the file (404
        purchase_not_found; 403 purchase_not_paid; 409 download_limit_reached,
        download_window_closed, product_has_no_file, product_file_missing)"""
        info = request_info()
        return downloads.download(actor=actor(), purchase_id=purchase_id, ip=info.ip,
                                  user_agent=info.user_agent)


@purchase_blp.route("/<purchase_id>/downloads")
class PurchaseDownloads(MethodView):
    @purchase_blp.login_required
    @purchase_blp.response(200, DownloadSchema(many=True))
    @purchase_blp.paginate()
    @inject
    def get(self, purchase_id: str, pagination_parameters,
            downloads: DownloadService = DOWNLOADS):
        """The downloads of my purchase, newest first"""
        page = pagination_parameters
        items, page.item_count = downloads.history(actor=actor(), purchase_id=purchase_id,
                                                   offset=page.first_item,
                                                   limit=page.page_size)
        return items


@purchase_blp.route("/<purchase_id>/download-reset-requests")
class PurchaseResetRequests(MethodView):
    @purchase_blp.login_required
    @purchase_blp.arguments(ResetRequestBodySchema)
    @purchase_blp.response(201, ResetRequestSchema)
    @inject
    def post(self, body, purchase_id: str, resets: DownloadResetService = RESETS):
        """Ask the site to restart my downloads, once they are used up or the window closed
        (409 downloads_available, reset_request_pending, purchase_not_paid; 422
        invalid_reason)"""
        return resets.request(actor=actor(), purchase_id=purchase_id, reason=body["reason"])

    @purchase_blp.login_required
    @purchase_blp.response(200, ResetRequestSchema(many=True))
    @purchase_blp.paginate()
    @inject
    def get(self, purchase_id: str, pagination_parameters,
            resets: DownloadResetService = RESETS):
        """My reset requests for this purchase, newest first"""
        page = pagination_parameters
        items, page.item_count = resets.mine(actor=actor(), purchase_id=purchase_id,
                                             offset=page.first_item, limit=page.page_size)
        return items


@site_blp.route("/<site_id>/download-reset-requests")
class SiteResetRequests(MethodView):
    @site_blp.login_required
    @site_blp.arguments(ResetRequestListArgsSchema, location="query")
    @site_blp.response(200, ResetRequestSchema(many=True))
    @site_blp.paginate()
    @inject
    def get(self, args, site_id: str, pagination_parameters,
            resets: DownloadResetService = RESETS):
        """The site's download reset requests, newest first (filter: status; needs
        monetization.manage)"""
        page = pagination_parameters
        items, page.item_count = resets.for_site(actor=actor(), site_id=site_id,
                                                 status=args["status"],
                                                 offset=page.first_item,
                                                 limit=page.page_size)
        return items


@site_blp.route("/<site_id>/download-reset-requests/<request_id>/approve")
class ApproveResetRequest(MethodView):
    @site_blp.login_required
    @site_blp.arguments(ReviewBodySchema)
    @site_blp.response(200, ResetRequestSchema)
    @inject
    def post(self, body, site_id: str, request_id: str,
             resets: DownloadResetService = RESETS):
        """Approve: the purchase's download count and window start again; the reader is
        emailed (404 reset_request_not_found; 409 reset_request_approved/_rejected)"""
        return resets.approve(actor=actor(), site_id=site_id, request_id=request_id,
                              note=body["note"])


@site_blp.route("/<site_id>/download-reset-requests/<request_id>/reject")
class RejectResetRequest(MethodView):
    @site_blp.login_required
    @site_blp.arguments(ReviewBodySchema)
    @site_blp.response(200, ResetRequestSchema)
    @inject
    def post(self, body, site_id: str, request_id: str,
             resets: DownloadResetService = RESETS):
        """Reject, with an optional note; the reader is emailed"""
        return resets.reject(actor=actor(), site_id=site_id, request_id=request_id,
                             note=body["note"])


@link_blp.route("/<token>")
class DownloadLink(MethodView):
    @link_blp.response(200, description="The file, as an attachment")
    @inject
    def get(self, token: str, downloads: DownloadService = DOWNLOADS):
        """The file behind a signed link from GET /purchases/{id}/download (403
        invalid_signature or expired_link)"""
        served = downloads.serve(token=token)
        return Response(served.data, mimetype=served.content_type, headers={
            "Content-Disposition": attachment(served.filename),
            "Cache-Control": PRIVATE_NO_STORE, "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox"})
