"""Exporting a series or a chapter to EPUB 3, Markdown or plain text (CONTENT_READ).

A chapter is small: it is written at once. A series is written by a job (``run_export``) that
saves the file through the storage port and records its key on the ``ExportJob``; a small
series may be asked for at once (``sync``)."""

from collections.abc import Callable

from ownverso.domain.publishing.jobs import ExportFormat, ExportJob, JobStatus
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, NotFound, ValidationFailed
from ownverso.services.ports import Clock, FileStorage, IdGenerator, JobQueue, UnitOfWork
from ownverso.services.publishing.books import (
    ExportFile,
    export_format,
    gather,
    image_bytes,
    live_chapters,
    write,
)
from ownverso.services.publishing.chapter_support import chapter_scope, series_scope
from ownverso.services.publishing.job_support import run_job, visible_job

JOB = "ownverso.entrypoints.workers.jobs.publishing_io.run_export"
SYNC_MAX_CHAPTERS = 100
SYNC_MAX_IMAGE_BYTES = 20 * 1024 * 1024
FORMATS = (ExportFormat.EPUB, ExportFormat.MARKDOWN, ExportFormat.TXT)


class ExportService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 storage: FileStorage, jobs: JobQueue):
        self.uow, self.clock, self.ids = uow, clock, ids
        self.storage, self.jobs = storage, jobs

    # -- one chapter ------------------------------------------------------------------------
    def chapter_formats(self, *, actor: Actor, chapter_id: str) -> dict:
        with self.uow() as uow:
            scope = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_READ)
            base = f"{scope.series.slug}-{scope.chapter.slug}"
        return {"chapter_id": chapter_id, "formats": [
            {"format": kind.extension if kind != ExportFormat.MARKDOWN else "markdown",
             "content_type": kind.media_type, "filename": f"{base}.{kind.extension}"}
            for kind in FORMATS]}

    def export_chapter(self, *, actor: Actor, chapter_id: str, format: str) -> ExportFile:
        kind = export_format(format, location="path")
        with self.uow() as uow:
            scope = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_READ)
            series, chapter = scope.series, scope.chapter
            book = gather(uow, self.storage, series, [chapter], identifier=chapter.id,
                          title=f"{series.title}: {chapter.title}" if chapter.title
                          else series.title, budget=SYNC_MAX_IMAGE_BYTES * 5)
        return write(book, kind, f"{series.slug}-{chapter.slug}")

    # -- a whole series ---------------------------------------------------------------------
    def export_series_now(self, *, actor: Actor, series_id: str, format: str,
                          published_only: bool = False) -> ExportFile:
        """The file at once, for a series small enough (else 422 ``too_large_for_sync``)."""
        kind = export_format(format)
        with self.uow() as uow:
            series, _ = series_scope(uow, actor, series_id, Permission.CONTENT_READ)
            chapters = live_chapters(uow, series.id, published_only=published_only)
            if (len(chapters) > SYNC_MAX_CHAPTERS
                    or image_bytes(uow, chapters) > SYNC_MAX_IMAGE_BYTES):
                raise ValidationFailed(
                    "This series is too large to export at once; ask without sync=true and "
                    "follow the export job.", code="too_large_for_sync",
                    fields={"sync": [f"At most {SYNC_MAX_CHAPTERS} chapters."]},
                    location="query")
            book = gather(uow, self.storage, series, chapters, identifier=series.id,
                          title=series.title)
        return write(book, kind, series.slug)

    def request_series_export(self, *, actor: Actor, series_id: str, format: str,
                              published_only: bool = False) -> ExportJob:
        kind = export_format(format)
        with self.uow() as uow:
            series, _ = series_scope(uow, actor, series_id, Permission.CONTENT_READ)
            job = ExportJob(id=self.ids.new_id("exp"), site_id=series.site_id,
                            series_id=series.id, requested_by=actor.user_id, format=kind,
                            published_only=published_only, created_at=self.clock.now())
            uow.export_jobs.add(job)
            uow.after_commit(lambda: self.jobs.enqueue(JOB, job_id=job.id))
            uow.commit()
        with self.uow() as uow:
            return uow.export_jobs.get(job.id)

    def get_job(self, *, actor: Actor, job_id: str) -> ExportJob:
        with self.uow() as uow:
            return visible_job(uow, uow.export_jobs, actor, job_id, Permission.CONTENT_READ)

    def download(self, *, actor: Actor, job_id: str) -> ExportFile:
        """The file of a completed export job (409 ``export_not_ready`` before)."""
        job = self.get_job(actor=actor, job_id=job_id)
        if job.status != JobStatus.COMPLETED:
            raise Conflict("This export has not finished.", code="export_not_ready",
                           fields={"status": [job.status.value]})
        try:
            data = self.storage.read(job.result["storage_key"])
        except FileNotFoundError:
            raise NotFound("The exported file is gone.", code="export_file_missing") from None
        return ExportFile(filename=job.result["filename"], content_type=job.format.media_type,
                          data=data)

    # -- the job ------------------------------------------------------------------------------
    def run(self, *, job_id: str) -> str:
        return run_job(self.uow, self.clock, "export_jobs", job_id, self._write)

    def _write(self, uow: UnitOfWork, job: ExportJob) -> dict:
        series = uow.series.get(job.series_id)
        if series is None or series.is_deleted:
            raise ValidationFailed("The series was deleted.", code="series_not_found")
        chapters = live_chapters(uow, series.id, published_only=job.published_only)
        book = gather(uow, self.storage, series, chapters, identifier=series.id,
                      title=series.title)
        exported = write(book, job.format, series.slug)
        key = f"exports/{series.site_id}/{job.id}/{exported.filename}"
        stored = self.storage.save(key, exported.data, content_type=exported.content_type)
        return {"storage_key": key, "url": stored.url, "filename": exported.filename,
                "size_bytes": len(exported.data), "content_type": exported.content_type,
                "chapters": len(chapters)}
