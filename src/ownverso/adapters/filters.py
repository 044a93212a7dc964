"""The filter mini-language both repository adapters understand: ``field__op=value``."""

from collections.abc import Callable
from typing import Any

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a is not None and a < b,
    "lte": lambda a, b: a is not None and a <= b,
    "gt": lambda a, b: a is not None and a > b,
    "gte": lambda a, b: a is not None and a >= b,
    "in": lambda a, b: a in b,
    "isnull": lambda a, b: (a is None) == bool(b),
}


def parse(name: str) -> tuple[str, str]:
    """``"created_at__lt"`` -> ``("created_at", "lt")``; a bare field means equality."""
    field, _, op = name.partition("__")
    op = op or "eq"
    if op not in OPERATORS:
        raise ValueError(f"Unknown filter operator {op!r} in {name!r}")
    return field, op


def parse_order(name: str) -> tuple[str, bool]:
    """``"-created_at"`` -> ``("created_at", True)`` (descending)."""
    return (name[1:], True) if name.startswith("-") else (name, False)
