"""GET /import-jobs/{id}, /export-jobs/{id} and /export-jobs/{id}/download."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.chapter_io.blueprints import export_jobs, file_response, import_jobs
from ownverso.entrypoints.api.chapter_io.schemas import ExportJobSchema, ImportJobSchema
from ownverso.entrypoints.api.common.smorest import actor
from ownverso.services.publishing.exporting import ExportService
from ownverso.services.publishing.importing import ImportService


@import_jobs.route("/<job_id>")
class ImportJobStatus(MethodView):
    @import_jobs.login_required
    @import_jobs.response(200, ImportJobSchema)
    @inject
    def get(self, job_id: str, imports: ImportService = Provide["chapter_imports"]):
        """An import's status, progress and, once done, the chapters it created"""
        return imports.get_job(actor=actor(), job_id=job_id)


@export_jobs.route("/<job_id>")
class ExportJobStatus(MethodView):
    @export_jobs.login_required
    @export_jobs.response(200, ExportJobSchema)
    @inject
    def get(self, job_id: str, exports: ExportService = Provide["chapter_exports"]):
        """An export's status and, once done, where to download the file"""
        return exports.get_job(actor=actor(), job_id=job_id)


@export_jobs.route("/<job_id>/download")
class ExportJobDownload(MethodView):
    @export_jobs.login_required
    @export_jobs.response(200, description="The exported file (Content-Disposition: "
                          "attachment)", content_type="application/octet-stream")
    @inject
    def get(self, job_id: str, exports: ExportService = Provide["chapter_exports"]):
        """Download the file of a finished export (409 before it has finished)"""
        return file_response(exports.download(actor=actor(), job_id=job_id))
