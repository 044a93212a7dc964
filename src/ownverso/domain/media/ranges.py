"""HTTP byte ranges (RFC 9110 §14): which slice of a file a ``Range`` header asks for."""

import re

from ownverso.domain.errors import RuleViolation

SINGLE = re.compile(r"^bytes=(\d*)-(\d*)$")


def byte_range(header: str | None, total: int) -> tuple[int, int] | None:
    """``(start, stop)`` (stop exclusive) for one satisfiable range; None for the whole file
    (no header, or one we may ignore: several ranges or another unit). An unsatisfiable range
    raises ``range_not_satisfiable``."""
    if not header:
        return None
    found = SINGLE.match(header.strip().replace(" ", ""))
    if not found or (not found.group(1) and not found.group(2)):
        return None
    first, last = found.group(1), found.group(2)
    if not first:  # a suffix: the last N bytes
        length = int(last)
        if length == 0 or total == 0:
            raise _unsatisfiable()
        return max(total - length, 0), total
    start = int(first)
    stop = min(int(last) + 1, total) if last else total
    if last and int(last) < start:
        return None  # invalid, so ignored (RFC 9110: a syntactically invalid range)
    if start >= total:
        raise _unsatisfiable()
    return start, stop


def _unsatisfiable() -> RuleViolation:
    return RuleViolation("The requested range is outside the file.",
                         code="range_not_satisfiable")
