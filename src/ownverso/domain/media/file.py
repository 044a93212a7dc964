"""A file in the media library, its metadata, variants and life cycle."""

from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.media.names import clean_filename, normalize_tags
from ownverso.domain.media.sniff import extension
from ownverso.domain.media.values import MediaKind, MediaStatus, extensions_of

MAX_ALT_TEXT = 500
MAX_CAPTION = 5000
MAX_METADATA_KEYS = 50
QUARANTINE_PREFIX = "quarantine/"


@dataclass(eq=False, kw_only=True)
class MediaFile(Entity):
    """Owned by ``owner_id`` (for a site's file, the site's author, whose plan it counts
    against); ``uploaded_by_id`` is who sent it (the owner or a collaborator)."""

    owner_id: str
    uploaded_by_id: str
    filename: str
    original_filename: str
    content_type: str
    kind: MediaKind
    size_bytes: int
    storage_key: str
    created_at: datetime
    updated_at: datetime
    site_id: str | None = None
    folder_id: str | None = None
    url: str | None = None
    status: MediaStatus = MediaStatus.READY
    declared_type: str | None = None
    quarantine_reason: str | None = None
    checksum: str | None = None  # sha256 of the content, hex
    width: int | None = None
    height: int | None = None
    alt_text: str | None = None
    caption: str | None = None
    tags: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    variants: list = field(default_factory=list)  # dicts: name, key, url, size_bytes, ...
    source_url: str | None = None
    is_processed: bool = False
    processed_at: datetime | None = None
    processing_error: str | None = None
    is_optimized: bool = False
    thumbnail_url: str | None = None
    placeholder_url: str | None = None
    deleted_at: datetime | None = None

    # -- life cycle -------------------------------------------------------------------------
    @property
    def is_live(self) -> bool:
        return self.status in (MediaStatus.READY, MediaStatus.QUARANTINED)

    @property
    def bytes_held(self) -> int:
        """What the file costs its owner in storage: the original and every variant."""
        if self.status in (MediaStatus.UPLOADING, MediaStatus.DELETED):
            return 0
        return self.size_bytes + sum(int(v.get("size_bytes", 0)) for v in self.variants)

    def receive(self, *, size_bytes: int, checksum: str, content_type: str, kind: MediaKind,
                matches: bool, now: datetime) -> None:
        """The content of a presigned upload arrived and was inspected."""
        if self.status != MediaStatus.UPLOADING:
            raise InvalidTransition("This upload was already completed.",
                                    code="upload_already_completed")
        self.size_bytes, self.checksum = size_bytes, checksum
        self.content_type, self.kind = content_type, kind
        self.status = MediaStatus.READY if matches else MediaStatus.QUARANTINED
        self.quarantine_reason = None if matches else "content_type_mismatch"
        self.updated_at = now

    def delete(self, *, now: datetime) -> None:
        self.status, self.deleted_at, self.updated_at = MediaStatus.DELETED, now, now
        self.folder_id = None

    def ensure_servable(self) -> None:
        if self.status == MediaStatus.QUARANTINED:
            raise RuleViolation("This file is quarantined: its content does not match its "
                                "declared type, so it is not served.", code="media_quarantined")
        if self.status != MediaStatus.READY:
            raise RuleViolation("This file has not finished uploading.", code="media_not_ready")

    def ensure_image(self) -> None:
        self.ensure_servable()
        if self.kind != MediaKind.IMAGE:
            raise RuleViolation("Only images have variants.", code="not_an_image")

    # -- metadata ---------------------------------------------------------------------------
    def update(self, changes: dict, *, now: datetime) -> None:
        if "filename" in changes:
            self.rename(changes["filename"])
        if "alt_text" in changes:
            self.alt_text = _bounded(changes["alt_text"], MAX_ALT_TEXT, "alt_text")
        if "caption" in changes:
            self.caption = _bounded(changes["caption"], MAX_CAPTION, "caption")
        if "tags" in changes:
            self.tags = normalize_tags(changes["tags"] or [])
        if "meta" in changes:
            self.meta = _checked_meta(changes["meta"] or {})
        self.updated_at = now

    def rename(self, filename: str) -> None:
        """A new name keeps an extension of the content's type (a rename cannot disguise it)."""
        name = clean_filename(filename)
        ext = extension(name)
        allowed = extensions_of(self.content_type)
        if not ext:
            name += allowed[0]
        elif ext not in allowed:
            raise RuleViolation(f"A {self.content_type} file ends in "
                                f"{' or '.join(allowed)}.", code="extension_mismatch",
                                fields={"filename": ["Wrong extension for the content."]})
        self.filename = name

    def add_tags(self, tags: list[str], *, now: datetime) -> None:
        self.tags = normalize_tags([*self.tags, *tags])
        self.updated_at = now

    def remove_tags(self, tags: list[str], *, now: datetime) -> None:
        gone = set(normalize_tags(tags))
        self.tags = [t for t in self.tags if t not in gone]
        self.updated_at = now

    def move_to(self, folder_id: str | None, *, now: datetime) -> None:
        self.folder_id, self.updated_at = folder_id, now

    # -- variants ---------------------------------------------------------------------------
    def put_variant(self, variant: dict, *, now: datetime) -> dict | None:
        """Add a variant, replacing one of the same name; returns the replaced one."""
        old = next((v for v in self.variants if v["name"] == variant["name"]), None)
        self.variants = [*(v for v in self.variants if v["name"] != variant["name"]), variant]
        self.updated_at = now
        return old

    def variant(self, name: str) -> dict | None:
        return next((v for v in self.variants if v["name"] == name), None)


def _bounded(value: str | None, limit: int, name: str) -> str | None:
    value = (value or "").strip() or None
    if value and len(value) > limit:
        raise RuleViolation(f"{name} is at most {limit} characters.", code="too_long",
                            fields={name: [f"At most {limit} characters."]})
    return value


def _checked_meta(meta: dict) -> dict:
    if not isinstance(meta, dict) or len(meta) > MAX_METADATA_KEYS or any(
            not isinstance(k, str) or len(k) > 64 for k in meta):
        raise RuleViolation(f"Metadata is an object of at most {MAX_METADATA_KEYS} keys of at "
                            "most 64 characters.", code="invalid_metadata",
                            fields={"metadata": ["Invalid metadata."]})
    return dict(meta)
