"""Reader and author preferences: a known set of keys with typed values."""

from ownverso.domain.errors import RuleViolation

DEFAULTS: dict = {
    "theme": "system",
    "reading_font_size": 16,
    "reading_font": "serif",
    "reading_line_height": 1.6,
    "show_mature_content": False,
    "email_notifications": True,
    "push_notifications": True,
    "newsletter": True,
    "marketing_emails": False,
    "profile_public": True,
    "show_reading_activity": True,
}
CHOICES = {"theme": {"light", "dark", "system", "sepia"}, "reading_font": {"serif", "sans", "mono"}}
RANGES = {"reading_font_size": (10, 40), "reading_line_height": (1.0, 3.0)}


def merge_preferences(current: dict, changes: dict) -> dict:
    """Validate ``changes`` against the known keys and types and return the merged dict."""
    errors: dict[str, list[str]] = {}
    for key, value in changes.items():
        if key not in DEFAULTS:
            errors[key] = ["Unknown preference."]
            continue
        default = DEFAULTS[key]
        if isinstance(default, bool):
            if not isinstance(value, bool):
                errors[key] = ["Must be true or false."]
        elif isinstance(default, int | float):
            low, high = RANGES[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                errors[key] = ["Must be a number."]
            elif not low <= value <= high:
                errors[key] = [f"Must be between {low} and {high}."]
        elif value not in CHOICES[key]:
            errors[key] = [f"Must be one of: {', '.join(sorted(CHOICES[key]))}."]
    if errors:
        raise RuleViolation("Some preferences are invalid.", code="invalid_preferences",
                            fields=errors)
    return {**DEFAULTS, **current, **changes}
