"""Rules for the editable parts of a user's profile."""

import re
from datetime import datetime
from zoneinfo import available_timezones

from ownverso.domain.errors import RuleViolation
from ownverso.domain.identity.user import User, check_username

LOCALE = re.compile(r"^[a-z]{2}$")
DATA_REGIONS = ("INDIA", "SOUTHEAST_ASIA", "EUROPE", "NORTH_AMERICA")
EDITABLE = ("username", "display_name", "bio", "locale", "timezone", "data_region")


def update_profile(user: User, changes: dict, *, now: datetime) -> None:
    errors: dict[str, list[str]] = {}
    for name in set(changes) - set(EDITABLE):
        errors[name] = ["Not editable here."]
    if "username" in changes:
        try:
            changes["username"] = check_username(changes["username"])
        except RuleViolation as error:
            errors.update(error.fields)
    if "display_name" in changes and not (changes["display_name"] or "").strip():
        errors["display_name"] = ["Must not be empty."]
    if "locale" in changes and not LOCALE.match(changes["locale"] or ""):
        errors["locale"] = ["A two-letter language code such as 'en'."]
    if "timezone" in changes and changes["timezone"] not in available_timezones():
        errors["timezone"] = ["An IANA time zone such as 'Asia/Kolkata'."]
    if "data_region" in changes and changes["data_region"] not in DATA_REGIONS:
        errors["data_region"] = [f"One of {', '.join(DATA_REGIONS)}."]
    if errors:
        raise RuleViolation("Some profile fields are invalid.", code="invalid_profile",
                            fields=errors)
    for name, value in changes.items():
        setattr(user, name, value.strip() if isinstance(value, str) else value)
    user.updated_at = now
