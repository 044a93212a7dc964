"""Text helpers every domain module shares."""

import re
import unicodedata


def slugify(text: str | None, *, max_length: int = 120) -> str:
    """Lower-case ASCII letters, digits and single dashes (``"Héllo, World!"`` →
    ``"hello-world"``); empty when nothing ASCII is left."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")
