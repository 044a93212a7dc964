"""Clean HTML to Markdown (markdownify), the last step of the Word and Google Docs importers."""

import re

from markdownify import MarkdownConverter

_OPTIONS = {
    "heading_style": "ATX",
    "bullets": "-",
    "strong_em_symbol": "*",
    "newline_style": "BACKSLASH",
    "escape_misc": False,
    "table_infer_header": True,
    "strip": ["img"],
}
_BLANK_RUNS = re.compile(r"\n{3,}")
# Escape only what would change meaning: inline syntax, entities, and block markers at the
# start of a line (a list, a heading, a quote, a setext underline), not every punctuation mark.
_INLINE = re.compile(r"([\\`\[\]<>~|])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_MARKERS = re.compile(r"(^|\n)([ \t]*)(#{1,6}(?=\s|$)|[-+=]+(?=\s|$))")
_NUMBERED = re.compile(r"(^|\n)([ \t]*\d{1,9})([.)])(?=\s|$)")


class _Converter(MarkdownConverter):
    def escape(self, text, parent_tags):
        if text and "_noformat" not in parent_tags:
            text = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))
            text = _MARKERS.sub(r"\1\2\\\3", text)
            text = _NUMBERED.sub(r"\1\2\\\3", text)
        return super().escape(text, parent_tags)


def html_to_markdown(html: str) -> str:
    """Markdown for a clean HTML fragment (images are dropped)."""
    text = _Converter(**_OPTIONS).convert(html)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip() + "\n"
