"""A series' identity, display settings, paywall and schedule, and the rules on their values."""

import re
from datetime import datetime

from ownverso.domain.errors import RuleViolation
from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.values import ChapterAccessLevel, ContentType, ReadingDirection
from ownverso.domain.sites.values import ContentRating

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 120
LANGUAGE = re.compile(r"^[a-z]{2}$")

# Display settings: known keys and their defaults (the stored dict holds only what was set).
SETTING_DEFAULTS: dict[str, bool | str] = {
    "allow_comments": True,
    "allow_reactions": True,
    "show_word_count": True,
    "show_reading_time": True,
    "show_chapter_numbers": True,
    "allow_downloads": False,
    "notify_subscribers_on_publish": True,
    "chapter_order": "asc",
}
SETTING_CHOICES = {"chapter_order": ("asc", "desc")}

EARLY_ACCESS_DAYS = (0, 90)
PREVIEW_PARAGRAPHS = (0, 20)
PAYWALL_MESSAGE_MAX = 2000
SCHEDULE_TEXT_MAX = 200


def refuse(field: str, message: str, code: str = "invalid_series_field") -> RuleViolation:
    return RuleViolation(message, code=code, fields={field: [message]})


def choice(enum: type, value: object, field: str):
    try:
        return enum(value)
    except ValueError:
        raise refuse(field, f"One of: {', '.join(enum)}.") from None


def check_slug(slug: str) -> str:
    slug = slug.strip().lower()
    if not (1 <= len(slug) <= SLUG_MAX and SLUG.match(slug)):
        raise refuse("slug", "Use lower-case letters, digits and single dashes (at most 120).",
                     code="invalid_slug")
    return slug


def check_language(value: str, field: str) -> str:
    if not LANGUAGE.match(value or ""):
        raise refuse(field, "Use a two-letter ISO 639-1 language code.")
    return value


def settings_of(series: Series) -> dict:
    return {**SETTING_DEFAULTS, **series.settings}


def update_settings(series: Series, changes: dict, *, now: datetime) -> dict:
    """Merge known keys whose values have the default's type (and allowed choice)."""
    for key, value in changes.items():
        if key not in SETTING_DEFAULTS:
            raise refuse(key, "Unknown setting.", code="unknown_setting")
        if type(value) is not type(SETTING_DEFAULTS[key]):
            raise refuse(key, f"Expected a {type(SETTING_DEFAULTS[key]).__name__}.")
        if key in SETTING_CHOICES and value not in SETTING_CHOICES[key]:
            raise refuse(key, f"One of: {', '.join(SETTING_CHOICES[key])}.")
    series.settings = {**series.settings, **changes}
    series.updated_at = now
    return settings_of(series)


def _in_range(field: str, value: int, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise refuse(field, f"Between {low} and {high}.")


def update_paywall(series: Series, changes: dict, *, now: datetime) -> None:
    if "default_access_level" in changes:
        series.default_access_level = choice(ChapterAccessLevel,
                                             changes["default_access_level"],
                                             "default_access_level")
    if "early_access_days" in changes:
        _in_range("early_access_days", changes["early_access_days"], EARLY_ACCESS_DAYS)
        series.early_access_days = changes["early_access_days"]
    if "preview_paragraphs" in changes:
        _in_range("preview_paragraphs", changes["preview_paragraphs"], PREVIEW_PARAGRAPHS)
        series.preview_paragraphs = changes["preview_paragraphs"]
    if "paywall_message" in changes:
        message = (changes["paywall_message"] or "").strip() or None
        if message and len(message) > PAYWALL_MESSAGE_MAX:
            raise refuse("paywall_message", f"At most {PAYWALL_MESSAGE_MAX} characters.")
        series.paywall_message = message
    series.updated_at = now


def update_schedule(series: Series, changes: dict, *, now: datetime) -> None:
    """``update_days`` are weekdays, 0 = Monday … 6 = Sunday; stored sorted, once each."""
    if "update_days" in changes:
        days = changes["update_days"] or []
        for day in days:
            _in_range("update_days", day, (0, 6))
        series.update_days = sorted(set(days))
    if "update_schedule" in changes:
        text = (changes["update_schedule"] or "").strip() or None
        if text and len(text) > SCHEDULE_TEXT_MAX:
            raise refuse("update_schedule", f"At most {SCHEDULE_TEXT_MAX} characters.")
        series.update_schedule = text
    series.updated_at = now


# -- identity and classification (create and PATCH) ---------------------------------------
TEXT_LIMITS = {"title": 200, "synopsis": 10_000, "meta_title": 60, "meta_description": 160,
               "canonical_url": 2048}
ENUMS = {"content_type": ContentType, "content_rating": ContentRating,
         "reading_direction": ReadingDirection}
EDITABLE = frozenset({*TEXT_LIMITS, *ENUMS, "slug", "language", "original_language",
                      "total_planned_chapters"})
DIRECTION_OF = {ContentType.WEBTOON: ReadingDirection.VERTICAL,
                ContentType.MANHWA: ReadingDirection.VERTICAL,
                ContentType.MANGA: ReadingDirection.RTL}


def edit_series(series: Series, changes: dict, *, now: datetime) -> None:
    """Apply the editable fields; status, counters and listing have their own use cases."""
    for key, value in changes.items():
        if key not in EDITABLE:
            raise refuse(key, "This field cannot be changed here.", code="field_not_editable")
        if key in TEXT_LIMITS:
            value = (value or "").strip() or None
            if value and len(value) > TEXT_LIMITS[key]:
                raise refuse(key, f"At most {TEXT_LIMITS[key]} characters.")
            if key == "title" and not value:
                raise refuse(key, "A title is required.")
            value = "" if key == "synopsis" and value is None else value
        elif key in ENUMS:
            value = choice(ENUMS[key], value, key)
        elif key == "slug":
            value = check_slug(value)
        elif key in ("language", "original_language"):
            value = check_language(value, key)
        elif key == "total_planned_chapters" and value is not None:
            _in_range(key, value, (1, 100_000))
        setattr(series, key, value)
    series.updated_at = now


def default_direction(content_type: ContentType) -> ReadingDirection:
    return DIRECTION_OF.get(content_type, ReadingDirection.LTR)
