"""Bodies of chapter import/export and of their jobs."""

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, Bool, Dt = ma.fields.String, ma.fields.Integer, ma.fields.Boolean, ma.fields.DateTime
SPLIT = {"metadata": {"description": "Where chapters begin: auto (the shallowest heading level "
                                     "used more than once), h1, h2, h3 or none"}}
FORMAT = validate.OneOf(["epub", "markdown", "md", "txt", "text"])


class ImportFileSchema(Schema):
    file = Upload(required=True, metadata={"description": ".docx, HTML, Markdown or text"})


class SplitArgsSchema(Schema):
    """For multipart uploads: the options go in the query."""

    split_on = Str(load_default=None, **SPLIT)


class MarkdownImportSchema(Schema):
    markdown = Str(required=True, validate=validate.Length(min=1))
    split_on = Str(load_default=None, **SPLIT)


class GoogleDocsImportSchema(Schema):
    html = Str(validate=validate.Length(min=1),
               metadata={"description": "The document as Google Docs exports it (File → "
                                        "Download → Web page); or send it as multipart `file`"})
    split_on = Str(load_default=None, **SPLIT)


class ExportArgsSchema(Schema):
    format = Str(load_default="epub", validate=FORMAT)
    sync = Bool(load_default=False, metadata={"description": "Answer with the file at once "
                                                             "(small series only)"})
    published_only = Bool(load_default=False)


class _JobSchema(Schema):
    id, site_id, series_id, requested_by = Str(), Str(), Str(), Str()
    status, progress = Str(attribute="status.value"), Int()
    format = Str(attribute="format.value")
    result = ma.fields.Dict()
    error_code, error = Str(allow_none=True), Str(allow_none=True)
    created_at = Dt()
    started_at, finished_at = Dt(allow_none=True), Dt(allow_none=True)


class ImportJobSchema(_JobSchema):
    split_on, source_name, source_size = Str(), Str(allow_none=True), Int()
    chapter_ids = ma.fields.Function(lambda job: job.result.get("chapter_ids", []))
    status_url = ma.fields.Function(lambda job: f"/api/v1/import-jobs/{job.id}")


class ExportJobSchema(_JobSchema):
    chapter_id, published_only = Str(allow_none=True), Bool()
    status_url = ma.fields.Function(lambda job: f"/api/v1/export-jobs/{job.id}")
    download_url = ma.fields.Function(
        lambda job: f"/api/v1/export-jobs/{job.id}/download"
        if job.status.value == "COMPLETED" else None)


class ExportFormatSchema(Schema):
    format, content_type, filename = Str(), Str(), Str()


class ChapterExportsSchema(Schema):
    chapter_id = Str()
    formats = ma.fields.List(ma.fields.Nested(ExportFormatSchema))
