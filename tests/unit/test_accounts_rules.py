"""Accounts rules on plain domain objects: author profiles, preferences, profile updates and
the platform tiers' limits."""

from datetime import timedelta

import pytest

from ownverso.domain.accounts.preferences import DEFAULTS, merge_preferences
from ownverso.domain.accounts.profile import update_profile
from ownverso.domain.accounts.tier_catalog import default_tier_limits
from ownverso.domain.accounts.tiers import GIB, UNLIMITED, PlatformTier, TierLimits, remaining
from ownverso.domain.errors import RuleViolation
from tests.factories.accounts import AuthorProfileFactory
from tests.factories.identity import BASE_TIME, UserFactory

NOW = BASE_TIME + timedelta(days=1)


# -- author profile -----------------------------------------------------------------------------
def test_an_author_profile_update_sets_the_fields_and_the_time():
    profile = AuthorProfileFactory()

    profile.update({"pen_name": "Ash Wren", "genres": ["horror"], "show_email": True}, now=NOW)

    assert (profile.pen_name, profile.genres, profile.show_email) == (
        "Ash Wren", ["horror"], True)
    assert profile.updated_at == NOW


@pytest.mark.parametrize("field", ["is_verified", "user_id", "id", "verified_at", "nonsense"])
def test_an_author_profile_refuses_fields_that_are_not_editable(field):
    profile = AuthorProfileFactory(pen_name="Before")

    with pytest.raises(RuleViolation) as caught:
        profile.update({field: True, "pen_name": "After"}, now=NOW)

    assert caught.value.code == "field_not_editable"
    assert caught.value.fields == {field: ["Not editable."]}
    assert profile.pen_name == "Before"
    assert profile.updated_at == BASE_TIME


def test_a_minimum_commission_above_the_maximum_is_refused():
    profile = AuthorProfileFactory()

    with pytest.raises(RuleViolation) as caught:
        profile.update({"commission_min_price": 5000, "commission_max_price": 1000}, now=NOW)

    assert caught.value.code == "invalid_commission_range"
    assert "commission_min_price" in caught.value.fields


def test_the_commission_range_is_checked_against_the_price_already_set():
    profile = AuthorProfileFactory(commissions=True)  # 50 000 to 200 000

    with pytest.raises(RuleViolation) as caught:
        profile.update({"commission_min_price": 300_000}, now=NOW)

    assert caught.value.code == "invalid_commission_range"


@pytest.mark.parametrize(("low", "high"), [(1000, 1000), (0, 5), (None, 5), (5, None)])
def test_an_equal_or_open_ended_commission_range_is_accepted(low, high):
    profile = AuthorProfileFactory()

    profile.update({"commission_min_price": low, "commission_max_price": high}, now=NOW)

    assert (profile.commission_min_price, profile.commission_max_price) == (low, high)


# -- preferences --------------------------------------------------------------------------------
def test_merging_preferences_keeps_what_was_set_and_fills_in_defaults():
    merged = merge_preferences({"theme": "dark"}, {"reading_font_size": 20})

    assert merged == {**DEFAULTS, "theme": "dark", "reading_font_size": 20}


def test_merging_no_changes_returns_the_defaults_with_the_current_values():
    assert merge_preferences({}, {}) == DEFAULTS


@pytest.mark.parametrize(("changes", "message"), [
    ({"colour": "red"}, "Unknown preference."),
    ({"newsletter": "yes"}, "Must be true or false."),
    ({"newsletter": 1}, "Must be true or false."),
    ({"reading_font_size": "16"}, "Must be a number."),
    ({"reading_font_size": True}, "Must be a number."),
    ({"reading_font_size": 9}, "Must be between 10 and 40."),
    ({"reading_font_size": 41}, "Must be between 10 and 40."),
    ({"reading_line_height": 3.5}, "Must be between 1.0 and 3.0."),
    ({"theme": "neon"}, "Must be one of: dark, light, sepia, system."),
    ({"reading_font": None}, "Must be one of: mono, sans, serif."),
])
def test_an_invalid_preference_is_refused_naming_the_key(changes, message):
    with pytest.raises(RuleViolation) as caught:
        merge_preferences({}, changes)

    (key,) = changes
    assert caught.value.code == "invalid_preferences"
    assert caught.value.fields == {key: [message]}


