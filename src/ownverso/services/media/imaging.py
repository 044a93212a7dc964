"""Image variants with Pillow: every output is re-encoded WebP (no EXIF, nothing hidden)."""

import io
from dataclasses import dataclass

from PIL import Image, ImageFilter, ImageOps

from ownverso.services import images  # noqa: F401  (sets Pillow's decompression-bomb limit)

FITS = ("contain", "cover", "fill")
THUMBNAIL = 320
PLACEHOLDER = 16


@dataclass(frozen=True)
class Rendered:
    data: bytes
    width: int
    height: int
    content_type: str = "image/webp"


def _frame(data: bytes) -> Image.Image:
    """The first frame, upright (EXIF orientation applied), in RGB or RGBA."""
    with Image.open(io.BytesIO(data)) as image:
        image.seek(0)
        frame = ImageOps.exif_transpose(image)
        alpha = frame.mode in ("RGBA", "LA", "P", "PA")
        return frame.convert("RGBA" if alpha else "RGB")


def _webp(frame: Image.Image, quality: int = 85) -> Rendered:
    out = io.BytesIO()
    frame.save(out, format="WEBP", quality=quality, method=4)
    return Rendered(data=out.getvalue(), width=frame.width, height=frame.height)


def dimensions(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return ImageOps.exif_transpose(image).size


def resize(data: bytes, *, width: int | None, height: int | None, fit: str) -> Rendered:
    """``contain``: within the box, aspect kept, never enlarged; ``cover``: fills the box and
    crops the overflow around the centre; ``fill``: stretched to the box."""
    frame = _frame(data)
    if fit == "contain":
        box = (width or frame.width * 100, height or frame.height * 100)
        frame.thumbnail(box, Image.Resampling.LANCZOS)
    elif fit == "cover":
        frame = ImageOps.fit(frame, (width, height), Image.Resampling.LANCZOS)
    else:
        frame = frame.resize((width, height), Image.Resampling.LANCZOS)
    return _webp(frame)


def optimize(data: bytes, *, quality: int) -> Rendered:
    return _webp(_frame(data), quality=quality)


def thumbnail(data: bytes) -> Rendered:
    frame = _frame(data)
    frame.thumbnail((THUMBNAIL, THUMBNAIL), Image.Resampling.LANCZOS)
    return _webp(frame, quality=80)


def placeholder(data: bytes) -> Rendered:
    """A tiny blurred preview shown while the image loads."""
    frame = _frame(data)
    frame.thumbnail((PLACEHOLDER, PLACEHOLDER), Image.Resampling.BILINEAR)
    return _webp(frame.filter(ImageFilter.GaussianBlur(1)), quality=40)
