"""Files kept by the local storage adapter, served at /files/<key> (S3 serves its own)."""

import mimetypes

from dependency_injector.wiring import Provide, inject
from flask import Blueprint, Response, abort

from ownverso.services.ports import FileStorage

files = Blueprint("files", __name__)


@files.get("/files/<path:key>")
@inject
def serve(key: str, storage: FileStorage = Provide["storage"]):
    try:
        data = storage.read(key)
    except (FileNotFoundError, ValueError, IsADirectoryError):
        abort(404)
    mimetype = mimetypes.guess_type(key)[0] or "application/octet-stream"
    return Response(data, mimetype=mimetype, headers={
        "Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"})
