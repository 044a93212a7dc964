"""POST /series/{id}/chapters/import[/markdown|/word|/google-docs] and GET …/export."""

from dependency_injector.wiring import Provide, inject
from flask import request
from flask.views import MethodView

from ownverso.entrypoints.api.chapter_io.blueprints import file_response
from ownverso.entrypoints.api.chapter_io.blueprints import series_io as blp
from ownverso.entrypoints.api.chapter_io.schemas import (
    ExportArgsSchema,
    ExportJobSchema,
    GoogleDocsImportSchema,
    ImportFileSchema,
    ImportJobSchema,
    MarkdownImportSchema,
    SplitArgsSchema,
)
from ownverso.entrypoints.api.common.errors import FORM_TYPES
from ownverso.entrypoints.api.common.smorest import actor
from ownverso.services.errors import ValidationFailed
from ownverso.services.publishing.exporting import ExportService
from ownverso.services.publishing.importing import ImportService

FILE = "application/octet-stream"


@blp.route("/<series_id>/chapters/import")
class ImportAny(MethodView):
    @blp.login_required
    @blp.arguments(ImportFileSchema, location="files")
    @blp.arguments(SplitArgsSchema, location="query")
    @blp.response(202, ImportJobSchema)
    @inject
    def post(self, files, args, series_id: str,
             imports: ImportService = Provide["chapter_imports"]):
        """Import chapters from a file: .docx, HTML or Markdown/plain text, told by content"""
        upload = files["file"]
        return imports.import_file(actor=actor(), series_id=series_id, data=upload.read(),
                                   filename=upload.filename, split_on=args["split_on"])


@blp.route("/<series_id>/chapters/import/markdown")
class ImportMarkdown(MethodView):
    @blp.login_required
    @blp.arguments(MarkdownImportSchema)
    @blp.response(202, ImportJobSchema)
    @inject
    def post(self, body, series_id: str, imports: ImportService = Provide["chapter_imports"]):
        """Import chapters from Markdown, split at headings"""
        return imports.import_markdown(actor=actor(), series_id=series_id, **body)


@blp.route("/<series_id>/chapters/import/word")
class ImportWord(MethodView):
    @blp.login_required
    @blp.arguments(ImportFileSchema, location="files")
    @blp.arguments(SplitArgsSchema, location="query")
    @blp.response(202, ImportJobSchema)
    @inject
    def post(self, files, args, series_id: str,
             imports: ImportService = Provide["chapter_imports"]):
        """Import chapters from a Word (.docx) document: headings begin chapters"""
        upload = files["file"]
        return imports.import_word(actor=actor(), series_id=series_id, data=upload.read(),
                                   filename=upload.filename, split_on=args["split_on"])


@blp.route("/<series_id>/chapters/import/google-docs")
class ImportGoogleDocs(MethodView):
    @blp.login_required
    @blp.arguments(GoogleDocsImportSchema, location="json", required=False)
    @blp.response(202, ImportJobSchema)
    @inject
    def post(self, body, series_id: str, imports: ImportService = Provide["chapter_imports"]):
        """Import chapters from a Google Docs HTML export: JSON `{html, split_on}`, or a
        multipart `file` (with `split_on` in the query)"""
        if request.mimetype in FORM_TYPES:
            upload = request.files.get("file")
            if upload is None:
                raise ValidationFailed("Send the exported HTML as `file`.", code="file_missing",
                                       fields={"file": ["Missing."]}, location="files")
            return imports.import_google_docs(
                actor=actor(), series_id=series_id, html=upload.read(), field="file",
                filename=upload.filename, split_on=request.args.get("split_on"))
        if not body.get("html"):
            raise ValidationFailed("Send the exported HTML as `html`.", code="html_missing",
                                   fields={"html": ["Missing data for required field."]})
        return imports.import_google_docs(actor=actor(), series_id=series_id, **body)


@blp.route("/<series_id>/chapters/export")
class ExportSeries(MethodView):
    @blp.login_required
    @blp.arguments(ExportArgsSchema, location="query")
    @blp.response(202, ExportJobSchema)
    @blp.alt_response(200, description="The file, with sync=true", content_type=FILE)
    @inject
    def get(self, args, series_id: str, exports: ExportService = Provide["chapter_exports"]):
        """Export the series (epub, markdown or txt): a job to follow, or the file at once
        with sync=true for a small series"""
        if args.pop("sync"):
            return file_response(exports.export_series_now(
                actor=actor(), series_id=series_id, **args))
        return exports.request_series_export(actor=actor(), series_id=series_id, **args)
