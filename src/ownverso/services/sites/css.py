"""Custom CSS, sanitized: parsed with tinycss2 and rebuilt from what is safe.

Dropped: ``@import`` (and every at-rule but @media, @supports, @font-face, @keyframes),
``url()`` to anything but ``https:`` or a ``data:image/`` (not SVG), ``expression()``,
``behavior`` and ``-moz-binding``, any ``javascript:``, and any rule that would contain
``</style``. The output is rebuilt in one canonical form, so sanitizing twice changes nothing.
"""

import re

import tinycss2
from tinycss2 import ast

NESTED_RULES = {"media", "supports", "keyframes", "-webkit-keyframes"}
DECLARATION_BLOCKS = {"font-face"}
BANNED_PROPERTIES = {"behavior", "-ms-behavior", "-moz-binding", "binding"}
BANNED_FUNCTIONS = {"expression", "-moz-binding", "javascript"}
SAFE_URL = re.compile(r"^(https://|data:image/(png|jpe?g|gif|webp|avif);)", re.IGNORECASE)
DANGEROUS_TEXT = re.compile(r"javascript:|vbscript:|</\s*style|<!--|-->|\\", re.IGNORECASE)


def sanitize_css(css: str | None) -> str:
    """Safe CSS rebuilt from ``css``; idempotent."""
    if not css or not css.strip():
        return ""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(_rules(rules))


def _rules(nodes: list) -> list[str]:
    out = []
    for node in nodes:
        text = None
        if isinstance(node, ast.QualifiedRule):
            text = _qualified(node)
        elif isinstance(node, ast.AtRule):
            text = _at_rule(node)
        if text and not DANGEROUS_TEXT.search(text):
            out.append(text)
    return out


def _qualified(rule: ast.QualifiedRule) -> str | None:
    selector = _clean(rule.prelude)
    declarations = _declarations(rule.content or [])
    if not selector or not declarations:
        return None
    return f"{selector} {{ {declarations}}}"


def _at_rule(rule: ast.AtRule) -> str | None:
    name = rule.lower_at_keyword
    prelude = _clean(rule.prelude)
    if prelude is None or rule.content is None:
        return None
    head = f"@{name} {prelude}".rstrip()
    if name in NESTED_RULES:
        inner = _rules(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                skip_whitespace=True))
        return f"{head} {{\n" + "".join(f"{r}\n" for r in inner) + "}"
    if name in DECLARATION_BLOCKS:
        return f"{head} {{ {_declarations(rule.content)}}}"
    return None


def _declarations(tokens: list) -> str:
    kept = []
    for node in tinycss2.parse_declaration_list(tokens, skip_comments=True,
                                                skip_whitespace=True):
        if not isinstance(node, ast.Declaration) or node.lower_name in BANNED_PROPERTIES:
            continue
        value = _clean(node.value)
        if not value:
            continue
        important = " !important" if node.important else ""
        text = f"{node.lower_name}: {value}{important};"
        if not DANGEROUS_TEXT.search(text):
            kept.append(text + " ")
    return "".join(kept)


def _clean(tokens: list) -> str | None:
    """The tokens serialized, or None when one of them is unsafe."""
    if not _safe(tokens):
        return None
    return " ".join(tinycss2.serialize(tokens).split())


def _safe(tokens: list) -> bool:
    for token in tokens:
        if isinstance(token, ast.ParseError):  # a bad url(…), an unclosed string …
            return False
        if isinstance(token, ast.URLToken) and not SAFE_URL.match(token.value.strip()):
            return False
        if isinstance(token, ast.FunctionBlock):
            if token.lower_name in BANNED_FUNCTIONS:
                return False
            if token.lower_name in ("url", "src") and not _safe_url_function(token):
                return False
            if not _safe(token.arguments):
                return False
        if isinstance(token, ast.AtKeywordToken) and token.lower_value == "import":
            return False
        if isinstance(token, (ast.StringToken, ast.IdentToken)) and DANGEROUS_TEXT.search(
                token.value):
            return False
        if isinstance(token, (ast.SquareBracketsBlock, ast.ParenthesesBlock,
                              ast.CurlyBracketsBlock)) and not _safe(token.content):
            return False
    return True


def _safe_url_function(function: ast.FunctionBlock) -> bool:
    strings = [t for t in function.arguments if isinstance(t, ast.StringToken)]
    return len(strings) == 1 and bool(SAFE_URL.match(strings[0].value.strip()))
