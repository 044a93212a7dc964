"""What a file is, read from its first bytes (its signature), never from its name."""

import os

from ownverso.domain.media.values import (
    ALLOWED_TYPES,
    UNSPECIFIC,
    extensions_of,
    normalize_type,
)

EPUB_MIMETYPE = b"application/epub+zip"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
MP4_AUDIO_BRANDS = (b"M4A ", b"M4B ")


def sniff(data: bytes) -> str | None:
    """The content type the bytes carry, among the allowed ones; None when unrecognised."""
    head = data[:64]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[:4] in ZIP_SIGNATURES:
        return "application/epub+zip" if _is_epub(data) else "application/zip"
    if head[4:8] == b"ftyp":
        return "audio/mp4" if head[8:12] in MP4_AUDIO_BRANDS else "video/mp4"
    if head.startswith(b"ID3") or _is_mpeg_audio_frame(head):
        return "audio/mpeg"
    return None


def _is_epub(data: bytes) -> bool:
    """An EPUB is a zip whose first entry is an uncompressed ``mimetype`` file saying so."""
    if data[:4] != b"PK\x03\x04" or len(data) < 30:
        return False
    name_length = int.from_bytes(data[26:28], "little")
    extra_length = int.from_bytes(data[28:30], "little")
    start = 30 + name_length + extra_length
    return (data[30:30 + name_length] == b"mimetype"
            and data[start:start + len(EPUB_MIMETYPE)] == EPUB_MIMETYPE)


def _is_mpeg_audio_frame(head: bytes) -> bool:
    """An MPEG audio layer III frame header: 11 sync bits, a valid version, layer III."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer, bitrate = (head[1] >> 3) & 3, (head[1] >> 1) & 3, head[2] >> 4
    return version != 1 and layer == 1 and bitrate not in (0, 15)


def extension(filename: str) -> str:
    return os.path.splitext(filename)[1].lower()


def declaration_matches(detected: str, *, declared_type: str | None, filename: str) -> bool:
    """Whether what the uploader said (content type, file extension) agrees with the content.

    Saying nothing agrees with anything: an unspecific type (octet-stream) and a name without
    an extension are not claims. Anything said must name the detected type."""
    said = normalize_type(declared_type)
    if said not in UNSPECIFIC and said != detected:
        return False
    ext = extension(filename)
    return not ext or ext in extensions_of(detected)


def allowed(content_type: str | None) -> bool:
    return content_type in ALLOWED_TYPES
