"""Importing chapters from Markdown, Word (.docx) and Google Docs' HTML.

A request checks the caller (CONTENT_WRITE on the series' site) and the document's kind, keeps
the document in storage, records an ``ImportJob`` and enqueues ``run_import``. The job converts
the document, cuts it into chapters at headings and creates every chapter as a draft in one
unit of work: all of them or none (a tier limit, a broken rule or an unreadable file fails the
job with its code and creates nothing)."""

from collections.abc import Callable

from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.chapter_access import AccessSettings
from ownverso.domain.publishing.chapter_text import number_label
from ownverso.domain.publishing.jobs import ImportFormat, ImportJob
from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.values import ChapterAccessLevel
from ownverso.domain.sites.permissions import Permission
from ownverso.domain.text import slugify
from ownverso.services.context import Actor
from ownverso.services.errors import PayloadTooLarge, ValidationFailed
from ownverso.services.ports import Clock, FileStorage, IdGenerator, JobQueue, UnitOfWork
from ownverso.services.publishing.chapter_support import (
    check_free,
    free_slug,
    next_number,
    next_sort_order,
    refresh_series,
    render,
    series_scope,
)
from ownverso.services.publishing.chapters import NEEDS_MORE, check_access, check_room
from ownverso.services.publishing.converters import ImportedDocument, UnreadableDocument
from ownverso.services.publishing.converters.detect import DOCX, HTML, detect_format
from ownverso.services.publishing.converters.docx import import_docx, is_docx
from ownverso.services.publishing.converters.gdocs_html import decode_text, import_html
from ownverso.services.publishing.converters.markdown_split import normalize_split, split_markdown
from ownverso.services.publishing.job_support import run_job, visible_job

MAX_IMPORT_BYTES = 8 * 1024 * 1024
MAX_CHAPTERS = 500
MAX_TITLE = 200
JOB = "ownverso.entrypoints.workers.jobs.publishing_io.run_import"
_FORMATS = {DOCX: ImportFormat.DOCX, HTML: ImportFormat.HTML}


def _refused(error: UnreadableDocument, field: str) -> ValidationFailed:
    return ValidationFailed(error.message, code=error.code, fields={field: [error.message]},
                            location="files" if field == "file" else "json")


def convert(data: bytes, kind: ImportFormat, split_on: str) -> ImportedDocument:
    """The document's chapters (Markdown), or ``UnreadableDocument``."""
    if kind == ImportFormat.DOCX:
        return import_docx(data, split_on)
    if kind == ImportFormat.HTML:
        return import_html(data, split_on)
    return split_markdown(decode_text(data), split_on)


