"""Text rules of chapters: word counts, slugs, numbers (pure Python)."""

import re
from html.parser import HTMLParser

from ownverso.domain.errors import RuleViolation

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$")
MAX_SLUG = 120
# Scripts written without spaces count one word per character.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")


def count_words(markdown: str | None) -> int:
    """Words of a Markdown text as a reader sees them: link targets and HTML tags are not
    counted, punctuation alone is not a word, each CJK character is one."""
    if not markdown:
        return 0
    text = _TAG.sub(" ", _LINK_TARGET.sub("]", markdown))
    characters = len(_CJK.findall(text))
    return characters + sum(1 for token in _CJK.sub(" ", text).split()
                            if _LETTER_OR_DIGIT.search(token))


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str | None) -> str:
    """The text a reader sees in (sanitized) HTML, blocks and inline elements apart."""
    parser = _TextOf()
    parser.feed(html or "")
    parser.close()
    return " ".join(parser.parts)


def check_slug(slug: str) -> str:
    slug = slug.strip().lower()
    if not SLUG.match(slug):
        raise RuleViolation("Chapter slugs are 1 to 120 lower-case letters, digits and dashes.",
                            code="invalid_slug", fields={"slug": ["Invalid slug."]})
    return slug


def number_label(number: float) -> str:
    """``10.0`` -> ``"10"``, ``10.5`` -> ``"10-5"`` (for default slugs)."""
    number = float(number)
    return str(int(number)) if number.is_integer() else repr(number).replace(".", "-")


def check_number(number: float) -> float:
    if number is None or number != number or number < 0 or number > 1_000_000:
        raise RuleViolation("Chapter numbers are between 0 and 1,000,000.",
                            code="invalid_chapter_number",
                            fields={"chapter_number": ["Out of range."]})
    return float(number)
