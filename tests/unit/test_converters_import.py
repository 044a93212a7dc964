"""The importers: Markdown split at headings, Word (.docx) built here with python-docx, Google
Docs' HTML as Google writes it, and telling a file's kind by its content."""

import io
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ownverso.services.publishing.converters import UnreadableDocument
from ownverso.services.publishing.converters.detect import detect_format
from ownverso.services.publishing.converters.docx import docx_to_markdown, import_docx
from ownverso.services.publishing.converters.gdocs_html import (
    decode_text,
    gdocs_html_to_markdown,
    import_html,
)
from ownverso.services.publishing.converters.markdown_split import (
    normalize_split,
    split_markdown,
)
from ownverso.services.rendering import render_markdown


# -- Markdown ---------------------------------------------------------------------------------
def test_markdown_is_cut_at_each_top_level_heading_with_the_heading_as_title():
    document = split_markdown("# One\n\nFirst *text*.\n\n# Two\n\nSecond.\n\n## Scene\n\nMore.\n")
    assert [(c.title, c.content) for c in document.chapters] == [
        ("One", "First *text*.\n"), ("Two", "Second.\n\n## Scene\n\nMore.\n")]


def test_auto_split_uses_the_shallowest_level_that_repeats():
    text = "# The Book\n\nby Mira\n\n## Chapter 1\n\nA.\n\n## Chapter 2\n\nB.\n"
    document = split_markdown(text, "auto")
    assert [c.title for c in document.chapters] == [None, "Chapter 1", "Chapter 2"]
    assert document.chapters[0].content == "# The Book\n\nby Mira\n"  # kept, never dropped


def test_split_on_a_chosen_level_or_not_at_all():
    text = "# Book\n\n## One\n\nA.\n\n## Two\n\nB.\n"
    assert [c.title for c in split_markdown(text, "h1").chapters] == ["Book"]
    assert [c.title for c in split_markdown(text, "##").chapters] == [None, "One", "Two"]
    whole = split_markdown(text, "none").chapters
    assert len(whole) == 1 and whole[0].content == text


def test_headings_inside_code_blocks_do_not_split_and_setext_headings_do():
    text = "Part One\n========\n\n```\n# not a chapter\n```\n\nPart Two\n========\n\nEnd.\n"
    chapters = split_markdown(text).chapters
    assert [c.title for c in chapters] == ["Part One", "Part Two"]
    assert "# not a chapter" in chapters[0].content


def test_titles_are_plain_text_and_front_matter_names_the_document():
    text = '---\ntitle: "The Glass Road"\nauthor: Mira\n---\n# The *first* `day`\n\nHi.\n'
    document = split_markdown(text)
    assert document.title == "The Glass Road"
    assert document.chapters[0].title == "The first day"


def test_a_document_without_headings_is_one_chapter_titled_by_its_front_matter():
    document = split_markdown("---\ntitle: Solo\n---\nJust text.\r\nMore.\r\n")
    assert [(c.title, c.content) for c in document.chapters] == [("Solo", "Just text.\nMore.\n")]


def test_split_choices_are_checked():
    assert normalize_split(None) == "auto" and normalize_split("##") == "h2"
    with pytest.raises(ValueError):
        normalize_split("h7")


# -- Word -------------------------------------------------------------------------------------
def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("The Glass Road", style="Title")
    document.add_heading("Chapter One", level=1)
    paragraph = document.add_paragraph("It was a ")
    for text, bold, italic in (("dark", True, False), (" and", True, False),
                               (" stormy", True, True)):
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
    paragraph.add_run(" night * _ [x].")
    struck = document.add_paragraph().add_run("gone")
    struck.font.strike = True
    document.add_paragraph("First", style="List Bullet")
    document.add_paragraph("Nested", style="List Bullet 2")
    document.add_paragraph("Second", style="List Bullet")
    document.add_paragraph("Step one", style="List Number")
    document.add_paragraph("Step two", style="List Number")
    document.add_paragraph("A quote", style="Quote")
    document.add_heading("Chapter Two", level=1)
    document.add_paragraph("# Not a heading")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "a", (0, 1): "b", (1, 0): "1", (1, 1): "2"}.items():
        table.cell(row, col).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_headings_split_chapters_and_the_title_names_the_document():
    document = import_docx(make_docx())
    assert document.title == "The Glass Road"
    assert [c.title for c in document.chapters] == ["Chapter One", "Chapter Two"]


def test_word_formatting_lists_quotes_and_tables_become_markdown():
    _, markdown = docx_to_markdown(make_docx())
    assert "It was a **dark and *stormy*** night \\* \\_ \\[x\\]." in markdown
    assert "~~gone~~" in markdown
    assert "- First\n  - Nested\n- Second" in markdown
    assert "1. Step one\n2. Step two" in markdown
    assert "> A quote" in markdown
    assert "\\# Not a heading" in markdown
    assert "| a | b |\n| --- | --- |\n| 1 | 2 |" in markdown
    html = render_markdown(markdown)
    assert "<strong>dark and <em>stormy</em></strong>" in html
    assert "<h1>Chapter Two</h1>" in html and "<p># Not a heading</p>" in html


