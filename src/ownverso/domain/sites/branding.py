"""Branding rules: colors are #RRGGBB, custom fonts name a heading and a body font."""

import re

from ownverso.domain.errors import RuleViolation

HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
COLOR_FIELDS = ("primary_color", "secondary_color", "accent_color")
FONT_KEYS = frozenset({"heading", "body"})
FONT_NAME = re.compile(r"^[A-Za-z0-9 _\-]{1,64}$")


def check_color(value: str | None, *, field_name: str) -> str | None:
    """``#A1B2C3`` (stored upper-case); None clears the color."""
    if value is None:
        return None
    if not isinstance(value, str) or not HEX_COLOR.match(value.strip()):
        raise RuleViolation(f"{field_name} must be a hex color like #1A2B3C.",
                            code="invalid_color", fields={field_name: ["Not a #RRGGBB color."]})
    return value.strip().upper()


def check_fonts(fonts: dict | None) -> dict:
    fonts = fonts or {}
    for key, name in fonts.items():
        if key not in FONT_KEYS:
            raise RuleViolation("Custom fonts are 'heading' and 'body'.", code="invalid_fonts",
                                fields={"custom_fonts": [f"Unknown key '{key}'."]})
        if name is not None and not (isinstance(name, str) and FONT_NAME.match(name)):
            raise RuleViolation("Font names are letters, digits, spaces and dashes.",
                                code="invalid_fonts", fields={"custom_fonts": [f"Bad '{key}'."]})
    return {k: v for k, v in fonts.items() if v is not None}
