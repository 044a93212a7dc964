"""EPUB 3 export, written with ``zipfile`` (no EPUB library: the usual one is AGPL).

The package: ``mimetype`` first and stored uncompressed, ``META-INF/container.xml``,
``OEBPS/content.opf`` (EPUB 3.0, ``dcterms:modified``), ``nav.xhtml`` (the EPUB 3 table of
contents) and ``toc.ncx`` (for EPUB 2 readers), a stylesheet, a title page and one XHTML file
per chapter. Chapter HTML is the sanitized HTML of the site, re-serialized as well-formed
XHTML: void elements closed, entities resolved, attributes outside XHTML's vocabulary and
links to anchors or resources not in the book dropped. Comic chapters carry their images."""

import io
import re
import uuid
import zipfile
from html import escape
from html.parser import HTMLParser

from ownverso.services.publishing.converters.model import Book, BookChapter
from ownverso.services.rendering import render_markdown

MEDIA_TYPE = "application/epub+zip"
_VOID = {"br", "hr", "img", "col", "wbr", "area", "source", "track"}
_ATTRIBUTES = {"href", "src", "alt", "title", "lang", "dir", "colspan", "rowspan", "start",
               "scope", "datetime", "cite", "width", "height", "hreflang"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CSS = """body { font-family: serif; line-height: 1.5; margin: 0 5%; }
h1 { text-align: center; margin: 2em 0 1em; }
.author-note { font-style: italic; border-left: 2px solid #999; padding-left: 1em; }
.page { text-align: center; margin: 0; page-break-after: always; }
.page img { max-width: 100%; }
.synopsis { margin-top: 3em; }
"""
_XHTML = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
          '<html xmlns="http://www.w3.org/1999/xhtml" '
          'xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="{lang}" lang="{lang}">\n'
          '<head><meta charset="UTF-8"/><title>{title}</title>'
          '<link rel="stylesheet" type="text/css" href="style.css"/></head>\n'
          "<body{body_attrs}>\n{body}\n</body>\n</html>\n")


def _text(value: str) -> str:
    return escape(_CONTROL.sub("", value), quote=False)


def _attr(value: str) -> str:
    return escape(_CONTROL.sub("", value), quote=True)