def test_every_invalid_preference_is_named_at_once():
    with pytest.raises(RuleViolation) as caught:
        merge_preferences({}, {"theme": "neon", "reading_font_size": 99, "newsletter": False})

    assert set(caught.value.fields) == {"theme", "reading_font_size"}


@pytest.mark.parametrize(("key", "value"), [
    ("reading_font_size", 10), ("reading_font_size", 40), ("reading_line_height", 1),
    ("reading_line_height", 2.25), ("theme", "sepia"), ("reading_font", "mono"),
])
def test_boundary_and_choice_values_are_accepted(key, value):
    assert merge_preferences({}, {key: value})[key] == value


# -- profile ------------------------------------------------------------------------------------
def test_a_profile_update_sets_the_fields_trimmed_and_case_folds_the_username():
    user = UserFactory(username="mira")

    update_profile(user, {"username": "Mira_Vale", "display_name": "  Mira  ", "bio": "Hi",
                          "locale": "fr", "timezone": "Europe/Paris",
                          "data_region": "EUROPE"}, now=NOW)

    assert (user.username, user.display_name, user.bio) == ("mira_vale", "Mira", "Hi")
    assert (user.locale, user.timezone, user.data_region) == ("fr", "Europe/Paris", "EUROPE")
    assert user.updated_at == NOW


def test_a_profile_update_can_clear_the_bio():
    user = UserFactory(bio="Old")

    update_profile(user, {"bio": None}, now=NOW)

    assert user.bio is None


def test_a_refused_profile_update_names_every_bad_field_and_changes_nothing():
    user = UserFactory(display_name="Mira")
    changes = {"display_name": "Changed", "locale": "EN", "timezone": "Mars/Olympus",
               "data_region": "MOON", "username": "admin", "display_name_2": "x",
               "email": "x@example.com"}

    with pytest.raises(RuleViolation) as caught:
        update_profile(user, changes, now=NOW)

    assert caught.value.code == "invalid_profile"
    assert set(caught.value.fields) == {"locale", "timezone", "data_region", "username",
                                        "display_name_2", "email"}
    assert user.display_name == "Mira"
    assert user.updated_at == BASE_TIME


@pytest.mark.parametrize("name", ["", "   ", None])
def test_a_blank_display_name_is_refused(name):
    with pytest.raises(RuleViolation) as caught:
        update_profile(UserFactory(), {"display_name": name}, now=NOW)

    assert caught.value.fields == {"display_name": ["Must not be empty."]}


# -- tiers --------------------------------------------------------------------------------------
def test_the_catalog_has_one_row_per_platform_tier():
    rows = default_tier_limits()

    assert [row["tier"] for row in rows] == [
        "FREE", "STARTER", "GROWTH", "PROFESSIONAL", "ENTERPRISE"]
    assert len({row["id"] for row in rows}) == 5


def test_each_catalog_row_builds_a_tier_limits_entity():
    for row in default_tier_limits():
        limits = TierLimits(**{**row, "tier": PlatformTier(row["tier"])})
        assert limits.tier == row["tier"]


def test_the_free_tier_allows_three_series_and_no_custom_domain():
    free = _row("FREE")

    assert free["max_series"] == 3
    assert free["storage_limit"] == 1 * GIB
    assert free["has_custom_domain"] is False
    assert free["custom_domain_count"] == 0
    assert free["api_access_level"] is None


def test_the_enterprise_tier_is_unlimited_and_has_every_feature():
    enterprise = _row("ENTERPRISE")

    assert enterprise["max_series"] == UNLIMITED == -1
    assert enterprise["max_subscribers"] == -1
    assert all(enterprise[name] for name in enterprise if name.startswith("has_"))
    assert enterprise["onboarding_minutes"] == 60


def test_series_limits_grow_with_the_tier():
    series = [row["max_series"] for row in default_tier_limits()]

    assert series == [3, 10, 50, -1, -1]


@pytest.mark.parametrize(("limit", "used", "left"), [
    (3, 0, 3), (3, 2, 1), (3, 3, 0), (3, 5, 0), (-1, 1000, None), (None, 7, None),
])
def test_remaining_is_what_is_left_never_negative_and_none_when_unlimited(limit, used, left):
    assert remaining(limit, used) == left


def _row(tier: str) -> dict:
    return next(row for row in default_tier_limits() if row["tier"] == tier)
