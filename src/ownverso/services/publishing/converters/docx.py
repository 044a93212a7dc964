"""Word (.docx) to Markdown chapters, read with python-docx.

Headings ("Heading 1" … "Heading 6") become Markdown headings and split the chapters; the
"Title" paragraph names the document; bold, italic, strikethrough and links survive, runs that
Word split arbitrarily are merged back; bulleted and numbered lists (by style or by Word's
numbering) keep their nesting; quotes and tables come across; images and fields are dropped."""

import html
import io
import re
import zipfile
from collections.abc import Iterator

import docx
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph

from ownverso.services.publishing.converters.html_markdown import html_to_markdown
from ownverso.services.publishing.converters.markdown_split import split_markdown
from ownverso.services.publishing.converters.model import ImportedDocument, UnreadableDocument

MAX_UNCOMPRESSED = 64 * 1024 * 1024
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING = re.compile(r"^heading ([1-6])$", re.I)
_LIST_STYLE = re.compile(r"^list (bullet|number)(?: (\d))?$", re.I)

Mark = tuple[str, ...]  # ("strong",), ("em",), ("del",), ("a", href)


def is_docx(data: bytes) -> bool:
    """A .docx is a zip holding ``word/document.xml``: told by content, not by name."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _check_archive(data: bytes) -> None:
    if not is_docx(data):
        raise UnreadableDocument("This is not a Word (.docx) document.", code="not_a_docx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
            raise UnreadableDocument("The document is too large once unpacked.",
                                     code="document_too_large")


# -- inline content --------------------------------------------------------------------------
def _run_marks(run, link: str | None) -> frozenset[Mark]:
    style = (run.style.name if run.style is not None else "") or ""
    marks: set[Mark] = set()
    if run.bold or style in ("Strong", "Intense Emphasis"):
        marks.add(("strong",))
    if run.italic or style in ("Emphasis", "Intense Emphasis"):
        marks.add(("em",))
    if run.font.strike or run.font.double_strike:
        marks.add(("del",))
    if link:
        marks.add(("a", link))
    return frozenset(marks)


def _segments(paragraph: Paragraph) -> list[tuple[frozenset[Mark], str]]:
    """(marks, text) pieces, neighbours with the same marks merged."""
    pieces: list[tuple[frozenset[Mark], str]] = []
    for item in paragraph.iter_inner_content():
        runs, link = ((item.runs, item.url or None) if isinstance(item, Hyperlink)
                      else ([item], None))
        for run in runs:
            text = run.text.replace("\t", " ")
            if not text:
                continue
            marks = _run_marks(run, link) if text.strip() else frozenset()
            if pieces and (pieces[-1][0] == marks or not text.strip()):
                pieces[-1] = (pieces[-1][0], pieces[-1][1] + text)
            else:
                pieces.append((marks, text))
    return pieces


def _open(mark: Mark) -> str:
    return f'<a href="{html.escape(mark[1])}">' if mark[0] == "a" else f"<{mark[0]}>"


def _inline(pieces: list[tuple[frozenset[Mark], str]], opened: frozenset[Mark] = frozenset()
            ) -> str:
    """Nest the marks so that one spanning several pieces opens once around all of them."""
    out, i = [], 0
    while i < len(pieces):
        wanted = pieces[i][0] - opened
        if not wanted:
            out.append(html.escape(pieces[i][1]).replace("\n", "<br>"))
            i += 1
            continue

        def reach(mark: Mark, start: int = i) -> int:
            end = start
            while end < len(pieces) and mark in pieces[end][0]:
                end += 1
            return end

        mark = max(sorted(wanted), key=reach)
        end = reach(mark)
        inner = _inline(pieces[i:end], opened | {mark})
        out.append(f"{_open(mark)}{inner}</{mark[0]}>")
        i = end
    return "".join(out)


# -- blocks -----------------------------------------------------------------------------------
class _Numbering:
    """Whether Word's numbering ``numId``/``ilvl`` is a bullet or a numbered list."""

    def __init__(self, document) -> None:
        try:
            self._root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            self._root = None

    def ordered(self, num_id: str, level: str) -> bool:
        if self._root is None:
            return False
        for num in self._root.iter(f"{_W}num"):
            if num.get(f"{_W}numId") != num_id:
                continue
            abstract = num.find(f"{_W}abstractNumId")
            abstract_id = abstract.get(f"{_W}val") if abstract is not None else None
            for definition in self._root.iter(f"{_W}abstractNum"):
                if definition.get(f"{_W}abstractNumId") != abstract_id:
                    continue
                for lvl in definition.iter(f"{_W}lvl"):
                    if lvl.get(f"{_W}ilvl") == level:
                        fmt = lvl.find(f"{_W}numFmt")
                        return fmt is not None and fmt.get(f"{_W}val") not in ("bullet", "none")
        return False