class _Xhtml(HTMLParser):
    """Re-serialize an HTML fragment as well-formed XHTML."""

    def __init__(self, files: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.files = files
        self.out: list[str] = []
        self.stack: list[tuple[str, str]] = []  # (tag as written, tag emitted)

    def _keep(self, tag: str, name: str, value: str | None) -> bool:
        if value is None or name not in _ATTRIBUTES:
            return False
        if name == "href":
            return value.startswith(("http://", "https://", "mailto:"))
        if name == "src":
            return value in self.files
        return True

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "img" and values.get("src") not in self.files:
            if values.get("alt"):
                self.out.append(f"[{_text(values['alt'])}]")
            return
        emitted = "span" if tag == "a" and not self._keep(tag, "href", values.get("href")) \
            else tag
        rendered = "".join(f' {name}="{_attr(value)}"' for name, value in attrs
                           if self._keep(emitted, name, value))
        if tag in _VOID:
            self.out.append(f"<{emitted}{rendered}/>")
        else:
            self.stack.append((tag, emitted))
            self.out.append(f"<{emitted}{rendered}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _VOID or tag not in (opened for opened, _ in self.stack):
            return
        while self.stack:
            opened, emitted = self.stack.pop()
            self.out.append(f"</{emitted}>")
            if opened == tag:
                break

    def handle_data(self, data):
        self.out.append(_text(data))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{tag}>" for _, tag in reversed(self.stack))


def html_to_xhtml(html: str, files: frozenset[str] = frozenset()) -> str:
    """A well-formed XHTML fragment for an (already sanitized) HTML fragment."""
    writer = _Xhtml(files)
    writer.feed(html or "")
    return writer.result()


def _page(book: Book, title: str, body: str, *, body_attrs: str = "") -> str:
    lang = _attr(book.language or "en")
    return _XHTML.format(lang=lang, title=_text(title), body=body, body_attrs=body_attrs)


def _chapter_body(chapter: BookChapter, files: frozenset[str]) -> str:
    html = chapter.html if chapter.html is not None else render_markdown(chapter.content)
    parts = [f"<h1>{_text(chapter.heading)}</h1>"]
    note = (f'<aside class="author-note" epub:type="note">'
            f"{html_to_xhtml(render_markdown(chapter.author_note), files)}</aside>"
            if chapter.author_note else "")
    if note and chapter.author_note_position == "start":
        parts.append(note)
    parts.extend(f'<div class="page"><img src="{_attr(name)}" alt="Page {number}"/></div>'
                 for number, name in enumerate(chapter.images, start=1) if name in files)
    parts.append(html_to_xhtml(html, files))
    if note and chapter.author_note_position != "start":
        parts.append(note)
    return "<section epub:type=\"chapter\">" + "\n".join(parts) + "</section>"


def _title_page(book: Book) -> str:
    synopsis = "".join(f"<p>{_text(line)}</p>"
                       for line in (book.synopsis or "").split("\n") if line.strip())
    body = (f'<section epub:type="titlepage"><h1>{_text(book.title)}</h1>'
            f"<p>{_text(book.author)}</p>"
            + (f'<div class="synopsis">{synopsis}</div>' if synopsis else "") + "</section>")
    return _page(book, book.title, body)


def _nav(book: Book, names: list[str]) -> str:
    items = "\n".join(f'<li><a href="{name}">{_text(chapter.heading)}</a></li>'
                      for name, chapter in zip(names, book.chapters, strict=True))
    body = (f'<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>\n'
            f'<li><a href="title.xhtml">{_text(book.title)}</a></li>\n{items}</ol></nav>')
    return _page(book, "Contents", body)


def _ncx(book: Book, uid: str, names: list[str]) -> str:
    points = "".join(
        f'<navPoint id="np{i}" playOrder="{i}"><navLabel><text>{_text(label)}</text>'
        f'</navLabel><content src="{name}"/></navPoint>'
        for i, (name, label) in enumerate(
            [("title.xhtml", book.title)]
            + [(n, c.heading) for n, c in zip(names, book.chapters, strict=True)], start=1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
            f'<head><meta name="dtb:uid" content="{_attr(uid)}"/></head>'
            f"<docTitle><text>{_text(book.title)}</text></docTitle>"
            f"<navMap>{points}</navMap></ncx>\n")


def _media_type(name: str, declared: str) -> str:
    return declared or {"png": "image/png", "gif": "image/gif", "webp": "image/webp",
                        "svg": "image/svg+xml"}.get(name.rsplit(".", 1)[-1], "image/jpeg")


def _opf(book: Book, uid: str, names: list[str]) -> str:
    modified = book.modified.strftime("%Y-%m-%dT%H:%M:%SZ")
    files = "".join(f'<item id="img{i}" href="{_attr(name)}" '
                    f'media-type="{_media_type(name, kind)}"/>'
                    for i, (name, (_, kind)) in enumerate(sorted(book.files.items()), start=1))
    chapters = "".join(f'<item id="c{i}" href="{name}" media-type="application/xhtml+xml"/>'
                       for i, name in enumerate(names, start=1))
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(1, len(names) + 1))
    direction = ' page-progression-direction="rtl"' if book.direction == "rtl" else ""
    description = (f"<dc:description>{_text(book.synopsis)}</dc:description>"
                   if book.synopsis else "")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
            f'unique-identifier="book-id" xml:lang="{_attr(book.language)}">'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<dc:identifier id="book-id">{_text(uid)}</dc:identifier>'
            f"<dc:title>{_text(book.title)}</dc:title>"
            f"<dc:language>{_text(book.language)}</dc:language>"
            f"<dc:creator>{_text(book.author)}</dc:creator>{description}"
            f'<meta property="dcterms:modified">{modified}</meta></metadata>'
            '<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" '
            'properties="nav"/><item id="ncx" href="toc.ncx" '
            'media-type="application/x-dtbncx+xml"/>'
            '<item id="css" href="style.css" media-type="text/css"/>'
            '<item id="title" href="title.xhtml" media-type="application/xhtml+xml"/>'
            f"{chapters}{files}</manifest>"
            f'<spine toc="ncx"{direction}><itemref idref="title"/>'
            f'<itemref idref="nav"/>{spine}</spine></package>\n')


_CONTAINER = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
              '<rootfiles><rootfile full-path="OEBPS/content.opf" '
              'media-type="application/oebps-package+xml"/></rootfiles></container>\n')


def build_epub(book: Book) -> bytes:
    """The book as an EPUB 3 file; the same book gives the same bytes."""
    uid = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'ownverso:' + book.identifier)}"
    names = [f"chapter-{i:04d}.xhtml" for i in range(1, len(book.chapters) + 1)]
    files = frozenset(book.files)
    stamp = book.modified.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        def add(name: str, data: str | bytes, *, stored: bool = False) -> None:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)

        add("mimetype", MEDIA_TYPE, stored=True)
        add("META-INF/container.xml", _CONTAINER)
        add("OEBPS/content.opf", _opf(book, uid, names))
        add("OEBPS/nav.xhtml", _nav(book, names))
        add("OEBPS/toc.ncx", _ncx(book, uid, names))
        add("OEBPS/style.css", _CSS)
        add("OEBPS/title.xhtml", _title_page(book))
        for name, chapter in zip(names, book.chapters, strict=True):
            add(f"OEBPS/{name}", _page(book, chapter.heading, _chapter_body(chapter, files)))
        for name, (data, _) in sorted(book.files.items()):
            add(f"OEBPS/{name}", data, stored=True)
    return out.getvalue()
