"""Import and export jobs: heavy conversions that run in the background, with a status the
author can poll. PENDING → RUNNING → COMPLETED | FAILED; a finished job never runs again."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition

MAX_ERROR = 1000


class JobStatus(StrEnum):
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"

    @property
    def is_finished(self) -> bool:
        return self in (JobStatus.COMPLETED, JobStatus.FAILED)


class ImportFormat(StrEnum):
    MARKDOWN = "MARKDOWN"
    DOCX = "DOCX"
    HTML = "HTML"  # Google Docs' exported HTML, or any HTML document


class ExportFormat(StrEnum):
    EPUB = "EPUB"
    MARKDOWN = "MARKDOWN"
    TXT = "TXT"

    @property
    def extension(self) -> str:
        return {"EPUB": "epub", "MARKDOWN": "md", "TXT": "txt"}[self.value]

    @property
    def media_type(self) -> str:
        return {"EPUB": "application/epub+zip", "MARKDOWN": "text/markdown; charset=utf-8",
                "TXT": "text/plain; charset=utf-8"}[self.value]


@dataclass(eq=False, kw_only=True)
class _Job(Entity):
    site_id: str
    series_id: str
    requested_by: str
    created_at: datetime
    status: JobStatus = JobStatus.PENDING
    progress: int = 0  # percent
    result: dict = field(default_factory=dict)
    error_code: str | None = None
    error: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def is_finished(self) -> bool:
        return self.status.is_finished

    def start(self, *, now: datetime) -> None:
        """PENDING → RUNNING; a job picked up twice (a retried queue message) is refused."""
        if self.status != JobStatus.PENDING:
            raise InvalidTransition(f"This job is already {self.status.lower()}.",
                                    code="job_already_started")
        self.status, self.started_at, self.progress = JobStatus.RUNNING, now, 0

    def advance(self, progress: int) -> None:
        self.progress = max(self.progress, min(int(progress), 99))

    def complete(self, result: dict, *, now: datetime) -> None:
        if self.status != JobStatus.RUNNING:
            raise InvalidTransition("Only a running job can complete.", code="job_not_running")
        self.status, self.result, self.progress = JobStatus.COMPLETED, dict(result), 100
        self.finished_at = now

    def fail(self, code: str, message: str, *, now: datetime) -> None:
        """Failed, with a stable code and a message for the author (from any unfinished state:
        a job that could not even start fails too)."""
        if self.is_finished:
            raise InvalidTransition(f"This job is already {self.status.lower()}.",
                                    code="job_finished")
        self.status, self.error_code = JobStatus.FAILED, code
        self.error, self.finished_at = message[:MAX_ERROR], now


@dataclass(eq=False, kw_only=True)
class ImportJob(_Job):
    """Chapters to create in a series from an uploaded document (kept in storage until the
    job has run). ``result``: ``{"chapter_ids": [...], "title": document title}``."""

    format: ImportFormat
    split_on: str = "auto"
    source_key: str | None = None
    source_name: str | None = None
    source_size: int = 0


@dataclass(eq=False, kw_only=True)
class ExportJob(_Job):
    """A series (or one chapter) written to a file. ``result``: ``{"storage_key", "url",
    "filename", "size_bytes", "content_type", "chapters"}``."""

    format: ExportFormat
    chapter_id: str | None = None
    published_only: bool = False
