"""The chapter import/export blueprints, and the response that carries an exported file."""

import io

from flask import send_file

from ownverso.entrypoints.api.common.smorest import Blueprint
from ownverso.services.publishing.books import ExportFile

series_io = Blueprint("series-chapter-io", __name__, url_prefix="/series",
                      description="Import chapters into a series; export a series")
chapter_io = Blueprint("chapter-io", __name__, url_prefix="/chapters",
                       description="Export a chapter; the pages of comic chapters")
import_jobs = Blueprint("import-jobs", __name__, url_prefix="/import-jobs",
                        description="The status of chapter imports")
export_jobs = Blueprint("export-jobs", __name__, url_prefix="/export-jobs",
                        description="The status and the files of series exports")


def file_response(exported: ExportFile):
    """The file as an attachment (Content-Disposition names it)."""
    response = send_file(io.BytesIO(exported.data), mimetype=exported.content_type,
                         as_attachment=True, download_name=exported.filename, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
