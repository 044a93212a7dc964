"""Markdown to safe HTML, shared by pages and chapters.

``render_markdown`` renders CommonMark (with tables and strikethrough) and sanitizes the result;
``sanitize_html`` keeps a safe subset of HTML: no script, style or iframe, no event handler
attributes, no ``javascript:`` URLs, and every link gets ``rel="noopener noreferrer nofollow"``.
Both are idempotent on their own output."""

import nh3
from markdown_it import MarkdownIt

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp",
    "rt", "ruby", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}
_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "code": {"class"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
_REL = "noopener noreferrer nofollow"

_markdown = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def sanitize_html(html: str) -> str:
    """Keep only safe HTML; running it on its own output changes nothing."""
    return nh3.clean(html or "", tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES,
                     link_rel=_REL, clean_content_tags={"script", "style"},
                     strip_comments=True)


def render_markdown(text: str) -> str:
    """Render Markdown to sanitized HTML."""
    return sanitize_html(_markdown.render(text or ""))
