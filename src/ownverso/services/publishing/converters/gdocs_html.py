"""Google Docs' exported HTML (File → Download → Web page) to Markdown chapters; any other
HTML document goes through the same path.

Google writes formatting as CSS classes in a ``<style>`` block (``.c3{font-weight:700}``) or as
inline ``style`` attributes on ``<span>``s, never as ``<b>``/``<i>``; it wraps links in
``https://www.google.com/url?q=…`` redirects and pastes wrap everything in
``<b style="font-weight:normal">``. This module turns those into plain ``<strong>``, ``<em>``,
``<del>`` and real links, drops styles, scripts, images and comments, takes
``<p class="title">`` as the document's title, then converts to Markdown and splits at
headings."""

import re
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Comment, Tag

from ownverso.services.publishing.converters.html_markdown import html_to_markdown
from ownverso.services.publishing.converters.markdown_split import split_markdown
from ownverso.services.publishing.converters.model import ImportedDocument, UnreadableDocument

_RULE = re.compile(r"\.([A-Za-z_][\w-]*)\s*\{([^}]*)\}")
_DROP = ("script", "style", "head", "title", "meta", "link", "img", "svg", "iframe",
         "object", "embed", "noscript", "template", "form", "input", "button")
_HEADINGS = {f"h{n}" for n in range(1, 7)}
_GOOGLE_REDIRECT = ("www.google.com", "google.com")


def _declarations(css: str) -> dict[str, str]:
    props = {}
    for part in css.split(";"):
        name, sep, value = part.partition(":")
        if sep:
            props[name.strip().lower()] = value.strip().lower()
    return props


def _class_styles(soup: BeautifulSoup) -> dict[str, dict[str, str]]:
    styles: dict[str, dict[str, str]] = {}
    for block in soup.find_all("style"):
        for name, body in _RULE.findall(block.get_text()):
            styles.setdefault(name, {}).update(_declarations(body))
    return styles


def _formatting(tag: Tag, classes: dict[str, dict[str, str]]) -> dict[str, str]:
    props: dict[str, str] = {}
    for name in tag.get("class") or ():
        props.update(classes.get(name, {}))
    props.update(_declarations(tag.get("style") or ""))
    return props


def _marks(props: dict[str, str]) -> list[str]:
    weight = props.get("font-weight", "")
    marks = []
    if weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600):
        marks.append("strong")
    if props.get("font-style") == "italic":
        marks.append("em")
    if "line-through" in props.get("text-decoration", ""):
        marks.append("del")
    return marks


def _real_href(href: str) -> str:
    parts = urlsplit(href)
    if parts.netloc in _GOOGLE_REDIRECT and parts.path == "/url":
        target = parse_qs(parts.query).get("q")
        if target:
            return target[0]
    return href


def _clean(soup: BeautifulSoup) -> str | None:
    """Rewrite ``soup`` in place into plain semantic HTML; returns the document's title."""
    classes = _class_styles(soup)
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup.find_all(_DROP):
        tag.decompose()
    title = None
    for tag in soup.find_all(class_="title"):
        title = title or " ".join(tag.get_text().split()) or None
        tag.decompose()
    for tag in soup.find_all(class_="subtitle"):
        tag.name = "p"
    for tag in soup.find_all(True):
        if tag.name == "a":
            href = _real_href(tag.get("href") or "")
            tag.attrs = {"href": href} if href and not href.startswith("#") else {}
            continue
        props = _formatting(tag, classes)
        in_heading = tag.name in _HEADINGS or tag.find_parent(_HEADINGS) is not None
        tag.attrs = {"start": tag["start"]} if tag.name == "ol" and tag.get("start") else {}
        if tag.name in ("b", "strong") and props.get("font-weight") in ("normal", "400"):
            tag.unwrap()
            continue
        if tag.name == "span":
            for mark in ([] if in_heading else _marks(props)):
                tag.wrap(soup.new_tag(mark))
            tag.unwrap()
    for tag in soup.find_all("a"):
        if not tag.get("href"):
            tag.unwrap()
    return title


def gdocs_html_to_markdown(html: str | bytes) -> tuple[str | None, str]:
    """(document title, Markdown) of an HTML document."""
    if isinstance(html, bytes):
        html = decode_text(html)
    soup = BeautifulSoup(html, "html.parser")
    title = _clean(soup)
    body = soup.body if soup.body is not None else soup
    return title, html_to_markdown(body.decode_contents())


def import_html(html: str | bytes, split_on: str | None = "auto") -> ImportedDocument:
    title, markdown = gdocs_html_to_markdown(html)
    document = split_markdown(markdown, split_on)
    return ImportedDocument(title=title or document.title, chapters=document.chapters)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a BOM) or UTF-16 with a BOM; anything else is refused."""
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise UnreadableDocument("The file is not UTF-8 text.", code="not_utf8") from None
    if "\x00" in text:
        raise UnreadableDocument("The file is not a text document.", code="not_text")
    return text
