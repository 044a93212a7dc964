"""Markdown in, chapters out: one chapter per heading of the chosen level.

Headings are found by a CommonMark parser (markdown-it-py), so a ``#`` inside a fenced code
block or an HTML block never splits, and setext headings (``Title`` over ``====``) count too.
A leading ``---`` front-matter block (``title: …``) names the document and is not content.
Text before the first splitting heading becomes an untitled chapter of its own, never lost."""

import re

from markdown_it import MarkdownIt

from ownverso.services.publishing.converters.model import ImportedChapter, ImportedDocument

SPLIT_CHOICES = ("auto", "h1", "h2", "h3", "none")
_ALIASES = {"#": "h1", "##": "h2", "###": "h3", "": "auto"}
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_parser = MarkdownIt("commonmark")


def normalize_split(split_on: str | None) -> str:
    """``h1``/``#`` … ``h3``/``###``, ``none`` or ``auto``; anything else is a ValueError."""
    value = (split_on or "auto").strip().lower()
    value = _ALIASES.get(value, value)
    if value not in SPLIT_CHOICES:
        raise ValueError(f"split_on must be one of {', '.join(SPLIT_CHOICES)}")
    return value


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """The ``key: value`` pairs of a leading front-matter block, and the text after it."""
    found = _FRONT_MATTER.match(text)
    if not found:
        return {}, text.removeprefix("\ufeff")
    fields = {}
    for line in found.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields[key.strip().lower()] = value.strip().strip("'\"")
    return fields, text[found.end():]


def _headings(text: str) -> list[tuple[int, int, int, str]]:
    """(level, first line, line after, plain title) of every top-level heading."""
    tokens = _parser.parse(text)
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.map:
            inline = tokens[index + 1]
            title = "".join(child.content for child in inline.children or ()
                            if child.type in ("text", "code_inline"))
            found.append((int(token.tag[1]), token.map[0], token.map[1],
                          " ".join(title.split())))
    return found


def _auto_level(levels: list[int]) -> int | None:
    """The shallowest heading level that occurs more than once, else the shallowest one."""
    if not levels:
        return None
    repeated = [level for level in set(levels) if levels.count(level) > 1 and level <= 3]
    if repeated:
        return min(repeated)
    return min(levels) if min(levels) <= 3 else None


def _block(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n").rstrip() + ("\n" if any(s.strip() for s in lines) else "")


def split_markdown(text: str, split_on: str | None = "auto") -> ImportedDocument:
    """Cut ``text`` into chapters at headings of level ``split_on`` (see ``SPLIT_CHOICES``)."""
    mode = normalize_split(split_on)
    meta, body = front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
    headings = _headings(body)
    if mode == "none":
        level = None
    elif mode == "auto":
        level = _auto_level([h[0] for h in headings])
    else:
        level = int(mode[1])
    cuts = [h for h in headings if h[0] == level] if level else []
    lines = body.split("\n")
    chapters: list[ImportedChapter] = []
    preamble = lines[:cuts[0][1]] if cuts else lines
    if any(line.strip() for line in preamble):
        chapters.append(ImportedChapter(title=None if cuts else meta.get("title"),
                                        content=_block(preamble)))
    for position, (_, _start, after, title) in enumerate(cuts):
        end = cuts[position + 1][1] if position + 1 < len(cuts) else len(lines)
        chapters.append(ImportedChapter(title=title or None, content=_block(lines[after:end])))
    return ImportedDocument(title=meta.get("title"), chapters=tuple(chapters))
