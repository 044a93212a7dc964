"""Custom CSS and Markdown are sanitized; sanitizing twice changes nothing."""

import pytest

from ownverso.services.rendering import render_markdown, sanitize_html
from ownverso.services.sites.css import sanitize_css

DANGEROUS_CSS = [
    '@import url("https://evil.example/x.css");',
    "@import 'x.css';",
    "a { background: url(javascript:alert(1)) }",
    'a { background: url("javascript:alert(1)") }',
    "a { background: url(http://insecure.example/a.png) }",
    "a { background: url(data:text/html;base64,PHNjcmlwdD4=) }",
    "a { background: url(data:image/svg+xml;base64,PHN2Zz4=) }",
    "a { width: expression(alert(1)) }",
    "a { width: expr\\65 ssion(alert(1)) }",
    "a { behavior: url(x.htc) }",
    "a { -moz-binding: url(https://x.example/x.xml#x) }",
    'a::after { content: "</style><script>alert(1)</script>" }',
    "a { background: u\\72l(javascript:alert(1)) }",
    "@media screen { @import 'x.css'; a { width: expression(1) } }",
    "a { font-family: 'javascript:alert(1)' }",
]
MARKERS = ("@import", "javascript", "expression", "behavior", "binding", "</style", "http:",
           "svg", "text/html")


@pytest.mark.parametrize("css", DANGEROUS_CSS)
def test_dangerous_css_is_dropped(css):
    cleaned = sanitize_css(css + "\n.safe { color: red }")
    assert not any(marker in cleaned.lower() for marker in MARKERS), cleaned
    assert ".safe { color: red; }" in cleaned


def test_safe_css_survives_in_a_canonical_form():
    css = """/* header */
h1 > a[href^="https"]:hover { color: #FF0000; text-decoration: underline !important }
.hero { background: url("https://cdn.example.com/a.png") no-repeat, url(data:image/png;base64,AA) }
@media (max-width: 600px) { .hero { display: none } }
@font-face { font-family: Lora; src: url(https://fonts.example.com/lora.woff2) format("woff2") }
@keyframes pulse { from { opacity: 0 } to { opacity: 1 } }"""
    cleaned = sanitize_css(css)
    assert 'h1 > a[href^="https"]:hover { color: #FF0000; text-decoration: underline ' \
           "!important; }" in cleaned
    assert 'url("https://cdn.example.com/a.png")' in cleaned
    assert "@media (max-width: 600px) {\n.hero { display: none; }\n}" in cleaned
    assert "@font-face" in cleaned and "@keyframes pulse" in cleaned
    assert "header" not in cleaned  # comments go


@pytest.mark.parametrize("css", [*DANGEROUS_CSS, "a{color:red", "}}}{{{", "", "   ",
                                 "@media print { a { color: red } }", "a { color: red; ; }"])
def test_sanitizing_css_twice_changes_nothing(css):
    once = sanitize_css(css)
    assert sanitize_css(once) == once


DANGEROUS_MARKDOWN = [
    "<script>alert(1)</script>",
    '<img src="x.png" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    "<style>body { display: none }</style>",
    '<div onclick="steal()">hi</div>',
    '<a href="JaVaScRiPt:alert(1)">y</a>',
]


@pytest.mark.parametrize("text", DANGEROUS_MARKDOWN)
def test_rendered_markdown_has_no_scripts_handlers_or_script_links(text):
    html = render_markdown(text).lower()
    for marker in ("<script", "onerror=", "onclick=", 'href="javascript', "<iframe", "<style"):
        assert marker not in html, html


def test_markdown_renders_and_links_get_rel():
    html = render_markdown("# Title\n\nSome *emphasis* and a [link](https://example.com).\n\n"
                           "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~")
    assert "<h1>Title</h1>" in html and "<em>emphasis</em>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer nofollow">link</a>' in html
    assert "<table>" in html and "<s>gone</s>" in html


@pytest.mark.parametrize("text", [*DANGEROUS_MARKDOWN, "a < b & c > d", "plain **bold**",
                                  '<a href="https://x.example" rel="me">x</a>',
                                  "```python\nprint('<b>')\n```"])
def test_sanitizing_html_twice_changes_nothing(text):
    once = render_markdown(text)
    assert sanitize_html(once) == once
    assert sanitize_html(sanitize_html(text)) == sanitize_html(text)
