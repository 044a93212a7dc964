"""What an uploaded file is, told by its content (never by its name or declared type)."""

import re

from ownverso.services.publishing.converters.docx import is_docx
from ownverso.services.publishing.converters.gdocs_html import decode_text
from ownverso.services.publishing.converters.model import UnreadableDocument

DOCX, HTML, MARKDOWN = "docx", "html", "markdown"
_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                         r"<(?:!doctype\s+html|html|head|body|meta)\b", re.I | re.S)
_HTML_BLOCKS = re.compile(r"</(?:p|div|h[1-6]|span|li|ul|ol|table)>", re.I)


def detect_format(data: bytes) -> str:
    """``docx`` (a zip with ``word/document.xml``), ``html`` or ``markdown`` (any other UTF-8
    text, plain text included); binary files and other archives are refused."""
    if is_docx(data):
        return DOCX
    if data.startswith((b"PK", b"%PDF", b"\x89PNG", b"\xff\xd8", b"GIF8", b"\xd0\xcf\x11\xe0")):
        raise UnreadableDocument("Upload a Word (.docx), HTML, Markdown or plain-text file.",
                                 code="unsupported_document")
    text = decode_text(data)
    if _HTML_START.match(text) or len(_HTML_BLOCKS.findall(text[:20000])) >= 3:
        return HTML
    return MARKDOWN
