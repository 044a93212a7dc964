"""File names, folder names and tags as the library keeps them."""

import re
import unicodedata

from ownverso.domain.errors import RuleViolation

UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")
MAX_FILENAME = 120
MAX_TAGS = 20
MAX_TAG_LENGTH = 40
TAG = re.compile(r"^[\w][\w \-]*$")
MAX_FOLDER_NAME = 100


def clean_filename(name: str | None, *, fallback: str = "file") -> str:
    """A name safe in a storage key and a Content-Disposition header: the last path part,
    accents folded, anything but letters, digits, dot, dash, underscore and space dropped."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = UNSAFE.sub("-", base).strip(" .-")
    base = re.sub(r"\s+", " ", base)
    if not base or base.startswith("."):
        base = fallback + base
    if len(base) > MAX_FILENAME:
        stem, dot, ext = base.rpartition(".")
        base = (stem[:MAX_FILENAME - len(ext) - 1] + dot + ext) if dot and len(ext) < 10 \
            else base[:MAX_FILENAME]
    return base


def normalize_tags(tags: list[str]) -> list[str]:
    """Lower-cased, trimmed, unique, in the order given; at most 20 of at most 40 characters."""
    out: list[str] = []
    for raw in tags:
        tag = re.sub(r"\s+", " ", str(raw).strip().lower())
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH or not TAG.match(tag):
            raise RuleViolation("Tags are up to 40 letters, digits, spaces, '-' and '_'.",
                                code="invalid_tag", fields={"tags": [f"Invalid tag: {raw!r}"]})
        if tag not in out:
            out.append(tag)
    if len(out) > MAX_TAGS:
        raise RuleViolation(f"A file has at most {MAX_TAGS} tags.", code="too_many_tags",
                            fields={"tags": [f"At most {MAX_TAGS}."]})
    return out


def check_folder_name(name: str) -> str:
    cleaned = re.sub(r"\s+", " ", (name or "").strip())
    if not cleaned or len(cleaned) > MAX_FOLDER_NAME or "/" in cleaned or "\\" in cleaned \
            or cleaned in (".", ".."):
        raise RuleViolation("Folder names are 1 to 100 characters, without slashes.",
                            code="invalid_folder_name", fields={"name": ["Invalid name."]})
    return cleaned