class ImportService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 storage: FileStorage, jobs: JobQueue):
        self.uow, self.clock, self.ids = uow, clock, ids
        self.storage, self.jobs = storage, jobs

    # -- requests -----------------------------------------------------------------------------
    def import_file(self, *, actor: Actor, series_id: str, data: bytes,
                    filename: str | None = None, split_on: str | None = None) -> ImportJob:
        """Any supported file; its kind is told by its content (not its name)."""
        self._check_size(data, "file")
        try:
            kind = _FORMATS.get(detect_format(data), ImportFormat.MARKDOWN)
        except UnreadableDocument as error:
            raise _refused(error, "file") from None
        return self._request(actor, series_id, kind, data, filename, split_on)

    def import_word(self, *, actor: Actor, series_id: str, data: bytes,
                    filename: str | None = None, split_on: str | None = None) -> ImportJob:
        self._check_size(data, "file")
        if not is_docx(data):
            raise ValidationFailed("This is not a Word (.docx) document.", code="not_a_docx",
                                   fields={"file": ["Not a .docx file."]}, location="files")
        return self._request(actor, series_id, ImportFormat.DOCX, data, filename, split_on)

    def import_markdown(self, *, actor: Actor, series_id: str, markdown: str,
                        split_on: str | None = None) -> ImportJob:
        data = markdown.encode()
        self._check_size(data, "markdown")
        return self._request(actor, series_id, ImportFormat.MARKDOWN, data, None, split_on)

    def import_google_docs(self, *, actor: Actor, series_id: str, html: str | bytes,
                           filename: str | None = None, split_on: str | None = None,
                           field: str = "html") -> ImportJob:
        data = html.encode() if isinstance(html, str) else html
        self._check_size(data, field)
        return self._request(actor, series_id, ImportFormat.HTML, data, filename, split_on)

    def get_job(self, *, actor: Actor, job_id: str) -> ImportJob:
        with self.uow() as uow:
            return visible_job(uow, uow.import_jobs, actor, job_id, Permission.CONTENT_WRITE)

    # -- the job ------------------------------------------------------------------------------
    def run(self, *, job_id: str) -> str:
        """Convert and create the chapters (all or none); returns the job's final status."""
        try:
            return run_job(self.uow, self.clock, "import_jobs", job_id, self._create_chapters)
        finally:
            with self.uow() as uow:
                job = uow.import_jobs.get(job_id)
                if job is not None and job.is_finished and job.source_key:
                    self.storage.delete(job.source_key)

    def _create_chapters(self, uow: UnitOfWork, job: ImportJob) -> dict:
        data = self.storage.read(job.source_key)
        document = convert(data, job.format, job.split_on)
        if not document.chapters:
            raise ValidationFailed("The document has no text to import.", code="empty_document")
        if len(document.chapters) > MAX_CHAPTERS:
            raise ValidationFailed(f"At most {MAX_CHAPTERS} chapters can be imported at once.",
                                   code="too_many_chapters")
        series = uow.series.get_by(id=job.series_id, for_update=True)
        if series is None or series.is_deleted:
            raise ValidationFailed("The series was deleted.", code="series_not_found")
        check_room(uow, series, adding=len(document.chapters))
        number, order = next_number(uow, series.id), next_sort_order(uow, series.id)
        ids = []
        for offset, imported in enumerate(document.chapters):
            chapter = self._chapter(uow, series, job, imported.title, imported.content,
                                    number=number + offset, sort_order=order + offset)
            ids.append(chapter.id)
        refresh_series(uow, series)
        return {"chapter_ids": ids, "chapters": len(ids), "title": document.title}

    def _chapter(self, uow: UnitOfWork, series: Series, job: ImportJob, title: str | None,
                 content: str, *, number: float, sort_order: int) -> Chapter:
        now = self.clock.now()
        title = title[:MAX_TITLE].strip() if title else None
        slug = free_slug(uow, series.id, slugify(title) or f"chapter-{number_label(number)}")
        check_free(uow, series.id, slug=slug, chapter_number=number, volume_number=None)
        text = render(content, None)
        chapter = Chapter(
            id=self.ids.new_id("chp"), series_id=series.id, site_id=series.site_id,
            author_id=series.author_id, slug=slug, chapter_number=number, title=title,
            content=content, content_html=text.html, word_count=text.words,
            sort_order=sort_order, created_at=now, updated_at=now)
        default = series.default_access_level
        level = ChapterAccessLevel.SUBSCRIBERS if default in NEEDS_MORE else default
        check_access(uow, series, AccessSettings(access_level=level), chapter=chapter, now=now)
        uow.chapters.add(chapter)
        uow.chapter_versions.add(chapter.new_version(
            id=self.ids.new_id("chv"), created_by_id=job.requested_by, now=now,
            change_note=f"Imported from {job.source_name or job.format.value.lower()}"[:500]))
        return chapter

    # -- helpers ------------------------------------------------------------------------------
    @staticmethod
    def _check_size(data: bytes, field: str) -> None:
        if len(data) > MAX_IMPORT_BYTES:
            raise PayloadTooLarge(f"Documents are at most {MAX_IMPORT_BYTES // 2**20} MiB.",
                                  code="file_too_large", fields={field: ["Too large."]},
                                  location="files" if field == "file" else "json")
        if not data.strip():
            raise ValidationFailed("The document is empty.", code="empty_document",
                                   fields={field: ["Empty."]},
                                   location="files" if field == "file" else "json")

    def _request(self, actor: Actor, series_id: str, kind: ImportFormat, data: bytes,
                 filename: str | None, split_on: str | None) -> ImportJob:
        try:
            split = normalize_split(split_on)
        except ValueError as error:
            raise ValidationFailed(str(error), code="invalid_split_on",
                                   fields={"split_on": [str(error)]}) from None
        now = self.clock.now()
        with self.uow() as uow:
            series, _ = series_scope(uow, actor, series_id, Permission.CONTENT_WRITE)
            job = ImportJob(id=self.ids.new_id("imp"), site_id=series.site_id,
                            series_id=series.id, requested_by=actor.user_id, format=kind,
                            split_on=split, source_name=(filename or "")[:255] or None,
                            source_size=len(data), created_at=now)
            job.source_key = f"imports/{series.site_id}/{job.id}/source"
            self.storage.save(job.source_key, data, content_type="application/octet-stream")
            uow.import_jobs.add(job)
            uow.after_commit(lambda: self.jobs.enqueue(JOB, job_id=job.id))
            uow.commit()
        return self._reload(job.id)

    def _reload(self, job_id: str) -> ImportJob:
        with self.uow() as uow:
            return uow.import_jobs.get(job_id)
