"""The public preview of a gated chapter: its first paragraphs, and nothing after them.

The HTML is rebuilt from parsed tokens (never sliced from the source), so no text, attribute
or comment beyond the N-th top-level block can leak, whatever the markup looks like.
"""

from html import escape
from html.parser import HTMLParser
from typing import Protocol

DEFAULT_PREVIEW = 3
VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
DROPPED = frozenset({"script", "style", "template", "iframe", "object"})
# A start tag of these closes an open <p> (the HTML parsing rule), so "<p>a<p>b" is two blocks.
CLOSES_P = frozenset({"address", "article", "aside", "blockquote", "details", "div", "dl",
                      "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
                      "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre",
                      "section", "table", "ul"})
# Top-level blocks; any other top-level tag (em, a, br…) joins a run of loose inline content.
BLOCKS = CLOSES_P | frozenset({"img", "li", "dd", "dt", "video", "audio", "picture", "canvas",
                               "svg", "center", "menu"})


class _Enough(Exception):
    """N blocks are out: stop reading."""


class _Preview(HTMLParser):
    def __init__(self, limit: int):
        super().__init__(convert_charrefs=True)
        self.limit, self.blocks, self.out = limit, 0, []
        self.stack: list[str] = []
        self.dropping = 0
        self.in_text_block = False  # a run of loose top-level inline content is one block
        self.top_is_block = False

    # -- counting --------------------------------------------------------------------------
    def _block_done(self) -> None:
        self.blocks += 1
        if self.blocks >= self.limit:
            raise _Enough

    def _end_text_block(self) -> None:
        if self.in_text_block:
            self.in_text_block = False
            self._block_done()

    # -- tokens ----------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping or tag in DROPPED:
            self.dropping += 0 if tag in VOID else 1
            return
        if tag in CLOSES_P and "p" in self.stack:
            self._close_through("p")
        if not self.stack:
            self.top_is_block = tag in BLOCKS
            if self.top_is_block:
                self._end_text_block()
            elif tag != "br":
                self.in_text_block = True
        self.out.append(_start(tag, attrs))
        if tag in VOID:
            if not self.stack and self.top_is_block:
                self._block_done()
            return
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            self.dropping -= 1 if tag in DROPPED else 0
            return
        if tag in self.stack:
            self._close_through(tag)

    def _close_through(self, tag: str) -> None:
        while self.stack:
            open_tag = self.stack.pop()
            self.out.append(f"</{open_tag}>")
            if not self.stack and self.top_is_block:
                self._block_done()
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        if not self.stack and data.strip() and not self.in_text_block:
            self.in_text_block = True
        self.out.append(escape(data, quote=False))

    # comments, declarations and processing instructions are never copied

    def result(self) -> str:
        return "".join(self.out) + "".join(f"</{t}>" for t in reversed(self.stack))


def _start(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    parts = [tag]
    for name, value in attrs:
        parts.append(name if value is None else f'{name}="{escape(value, quote=True)}"')
    return "<" + " ".join(parts) + ">"


def preview_html(html: str, paragraphs: int) -> str:
    """The first ``paragraphs`` top-level blocks of already-sanitized HTML, well-formed."""
    if paragraphs <= 0 or not html:
        return ""
    parser = _Preview(paragraphs)
    try:
        parser.feed(html)
        parser.close()
    except _Enough:
        pass
    return parser.result().strip()


class _HasPreview(Protocol):
    preview_paragraphs: int | None


def preview_count(chapter: _HasPreview, series: _HasPreview | None = None) -> int:
    """The chapter's preview paragraphs, else the series', else 3."""
    if chapter.preview_paragraphs is not None:
        return chapter.preview_paragraphs
    if series is not None and series.preview_paragraphs is not None:
        return series.preview_paragraphs
    return DEFAULT_PREVIEW
