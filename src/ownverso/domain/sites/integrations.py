"""Analytics integrations: the ids each service gives out, checked by their format."""

import re

from ownverso.domain.errors import RuleViolation

FORMATS = {
    "google_analytics_id": (re.compile(r"^(G-[A-Z0-9]{6,12}|UA-\d{4,10}-\d{1,4})$"),
                            "a Google Analytics id like G-ABC123DEF or UA-12345678-1"),
    "facebook_pixel_id": (re.compile(r"^\d{10,20}$"), "a Facebook pixel id of 10 to 20 digits"),
}
# what a tracking snippet may not contain: it is markup (a noscript pixel, a meta tag), never code
UNSAFE_CODE = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|link|base|form|meta\s+http-equiv)"
    r"|\bon[a-z]+\s*=|javascript:|vbscript:|data:text/html", re.IGNORECASE)
MAX_TRACKING_CODE = 10_000


def format_problem(name: str, value: str | None) -> str | None:
    """What is wrong with an integration id, or None when it is well-formed (or unset)."""
    if value is None:
        return None
    pattern, expected = FORMATS[name]
    return None if pattern.match(value) else f"Expected {expected}."


def check_integration_id(name: str, value: str | None) -> str | None:
    value = value.strip() if isinstance(value, str) else value
    value = value or None
    problem = format_problem(name, value)
    if problem:
        raise RuleViolation(problem, code="invalid_integration_id", fields={name: [problem]})
    return value


def check_tracking_code(code: str | None) -> str | None:
    """Refuse scripts, frames, event handlers and script URLs; the caller sanitizes the rest."""
    if code is None or not code.strip():
        return None
    if len(code) > MAX_TRACKING_CODE:
        raise RuleViolation("The tracking code is too long.", code="tracking_code_too_long",
                            fields={"custom_tracking_code": ["Too long."]})
    if UNSAFE_CODE.search(code):
        raise RuleViolation("Custom tracking code may not contain scripts, frames, styles or "
                            "event handlers; use the analytics id fields instead.",
                            code="unsafe_tracking_code",
                            fields={"custom_tracking_code": ["Scripts are not allowed."]})
    return code.strip()
