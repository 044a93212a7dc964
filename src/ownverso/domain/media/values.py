"""Enumerations and the catalogue of file types the media library accepts."""

from enum import StrEnum


class MediaStatus(StrEnum):
    UPLOADING = "UPLOADING"      # a presigned upload was handed out, nothing completed yet
    READY = "READY"
    QUARANTINED = "QUARANTINED"  # kept aside, never served: its content is not what it says
    DELETED = "DELETED"


class MediaKind(StrEnum):
    IMAGE = "IMAGE"
    DOCUMENT = "DOCUMENT"
    AUDIO = "AUDIO"
    VIDEO = "VIDEO"
    ARCHIVE = "ARCHIVE"


# content type -> (kind, the file extensions that may carry it; the first is the canonical one)
ALLOWED_TYPES: dict[str, tuple[MediaKind, tuple[str, ...]]] = {
    "image/png": (MediaKind.IMAGE, (".png",)),
    "image/jpeg": (MediaKind.IMAGE, (".jpg", ".jpeg", ".jpe")),
    "image/webp": (MediaKind.IMAGE, (".webp",)),
    "image/gif": (MediaKind.IMAGE, (".gif",)),
    "application/pdf": (MediaKind.DOCUMENT, (".pdf",)),
    "application/epub+zip": (MediaKind.DOCUMENT, (".epub",)),
    "application/zip": (MediaKind.ARCHIVE, (".zip",)),
    "audio/mpeg": (MediaKind.AUDIO, (".mp3",)),
    "audio/mp4": (MediaKind.AUDIO, (".m4a", ".m4b")),
    "video/mp4": (MediaKind.VIDEO, (".mp4", ".m4v")),
}

# what browsers and tools send for the same types
ALIASES = {
    "image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "audio/mp3": "audio/mpeg",
    "audio/x-mpeg": "audio/mpeg", "audio/x-m4a": "audio/mp4", "application/x-zip-compressed":
    "application/zip", "application/x-zip": "application/zip", "application/x-pdf":
    "application/pdf",
}

# a declared type that says nothing: only the extension is then compared with the content
UNSPECIFIC = frozenset({"", "application/octet-stream", "binary/octet-stream"})


def kind_of(content_type: str) -> MediaKind:
    return ALLOWED_TYPES[content_type][0]


def extensions_of(content_type: str) -> tuple[str, ...]:
    return ALLOWED_TYPES[content_type][1]


def normalize_type(declared: str | None) -> str:
    """``"Image/JPG; charset=x"`` -> ``"image/jpeg"``; empty when nothing useful was said."""
    base = (declared or "").split(";", 1)[0].strip().lower()
    return ALIASES.get(base, base)
