"""Export to Markdown and to plain text.

The Markdown export carries the series in a front-matter block and one ``#`` heading per
chapter, so importing it again with the default ``auto`` split gives the same chapters back.
The plain-text export renders the Markdown (the shared, sanitized renderer) and flattens the
HTML: paragraphs separated by a blank line, list items with their markers, links as
``text (url)``, scene breaks as ``* * *``."""

from html.parser import HTMLParser

from ownverso.services.publishing.converters.model import Book, BookChapter
from ownverso.services.rendering import render_markdown

_BLOCKS = {"p", "div", "blockquote", "pre", "ul", "ol", "li", "table", "tr", "h1", "h2", "h3",
           "h4", "h5", "h6", "hr", "figure", "figcaption", "details", "summary", "dl", "dt",
           "dd"}


def _front_matter(book: Book) -> str:
    def value(text: str) -> str:
        return " ".join(text.split()).replace('"', "'")

    lines = ["---", f'title: "{value(book.title)}"', f'author: "{value(book.author)}"',
             f"language: {book.language}", "---", ""]
    return "\n".join(lines)


def _note(chapter: BookChapter, position: str, markdown: bool) -> list[str]:
    if not chapter.author_note or chapter.author_note_position != position:
        return []
    note = chapter.author_note.strip()
    if markdown:
        return [f"*Author's note:* {note}"]
    return [f"Author's note: {html_to_text(render_markdown(note))}"]


def to_markdown(book: Book) -> str:
    parts = [_front_matter(book)]
    for chapter in book.chapters:
        body = [*_note(chapter, "start", True), chapter.content.strip(),
                *_note(chapter, "end", True)]
        parts.append(f"# {chapter.heading}\n\n" + "\n\n".join(p for p in body if p) + "\n")
    return "\n".join(parts)


def to_plain_text(book: Book) -> str:
    parts = [f"{book.title}\nby {book.author}\n"]
    if book.synopsis:
        parts.append(book.synopsis.strip() + "\n")
    for chapter in book.chapters:
        html = chapter.html if chapter.html is not None else render_markdown(chapter.content)
        body = [*_note(chapter, "start", False), html_to_text(html),
                *_note(chapter, "end", False)]
        heading = chapter.heading
        parts.append(f"\n{heading}\n{'=' * len(heading)}\n\n"
                     + "\n\n".join(p for p in body if p) + "\n")
    return "\n".join(parts)


class _TextWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list] = []  # [tag, counter]
        self.pre = 0
        self.links: list[str | None] = []

    def _break(self, blank: bool = True) -> None:
        text = "".join(self.out)
        core = text.rstrip(" \n")
        existing = text[len(core):].count("\n")
        self.out = [core + "\n" * max(existing, 2 if blank else 1)] if core else []

    def _blank(self, tag: str) -> bool:
        return tag not in ("li", "tr", "dd", "dt") and not self.lists

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _BLOCKS:
            self._break(blank=self._blank(tag))
        if tag in ("ul", "ol"):
            self.lists.append([tag, int(attrs.get("start") or 1) - 1])
        elif tag == "li" and self.lists:
            current = self.lists[-1]
            current[1] += 1
            marker = f"{current[1]}." if current[0] == "ol" else "-"
            self.out.append("  " * (len(self.lists) - 1) + marker + " ")
        elif tag == "hr":
            self.out.append("* * *")
        elif tag == "br":
            self.out.append("\n")
        elif tag == "pre":
            self.pre += 1
        elif tag == "a":
            self.links.append(attrs.get("href"))
        elif tag == "img" and attrs.get("alt"):
            self.out.append(f"[{attrs['alt']}]")

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "pre":
            self.pre = max(self.pre - 1, 0)
        elif tag in ("td", "th"):
            self.out.append(" | ")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href and href.startswith(("http://", "https://", "mailto:")):
                self.out.append(f" ({href.removeprefix('mailto:')})")
        if tag in _BLOCKS:
            self._break(blank=self._blank(tag))

    def handle_data(self, data):
        if not self.pre:
            data = " ".join(data.split("\n"))
            if not self.out or self.out[-1].endswith("\n"):
                data = data.lstrip()
        if data:
            self.out.append(data)


def html_to_text(html: str) -> str:
    """Readable plain text for an HTML fragment."""
    writer = _TextWriter()
    writer.feed(html or "")
    writer.close()
    lines = [line[:len(line) - len(line.lstrip(" "))] + " ".join(line.split()).removesuffix(" |")
             for line in "".join(writer.out).split("\n")]
    text, blank = [], False
    for line in lines:
        if not line:
            if not blank and text:
                text.append("")
            blank = True
            continue
        text.append(line)
        blank = False
    return "\n".join(text).strip()
