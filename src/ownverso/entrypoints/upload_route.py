"""The embedded default's stand-in for S3 presigned uploads: ``POST /files/upload/<token>``.

The token (from ``LocalUploadSigner``) names the key, the content type and the size cap; the
body is a multipart form like S3's presigned POST: the signed ``fields`` and the file as
``file``. Valid, unexpired and within the cap, the file is written through the storage port;
``POST /api/v1/media/upload/complete`` then checks its content."""

from flask import Blueprint, current_app, request

from ownverso.entrypoints.api.common.errors import error_response
from ownverso.services.ports import InvalidUploadToken

uploads = Blueprint("uploads", __name__)
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the signed fields


@uploads.post("/files/upload/<token>")
def receive(token: str):
    container = current_app.container
    try:
        grant = container.upload_signer().verify(token)
    except InvalidUploadToken as error:
        return error_response(403, error=error.code, message=str(error))
    request.max_content_length = grant.max_bytes + FORM_OVERHEAD  # 413 past it
    upload = request.files.get("file")
    if upload is None:
        return error_response(400, error="file_missing",
                              message="Send the file as the form field 'file'.")
    if request.form.get("Content-Type", grant.content_type) != grant.content_type:
        return error_response(403, error="content_type_not_signed",
                              message=f"This link is for a {grant.content_type} upload.")
    data = upload.read(grant.max_bytes + 1)
    if len(data) > grant.max_bytes:
        return error_response(413, error="file_too_large",
                              message=f"This upload is limited to {grant.max_bytes} bytes.")
    container.storage().save(grant.key, data, content_type=grant.content_type)
    return "", 204