def _numbered(paragraph, num_id: int, level: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = ppr._add_numPr()
    num_pr._add_ilvl().val = level
    num_pr._add_numId().val = num_id


def _add_numbering(document, num_id: int, formats: list[str]) -> None:
    """A numbering definition ``num_id`` whose levels use ``formats`` (decimal, bullet…)."""
    root = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(100 + num_id))
    for level, fmt in enumerate(formats):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        num_fmt = OxmlElement("w:numFmt")
        num_fmt.set(qn("w:val"), fmt)
        lvl.append(num_fmt)
        abstract.append(lvl)
    root.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(100 + num_id))
    num.append(ref)
    root.append(num)


def test_word_numbering_without_list_styles_is_read_from_the_numbering_part():
    document = docx.Document()
    _add_numbering(document, 77, ["decimal", "bullet"])
    for text, level in (("one", 0), ("inner", 1), ("two", 0)):
        _numbered(document.add_paragraph(text), 77, level)
    out = io.BytesIO()
    document.save(out)
    _, markdown = docx_to_markdown(out.getvalue())
    assert markdown.strip() == "1. one\n   - inner\n2. two"


def test_a_zip_that_is_not_word_and_a_broken_docx_are_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(UnreadableDocument) as refused:
        import_docx(archive.getvalue())
    assert refused.value.code == "not_a_docx"
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("word/document.xml", "<not xml")
    with pytest.raises(UnreadableDocument) as refused:
        import_docx(broken.getvalue())
    assert refused.value.code == "invalid_docx"


# -- Google Docs ------------------------------------------------------------------------------
GOOGLE_HTML = (
    '<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type">'
    '<style type="text/css">.lst-kix_a-0>li:before{content:"\\0025cf  "}'
    ".c0{color:#000000;font-weight:400;font-style:normal}.c1{font-weight:700}"
    ".c2{font-style:italic}.c3{padding-top:0pt;line-height:1.15}"
    ".c4{text-decoration:line-through}.title{font-size:26pt}</style></head>"
    '<body class="c5 doc-content"><p class="c3 title" id="h.t"><span class="c0">The Glass '
    'Road</span></p><h1 class="c3" id="h.1"><span class="c1">Chapter 1: Dust</span></h1>'
    '<p class="c3"><span class="c0">She walked </span><span class="c1">fast</span>'
    '<span class="c0">, then </span><span class="c2">slower</span><span class="c0">. '
    '</span><span class="c4">Gone</span> <span style="font-weight:700;font-style:italic">'
    'both</span> <a class="c6" href="https://www.google.com/url?q=https://example.com/map'
    '&amp;sa=D&amp;source=editors&amp;ust=1">the map</a></p><p class="c3"><span class="c0">'
    '</span></p><ul class="c8 lst-kix_a-0 start"><li class="c3 li-bullet-0"><span class="c0">'
    'apples</span></li><li class="c3 li-bullet-0"><span class="c0">pears</span></li></ul>'
    '<img src="data:image/png;base64,AAAA"><script>alert(1)</script><!-- a comment -->'
    '<h1 class="c3" id="h.2"><span class="c0">Chapter 2: Rain</span></h1><p class="c3">'
    '<span class="c0">Rain &amp; more &lt;script&gt;x&lt;/script&gt;</span></p></body></html>')


def test_google_docs_classes_and_inline_styles_become_emphasis_and_links_are_unwrapped():
    title, markdown = gdocs_html_to_markdown(GOOGLE_HTML)
    assert title == "The Glass Road"
    assert ("She walked **fast**, then *slower*. ~~Gone~~ ***both*** "
            "[the map](https://example.com/map)") in markdown
    assert "- apples\n- pears" in markdown
    assert "alert" not in markdown and "comment" not in markdown and "data:" not in markdown
    assert "style" not in markdown and "c0" not in markdown
    assert "\\<script\\>" in markdown  # text that looks like a tag stays text
    assert "&lt;script&gt;" in render_markdown(markdown)


def test_google_docs_headings_split_chapters_and_are_not_made_bold():
    document = import_html(GOOGLE_HTML.encode())
    assert document.title == "The Glass Road"
    assert [c.title for c in document.chapters] == ["Chapter 1: Dust", "Chapter 2: Rain"]
    assert document.chapters[1].content.startswith("Rain & more")


def test_pasted_google_html_wrapped_in_a_normal_weight_bold_is_not_all_bold():
    html = ('<b style="font-weight:normal;" id="docs-internal-guid-1"><p><span style="font-'
            'weight:400">plain</span> <span style="font-weight:700">bold</span></p></b>')
    assert gdocs_html_to_markdown(html)[1] == "plain **bold**\n"


def test_text_must_be_utf8():
    assert decode_text("\ufeffhé".encode()) == "hé"
    assert decode_text("hé".encode("utf-16")) == "hé"
    with pytest.raises(UnreadableDocument):
        decode_text(b"\xff\x00\xfe bad")


# -- kinds by content -------------------------------------------------------------------------
def test_the_kind_of_a_file_is_told_by_its_content_not_its_name():
    assert detect_format(make_docx()) == "docx"
    assert detect_format(GOOGLE_HTML.encode()) == "html"
    assert detect_format(b"<p>a</p><p>b</p><div>c</div>") == "html"
    assert detect_format(b"# Chapter\n\nText with <b>a tag</b>.") == "markdown"
    assert detect_format(b"Plain words.") == "markdown"
    for binary in (b"%PDF-1.7 ...", b"\x89PNG\r\n\x1a\n...", b"PK\x03\x04 not word"):
        with pytest.raises(UnreadableDocument):
            detect_format(binary)
