"""The media library's read side: lists and aggregates, in SQL and in memory alike."""

import abc
from dataclasses import dataclass
from datetime import datetime

LIVE_STATUSES = ("READY", "QUARANTINED")
SORTS = {
    "created_at": ("created_at",), "-created_at": ("-created_at",),
    "filename": ("filename",), "-filename": ("-filename",),
    "size": ("size_bytes",), "-size": ("-size_bytes",),
    "updated_at": ("updated_at",), "-updated_at": ("-updated_at",),
}


@dataclass(frozen=True)
class MediaListQuery:
    """Which files a library list shows: a user's own (``owner_id``) or a site's."""

    owner_id: str | None = None
    site_id: str | None = None
    kind: str | None = None
    content_type: str | None = None
    folder_id: str | None = None
    in_root: bool = False  # only files outside any folder
    tag: str | None = None
    search: str | None = None  # part of the file name, case-insensitive
    created_after: datetime | None = None
    created_before: datetime | None = None
    statuses: tuple = LIVE_STATUSES
    sort: str = "-created_at"
    offset: int = 0
    limit: int = 20


class MediaQueries(abc.ABC):
    """One statement for a page, one for its total, whatever the page's length."""

    @abc.abstractmethod
    def list_files(self, query: MediaListQuery) -> tuple[list[dict], int]:
        """Rows as dicts with the ``MediaFile`` field names, and the total matching."""

    @abc.abstractmethod
    def breakdown(self, owner_id: str) -> dict:
        """``{"by_kind": [{kind, files, bytes}], "by_site": [{site_id, files, bytes}]}`` of
        the owner's live files (``bytes``: the originals)."""
