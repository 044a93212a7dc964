"""The preview of a gated chapter: the first N paragraphs and never a word more."""

import pytest

from ownverso.domain.access import ChapterFacts, SeriesFacts, preview_count, preview_html

MARK = "ZZ-SECRET-7f3a"


def paragraphs(n):
    return "".join(f"<p>para {i} <em>x</em></p>\n" for i in range(1, n + 1))


SHAPES = {
    "plain": lambda n: paragraphs(n) + f"<p>{MARK}</p><p>after</p>",
    "unclosed p": lambda n: "".join(f"<p>para {i}" for i in range(1, n + 1)) + f"<p>{MARK}",
    "nested in next block": lambda n: paragraphs(n) + f"<blockquote><p>{MARK}</p></blockquote>",
    "in an attribute": lambda n: paragraphs(n) + f'<p><a href="/{MARK}">l</a></p>',
    "in an image": lambda n: paragraphs(n) + f'<img src="{MARK}.png">',
    "loose text after": lambda n: paragraphs(n) + f"{MARK} trailing",
    "headings and lists": lambda n: paragraphs(n) + f"<ul><li>{MARK}</li></ul>",
    "comment": lambda n: paragraphs(n) + f"<!-- {MARK} --><p>{MARK}</p>",
    "entities": lambda n: paragraphs(n) + f"<p>&lt;b&gt;{MARK}&amp;</p>",
    "div wrapper": lambda n: paragraphs(n) + f"<div><div><p>{MARK}</p></div></div>",
    "stray end tags": lambda n: paragraphs(n) + f"</div></p><p>{MARK}</p>",
}


@pytest.mark.parametrize("n", [1, 2, 3, 5])
@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_the_preview_never_contains_paragraph_n_plus_one(shape, n):
    html = shape(n)
    out = preview_html(html, n)
    assert MARK not in out
    for i in range(1, n + 1):
        assert f"para {i}" in out


def test_the_preview_keeps_nested_markup_and_closes_it():
    html = "<p>one <strong>bold <em>both</em></strong></p><blockquote><p>a</p><p>b</p>" \
           "</blockquote><p>three</p>"
    assert preview_html(html, 2) == ("<p>one <strong>bold <em>both</em></strong></p>"
                                     "<blockquote><p>a</p><p>b</p></blockquote>")


def test_unclosed_markup_is_closed():
    assert preview_html("<p>one <em>open", 1) == "<p>one <em>open</em></p>"


def test_text_is_escaped_again_and_attributes_quoted():
    out = preview_html('<p title=\'a "q"\'>1 &lt; 2 &amp; x</p><p>2</p>', 1)
    assert out == '<p title="a &quot;q&quot;">1 &lt; 2 &amp; x</p>'


def test_scripts_and_comments_are_dropped():
    assert preview_html("<p>a<script>alert(1)</script><!-- c --></p>", 1) == "<p>a</p>"


def test_loose_inline_content_counts_as_one_block():
    assert preview_html(f"loose <b>bold</b> text<p>two</p><p>{MARK}</p>", 2) == \
        "loose <b>bold</b> text<p>two</p>"


@pytest.mark.parametrize("n", [0, -1])
def test_zero_paragraphs_is_empty(n):
    assert preview_html(paragraphs(3), n) == ""


def test_fewer_paragraphs_than_asked_returns_them_all():
    assert preview_html("<p>a</p><p>b</p>", 10) == "<p>a</p><p>b</p>"
    assert preview_html("", 3) == ""


@pytest.mark.parametrize(("chapter_n", "series_n", "expected"), [
    (5, 2, 5), (0, 2, 0), (None, 2, 2), (None, None, 3),
])
def test_preview_count_chapter_then_series_then_three(chapter_n, series_n, expected):
    ch = ChapterFacts(id="c", is_published=True, published_at=None,
                      preview_paragraphs=chapter_n)
    series = SeriesFacts(is_visible=True, preview_paragraphs=series_n)
    assert preview_count(ch, series) == expected


def test_preview_count_without_a_series():
    ch = ChapterFacts(id="c", is_published=True, published_at=None)
    assert preview_count(ch) == 3