def _list_item(paragraph: Paragraph, numbering: _Numbering) -> tuple[str, int] | None:
    """("ul" | "ol", level from 0) when the paragraph is a list item."""
    style = paragraph.style.name if paragraph.style is not None else ""
    found = _LIST_STYLE.match(style or "")
    if found:
        return ("ol" if found.group(1).lower() == "number" else "ul",
                int(found.group(2) or 1) - 1)
    ppr = paragraph._p.pPr
    num_pr = ppr.numPr if ppr is not None else None
    if num_pr is None or num_pr.numId is None:
        return None
    level = str(num_pr.ilvl.val) if num_pr.ilvl is not None else "0"
    tag = "ol" if numbering.ordered(str(num_pr.numId.val), level) else "ul"
    return tag, int(level)


def _table(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells = "".join(
            "<td>" + "<br>".join(_inline(_segments(p)) for p in cell.paragraphs) + "</td>"
            for cell in row.cells)
        rows.append(f"<tr>{cells}</tr>")
    return f"<table>{''.join(rows)}</table>"


def _blocks(document) -> Iterator[tuple[str, str]]:
    """("title" | "li:ul:0" | "block", html) for each paragraph and table, in order."""
    numbering = _Numbering(document)
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            yield "block", _table(item)
            continue
        content = _inline(_segments(item)).strip()
        if not content:
            continue
        style = (item.style.name if item.style is not None else "") or ""
        heading = _HEADING.match(style)
        listed = _list_item(item, numbering)
        if style == "Title":
            yield "title", item.text.strip()
        elif heading:
            yield "block", f"<h{heading.group(1)}>{content}</h{heading.group(1)}>"
        elif listed:
            yield f"li:{listed[0]}:{listed[1]}", content
        elif style in ("Quote", "Intense Quote"):
            yield "block", f"<blockquote><p>{content}</p></blockquote>"
        else:
            yield "block", f"<p>{content}</p>"


def _nest_lists(blocks: Iterator[tuple[str, str]]) -> tuple[str | None, str]:
    """Turn flat list paragraphs into nested <ul>/<ol>; returns (title, body html)."""
    out: list[str] = []
    stack: list[str] = []  # open list tags, one per level
    title = None
    for kind, content in blocks:
        if kind.startswith("li:"):
            _, tag, level = kind.split(":")
            depth = min(int(level), len(stack))  # never skip a level
            while len(stack) > depth + 1 or (len(stack) == depth + 1 and stack[-1] != tag):
                out.append(f"</li></{stack.pop()}>")
            if len(stack) == depth + 1:
                out.append("</li>")
            else:
                stack.append(tag)
                out.append(f"<{tag}>")
            out.append(f"<li>{content}")
            continue
        while stack:
            out.append(f"</li></{stack.pop()}>")
        if kind == "title":
            title = title or content
        else:
            out.append(content)
    while stack:
        out.append(f"</li></{stack.pop()}>")
    return title, "".join(out)


def docx_to_markdown(data: bytes) -> tuple[str | None, str]:
    """(document title, Markdown) of a .docx file."""
    _check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a broken package
        raise UnreadableDocument("The Word document could not be read.",
                                 code="invalid_docx") from error
    title, body = _nest_lists(_blocks(document))
    return title, html_to_markdown(body)


def import_docx(data: bytes, split_on: str | None = "auto") -> ImportedDocument:
    title, markdown = docx_to_markdown(data)
    document = split_markdown(markdown, split_on)
    return ImportedDocument(title=title or document.title, chapters=document.chapters)
