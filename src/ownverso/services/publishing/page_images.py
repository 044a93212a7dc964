"""Comic pages with Pillow: checked by content on upload; processed in a job into their
dimensions, a thumbnail (the top of the page, for long webtoon strips), a tiny placeholder
(a data: URI a few hundred bytes long) and an average colour. A page that carries EXIF
metadata (camera, location) is re-encoded without it, in its orientation."""

import base64
import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from ownverso.services.errors import PayloadTooLarge, ValidationFailed
from ownverso.services.images import ALLOWED

CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp",
                 "GIF": "image/gif"}
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}
THUMBNAIL_WIDTH = 320
PLACEHOLDER_WIDTH = 16


class UnusableImage(ValueError):
    def __init__(self, message: str, *, code: str = "invalid_image"):
        super().__init__(message)
        self.message, self.code = message, code


@dataclass(frozen=True)
class Inspected:
    format: str
    width: int
    height: int

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


@dataclass(frozen=True)
class Derived:
    width: int
    height: int
    thumbnail: bytes
    placeholder: str
    average_color: str
    cleaned: bytes | None  # the page again without its metadata, when it had some


def inspect_image(data: bytes, *, max_bytes: int, field: str = "file") -> Inspected:
    """The page's real format and size (422 when it is not a PNG, JPEG, WebP or GIF we can
    read; 413 past ``max_bytes``)."""
    if len(data) > max_bytes:
        raise PayloadTooLarge(f"Images are at most {max_bytes // 2**20} MiB.",
                              code="file_too_large", fields={field: ["Too large."]},
                              location="files")
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, size = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
            ValueError):
        raise ValidationFailed("The file is not an image we can read.", code="invalid_image",
                               fields={field: ["Not a readable image."]},
                               location="files") from None
    if kind not in ALLOWED:
        raise ValidationFailed("Upload a PNG, JPEG, WebP or GIF image.",
                               code="unsupported_image", fields={field: ["Not allowed."]},
                               location="files")
    return Inspected(format=kind, width=size[0], height=size[1])


def _encode(image: Image.Image, kind: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=kind, **options)
    return out.getvalue()


def derive(data: bytes) -> Derived:
    """Dimensions, thumbnail, placeholder and colour of a page (``UnusableImage`` when it
    cannot be decoded after all)."""
    try:
        with Image.open(io.BytesIO(data)) as source:
            kind = source.format
            has_metadata = bool(source.info.get("exif") or source.info.get("xmp"))
            source.load()
            image = ImageOps.exif_transpose(source) if has_metadata else source.copy()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
            ValueError):
        raise UnusableImage("The image could not be decoded.") from None
    cleaned = None
    if has_metadata and kind in ("JPEG", "WEBP", "PNG"):
        options = {"quality": 95} if kind in ("JPEG", "WEBP") else {"optimize": True}
        icc = image.info.get("icc_profile")
        frame = image.convert("RGB") if kind == "JPEG" and image.mode not in ("RGB", "L") \
            else image
        cleaned = _encode(frame, kind, **options, **({"icc_profile": icc} if icc else {}))
    frame = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    width, height = frame.size
    thumb_width = min(THUMBNAIL_WIDTH, width)
    thumb = frame.resize((thumb_width, max(1, round(height * thumb_width / width))))
    thumb = thumb.crop((0, 0, thumb.width, min(thumb.height, thumb.width * 2)))
    small_width = min(PLACEHOLDER_WIDTH, width)
    small = frame.resize((small_width, max(1, min(round(height * small_width / width), 48))))
    red, green, blue = frame.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    placeholder = base64.b64encode(_encode(small, "PNG", optimize=True)).decode()
    return Derived(width=width, height=height, thumbnail=_encode(thumb, "WEBP", quality=80),
                   placeholder=f"data:image/png;base64,{placeholder}",
                   average_color=f"#{red:02x}{green:02x}{blue:02x}", cleaned=cleaned)
