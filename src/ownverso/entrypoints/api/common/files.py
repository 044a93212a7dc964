"""Files answered as attachments (PDFs, CSV exports): named for the browser's save dialog and
never stored by a cache."""

from collections.abc import Iterable

from flask import Response, stream_with_context

from ownverso.entrypoints.api.common.caching import PRIVATE_NO_STORE


def attachment_response(body: bytes | str | Iterable, *, content_type: str,
                        filename: str) -> Response:
    """``body`` whole, or an iterable of chunks streamed within the request's context."""
    data = body if isinstance(body, bytes | str) else stream_with_context(body)
    return Response(data, content_type=content_type, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": PRIVATE_NO_STORE})
