"""The pages of a comic chapter: images in reading order, processed in the background
(dimensions, a thumbnail, a tiny placeholder) and described by alt text."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import RuleViolation

MAX_ALT_TEXT = 500
MAX_IMAGES_PER_CHAPTER = 300
MAX_ERROR = 500


class ImageStatus(StrEnum):
    PENDING = "PENDING"
    PROCESSED = "PROCESSED"
    FAILED = "FAILED"


def check_alt_text(alt_text: str | None) -> str | None:
    text = " ".join((alt_text or "").split()) or None
    if text and len(text) > MAX_ALT_TEXT:
        raise RuleViolation(f"Alt text is at most {MAX_ALT_TEXT} characters.",
                            code="alt_text_too_long", fields={"alt_text": ["Too long."]})
    return text


@dataclass(eq=False, kw_only=True)
class ChapterImage(Entity):
    chapter_id: str
    site_id: str
    owner_id: str  # whose storage it counts against: the site's author
    uploaded_by: str
    position: int
    storage_key: str
    url: str
    content_type: str
    size_bytes: int
    created_at: datetime
    updated_at: datetime
    width: int | None = None
    height: int | None = None
    thumbnail_key: str | None = None
    thumbnail_url: str | None = None
    thumbnail_bytes: int = 0
    placeholder: str | None = None  # a tiny data: URI shown while the page loads
    average_color: str | None = None  # "#rrggbb"
    alt_text: str | None = None
    status: ImageStatus = ImageStatus.PENDING
    processed_at: datetime | None = None
    processing_error: str | None = None

    @property
    def stored_bytes(self) -> int:
        """What the image costs its owner's storage: the original and its thumbnail."""
        return self.size_bytes + self.thumbnail_bytes

    def describe(self, alt_text: str | None, *, now: datetime) -> None:
        self.alt_text, self.updated_at = check_alt_text(alt_text), now

    def processed(self, *, width: int, height: int, thumbnail_key: str, thumbnail_url: str,
                  thumbnail_bytes: int, placeholder: str, average_color: str,
                  now: datetime) -> None:
        self.width, self.height = width, height
        self.thumbnail_key, self.thumbnail_url = thumbnail_key, thumbnail_url
        self.thumbnail_bytes = thumbnail_bytes
        self.placeholder, self.average_color = placeholder, average_color
        self.status, self.processed_at, self.processing_error = ImageStatus.PROCESSED, now, None
        self.updated_at = now

    def processing_failed(self, error: str, *, now: datetime) -> None:
        self.status, self.processing_error = ImageStatus.FAILED, error[:MAX_ERROR]
        self.updated_at = now

    def reprocess(self, *, now: datetime) -> None:
        self.status, self.processing_error, self.updated_at = ImageStatus.PENDING, None, now


def check_room(existing: int, adding: int) -> None:
    if existing + adding > MAX_IMAGES_PER_CHAPTER:
        raise RuleViolation(f"A chapter holds at most {MAX_IMAGES_PER_CHAPTER} images.",
                            code="too_many_images",
                            fields={"files": [f"{MAX_IMAGES_PER_CHAPTER - existing} more "
                                              "at most."]})


def reorder(images: Sequence[ChapterImage], image_ids: Sequence[str], *,
            now: datetime) -> None:
    """Put the chapter's images in the order given, which must name each of them once."""
    by_id = {image.id: image for image in images}
    if len(image_ids) != len(set(image_ids)) or set(image_ids) != set(by_id):
        missing = sorted(set(by_id) - set(image_ids))
        unknown = sorted(set(image_ids) - set(by_id))
        problems = []
        if missing:
            problems.append(f"Missing: {', '.join(missing)}.")
        if unknown:
            problems.append(f"Not images of this chapter: {', '.join(unknown)}.")
        if len(image_ids) != len(set(image_ids)):
            problems.append("An image is named twice.")
        raise RuleViolation("Name every image of the chapter exactly once.",
                            code="invalid_image_order", fields={"image_ids": problems})
    for position, image_id in enumerate(image_ids, start=1):
        image = by_id[image_id]
        if image.position != position:
            image.position, image.updated_at = position, now
