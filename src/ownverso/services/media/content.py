"""What an uploaded file really is: its signature, and for images a decode by Pillow."""

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from ownverso.domain.media.sniff import declaration_matches, sniff
from ownverso.domain.media.values import MediaKind, kind_of, normalize_type
from ownverso.services import images  # noqa: F401  (sets Pillow's decompression-bomb limit)
from ownverso.services.errors import ValidationFailed

PILLOW_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp",
                "GIF": "image/gif"}


@dataclass(frozen=True)
class Inspection:
    content_type: str  # detected from the content
    kind: MediaKind
    declared_type: str | None
    matches: bool  # the declared type and the extension agree with the content
    size: int
    checksum: str
    width: int | None = None
    height: int | None = None


def inspect(data: bytes, *, filename: str, declared_type: str | None,
            field: str = "file") -> Inspection:
    detected = sniff(data)
    if detected is None:
        raise ValidationFailed(
            "This kind of file is not accepted: upload a PNG, JPEG, WebP or GIF image, a PDF, "
            "an EPUB, a ZIP, or MP3, M4A or MP4 audio and video.",
            code="file_type_not_allowed", fields={field: ["File type not allowed."]},
            location="files" if field == "file" else "json")
    width = height = None
    if kind_of(detected) == MediaKind.IMAGE:
        width, height = _image_size(data, detected, field)
    return Inspection(
        content_type=detected, kind=kind_of(detected),
        declared_type=normalize_type(declared_type) or None,
        matches=declaration_matches(detected, declared_type=declared_type, filename=filename),
        size=len(data), checksum=hashlib.sha256(data).hexdigest(), width=width, height=height)


def _image_size(data: bytes, detected: str, field: str) -> tuple[int, int]:
    """An image whose signature says PNG must decode as one; it is checked, not trusted."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if PILLOW_TYPES.get(image.format) != detected:
                raise UnidentifiedImageError(image.format)
            size = image.size
            image.verify()
            return size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError):
        raise ValidationFailed("The file is not an image we can read.", code="invalid_image",
                               fields={field: ["Not a readable image."]},
                               location="files" if field == "file" else "json") from None
