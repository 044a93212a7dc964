"""Uploaded images are checked by their content, not their name, and re-encoded."""

import io

from PIL import Image, UnidentifiedImageError

from ownverso.services.errors import PayloadTooLarge, ValidationFailed

ALLOWED = {"PNG", "JPEG", "WEBP", "GIF"}
Image.MAX_IMAGE_PIXELS = 40_000_000  # refuse decompression bombs


def _decode(data: bytes, *, max_bytes: int, field: str) -> Image.Image:
    """The image's first frame in RGB(A), after checking its size and its real format."""
    if len(data) > max_bytes:
        raise PayloadTooLarge(f"The image is larger than {max_bytes // 1024} KiB.",
                              code="file_too_large", fields={field: ["Too large."]},
                              location="files")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ALLOWED:
                raise ValidationFailed("Upload a PNG, JPEG, WebP or GIF image.",
                                       code="unsupported_image", fields={field: ["Not allowed."]},
                                       location="files")
            image.load()
            frame = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationFailed("The file is not an image we can read.", code="invalid_image",
                               fields={field: ["Not a readable image."]},
                               location="files") from None
    return frame


def square_thumbnail(data: bytes, *, max_bytes: int, size: int, field: str = "file") -> bytes:
    """Decode, crop to a centred square, scale to ``size`` and re-encode as WebP.

    Re-encoding drops EXIF (location!) and anything hidden after the image data."""
    frame = _decode(data, max_bytes=max_bytes, field=field)
    side = min(frame.size)
    left, top = (frame.width - side) // 2, (frame.height - side) // 2
    frame = frame.crop((left, top, left + side, top + side)).resize((size, size))
    out = io.BytesIO()
    frame.save(out, format="WEBP", quality=85)
    return out.getvalue()


def fit_within(data: bytes, max_bytes: int, max_w: int, max_h: int, *, image_format: str = "WEBP",
               field: str = "file") -> bytes:
    """Decode, scale down (never up) to fit ``max_w`` x ``max_h`` keeping the aspect ratio, and
    re-encode as WebP (or PNG, for favicons), dropping EXIF and trailing data."""
    frame = _decode(data, max_bytes=max_bytes, field=field)
    frame.thumbnail((max_w, max_h))
    out = io.BytesIO()
    if image_format == "PNG":
        frame.save(out, format="PNG", optimize=True)
    else:
        frame.save(out, format="WEBP", quality=85)
    return out.getvalue()
