"""Files kept by the local storage adapter, served at /files/<key> (S3 serves its own)."""

import mimetypes

from dependency_injector.wiring import Provide, inject
from flask import Blueprint, Response, abort

from ownverso.services.ports import FileStorage

files = Blueprint("files", __name__)

# Never served publicly: unchecked uploads, files whose content lied about their type,
# exports (downloaded through their job's permission-checked endpoint) and the pages of comic
# chapters (behind the paywall: /api/v1/chapters/{id}/pages/{image} with a signed link) and
# the buyers' copies of product files (/api/v1/downloads/{token}, a signed link).
PRIVATE_PREFIXES = ("incoming/", "quarantine/", "exports/", "chapters/", "downloads/",
                    "disputes/")  # payment disputes' evidence


@files.get("/files/<path:key>")
@inject
def serve(key: str, storage: FileStorage = Provide["storage"]):
    if key.lstrip("/").startswith(PRIVATE_PREFIXES):
        abort(404)
    try:
        data = storage.read(key)
    except (FileNotFoundError, ValueError, IsADirectoryError):
        abort(404)
    mimetype = mimetypes.guess_type(key)[0] or "application/octet-stream"
    return Response(data, mimetype=mimetype, headers={
        "Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"})
