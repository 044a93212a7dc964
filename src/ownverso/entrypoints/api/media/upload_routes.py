"""Uploads: direct (multipart), presigned (signed URL, then completion), from a URL."""

from dependency_injector.wiring import Provide, inject
from flask import current_app, request
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.media.blueprint import blp
from ownverso.entrypoints.api.media.schemas import MediaFileSchema
from ownverso.entrypoints.api.media.upload_schemas import (
    CompleteSchema,
    FromUrlSchema,
    SignedUrlRequestSchema,
    SignedUrlSchema,
    UploadFileSchema,
    UploadFormSchema,
)
from ownverso.services.media.uploads import MediaUploadService

UPLOADS = Provide["media_uploads"]
FORM_OVERHEAD = 64 * 1024


@blp.before_request
def allow_large_uploads():
    """Direct uploads may be as large as the media library takes, past the app-wide cap."""
    if request.endpoint == "media.MediaUpload":
        request.max_content_length = (
            current_app.container.settings().media_max_bytes + FORM_OVERHEAD)


@blp.route("/upload")
class MediaUpload(MethodView):
    @blp.login_required
    @blp.arguments(UploadFormSchema, location="form")
    @blp.arguments(UploadFileSchema, location="files")
    @blp.response(201, MediaFileSchema)
    @inject
    def post(self, form, files, uploads: MediaUploadService = UPLOADS):
        """Upload a file (multipart field `file`); a content that its type or extension belies
        is kept in quarantine (status QUARANTINED, quarantine_reason content_type_mismatch)"""
        upload = files["file"]
        tags = [t for t in form.pop("tags", "").split(",") if t.strip()]
        return uploads.upload(actor=actor(), data=upload.read(), filename=upload.filename,
                              content_type=upload.mimetype, tags=tags, **form)


@blp.route("/upload/signed-url")
class MediaSignedUrl(MethodView):
    @blp.login_required
    @blp.arguments(SignedUrlRequestSchema)
    @blp.response(201, SignedUrlSchema)
    @inject
    def post(self, body, uploads: MediaUploadService = UPLOADS):
        """A URL to send the file to directly (S3 or the app's signed route), then complete"""
        return uploads.signed_url(actor=actor(), **body)


@blp.route("/upload/complete")
class MediaUploadComplete(MethodView):
    @blp.login_required
    @blp.arguments(CompleteSchema)
    @blp.response(200, MediaFileSchema)
    @inject
    def post(self, body, uploads: MediaUploadService = UPLOADS):
        """Complete a presigned upload: the content is checked and the file becomes ready"""
        return uploads.complete(actor=actor(), upload_id=body["upload_id"])


@blp.route("/upload/from-url")
class MediaFromUrl(MethodView):
    @blp.login_required
    @blp.arguments(FromUrlSchema)
    @blp.response(201, MediaFileSchema)
    @inject
    def post(self, body, uploads: MediaUploadService = UPLOADS):
        """Fetch a public URL into the library (no private addresses, no redirects)"""
        return uploads.from_url(actor=actor(), **body)
