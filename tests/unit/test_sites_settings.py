"""SiteSettingsService: settings groups with their rules, integrations checked by format."""

import pytest

from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import NotFound, PermissionDenied, ValidationFailed
from tests.support.site_kit import SiteKit


@pytest.fixture
def kit():
    return SiteKit.build()


@pytest.fixture
def service(kit):
    return kit.container.site_settings()


@pytest.fixture
def owner(kit):
    return kit.user()


@pytest.fixture
def site_id(kit, owner):
    return kit.site(owner)


def test_settings_have_defaults_in_groups(service, owner, site_id):
    settings = service.settings(actor=owner, site_id=site_id)
    assert settings["comments"] == {"comments_enabled": True, "comments_moderation_mode": "post",
                                    "allow_anonymous_comments": False}
    assert settings["content"] == {"default_content_rating": "EVERYONE",
                                   "default_language": "en"}
    assert settings["is_public"] is True and settings["social_links"] == {}


def test_settings_change_by_group(service, owner, site_id):
    service.update_comments(actor=owner, site_id=site_id, changes={
        "comments_moderation_mode": "pre", "allow_anonymous_comments": True})
    service.update_content(actor=owner, site_id=site_id, changes={
        "default_content_rating": "MATURE", "default_language": "fr"})
    settings = service.update_settings(actor=owner, site_id=site_id, changes={
        "seo": {"meta_title": "Tales"}, "social_links": {"bluesky": "https://bsky.app/x"},
        "analytics_enabled": False})
    assert settings["comments"]["comments_moderation_mode"] == "pre"
    assert settings["comments"]["allow_anonymous_comments"] is True
    assert settings["content"] == {"default_content_rating": "MATURE", "default_language": "fr"}
    assert settings["seo"]["meta_title"] == "Tales"
    assert settings["social_links"] == {"bluesky": "https://bsky.app/x"}
    assert settings["analytics_enabled"] is False


@pytest.mark.parametrize("changes, field", [
    ({"comments": {"comments_moderation_mode": "later"}}, "comments_moderation_mode"),
    ({"content": {"default_language": "english"}}, "default_language"),
    ({"content": {"default_content_rating": "R"}}, "default_content_rating"),
    ({"social_links": {"myspace": "https://myspace.com/x"}}, "social_links"),
    ({"social_links": {"twitter": "javascript:alert(1)"}}, "social_links"),
    ({"comments": {"comments_enabled": None}}, "comments_enabled"),
    ({"content": {"default_language": None}}, "default_language"),
])
def test_bad_settings_are_refused_naming_the_field(service, owner, site_id, changes, field):
    with pytest.raises(ValidationFailed) as error:
        service.update_settings(actor=owner, site_id=site_id, changes=changes)
    assert field in error.value.fields


def test_a_refused_change_changes_nothing(service, owner, site_id):
    with pytest.raises(ValidationFailed):
        service.update_settings(actor=owner, site_id=site_id, changes={
            "comments": {"comments_enabled": False, "comments_moderation_mode": "bad"}})
    assert service.settings(actor=owner, site_id=site_id)["comments"]["comments_enabled"]


def test_analysts_read_settings_but_do_not_change_them(kit, service, site_id):
    analyst = kit.user()
    kit.join(site_id, analyst, CollaboratorRole.ANALYST)
    assert service.settings(actor=analyst, site_id=site_id)
    with pytest.raises(PermissionDenied):
        service.update_comments(actor=analyst, site_id=site_id,
                                changes={"comments_enabled": False})
    with pytest.raises(NotFound):
        service.settings(actor=kit.user(), site_id=site_id)


@pytest.mark.parametrize("value", ["G-ABC123DEF", "G-1234AB", "UA-12345678-1"])
def test_google_analytics_ids_in_either_format(service, owner, site_id, value):
    found = service.update_integrations(actor=owner, site_id=site_id,
                                        changes={"google_analytics_id": value})
    assert found["google_analytics_id"] == value


@pytest.mark.parametrize("changes, field", [
    ({"google_analytics_id": "G-abc"}, "google_analytics_id"),
    ({"google_analytics_id": "GTM-12345"}, "google_analytics_id"),
    ({"google_analytics_id": "UA-123-1"}, "google_analytics_id"),
    ({"facebook_pixel_id": "12345"}, "facebook_pixel_id"),
    ({"facebook_pixel_id": "12345678901x"}, "facebook_pixel_id"),
])
def test_malformed_integration_ids_are_refused(service, owner, site_id, changes, field):
    with pytest.raises(ValidationFailed) as error:
        service.update_integrations(actor=owner, site_id=site_id, changes=changes)
    assert field in error.value.fields


@pytest.mark.parametrize("code", [
    "<script>alert(1)</script>", '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>', "<iframe src=https://evil.example></iframe>",
])
def test_tracking_code_with_scripts_is_refused(service, owner, site_id, code):
    with pytest.raises(ValidationFailed) as error:
        service.update_integrations(actor=owner, site_id=site_id,
                                    changes={"custom_tracking_code": code})
    assert error.value.code == "unsafe_tracking_code"


def test_tracking_markup_is_kept_sanitized_and_cleared_with_null(service, owner, site_id):
    pixel = '<img src="https://px.example.com/p.gif" width="1" height="1" alt="">'
    found = service.update_integrations(actor=owner, site_id=site_id,
                                        changes={"custom_tracking_code": pixel})
    assert 'src="https://px.example.com/p.gif"' in found["custom_tracking_code"]
    found = service.update_integrations(actor=owner, site_id=site_id,
                                        changes={"custom_tracking_code": None})
    assert found["custom_tracking_code"] is None


def test_verify_reports_each_integration_and_records_the_time(kit, service, owner, site_id):
    service.update_integrations(actor=owner, site_id=site_id, changes={
        "google_analytics_id": "G-ABC123DEF", "facebook_pixel_id": "1234567890"})
    report = service.verify_integrations(actor=owner, site_id=site_id)
    assert report["all_valid"] is True
    assert report["results"]["google_analytics"].configured
    assert report["results"]["facebook_pixel"].valid
    assert not report["results"]["custom_tracking_code"].configured
    stored = service.integrations(actor=owner, site_id=site_id)
    assert stored["integrations_verified_at"] == kit.clock.now()


def test_verify_flags_an_id_stored_before_the_rules(kit, service, owner, site_id):
    with kit.container.uow() as uow:
        uow.sites.get(site_id).google_analytics_id = "legacy-id"
        uow.commit()
    report = service.verify_integrations(actor=owner, site_id=site_id)
    assert report["all_valid"] is False
    assert not report["results"]["google_analytics"].valid
