"""Download (as an attachment) and stream (inline, with byte ranges) a file."""

from dependency_injector.wiring import Provide, inject
from flask import Response, request
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.media.blueprint import blp
from ownverso.services.media.delivery import Delivery, MediaDeliveryService

DELIVERY = Provide["media_delivery"]


def _response(delivery: Delivery, disposition: str) -> Response:
    file = delivery.file
    headers = {
        "Content-Disposition": f'{disposition}; filename="{file.filename}"',
        "Accept-Ranges": "bytes", "Cache-Control": "private, no-cache",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    if delivery.partial:
        headers["Content-Range"] = delivery.content_range
    return Response(delivery.data, status=206 if delivery.partial else 200,
                    mimetype=file.content_type, headers=headers)


@blp.route("/<media_id>/download")
class MediaDownload(MethodView):
    @blp.login_required
    @blp.response(200, description="The file's bytes, as an attachment")
    @inject
    def get(self, media_id: str, delivery: MediaDeliveryService = DELIVERY):
        """Download a file (counts against the owner's bandwidth)"""
        return _response(delivery.download(actor=actor(), media_id=media_id), "attachment")


@blp.route("/<media_id>/stream")
class MediaStream(MethodView):
    @blp.login_required
    @blp.response(200, description="The whole file, inline")
    @blp.alt_response(206, description="The range asked for (Range: bytes=a-b)")
    @blp.alt_response(416, description="The range is outside the file")
    @inject
    def get(self, media_id: str, delivery: MediaDeliveryService = DELIVERY):
        """Stream a file, honouring a Range header (counts against the owner's bandwidth)"""
        served = delivery.stream(actor=actor(), media_id=media_id,
                                 range_header=request.headers.get("Range"))
        return _response(served, "inline")
