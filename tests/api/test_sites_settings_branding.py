"""Settings, integrations and branding through the API (in-memory suite)."""

import io

import pytest

from tests.support.site_kit import api_author, api_join, api_set_tier, api_site, image_bytes

SITES = "/api/v1/sites"


@pytest.fixture
def mira(client, mailer):
    return api_author(client, mailer, "mira")


@pytest.fixture
def base(client, mira):
    return f"{SITES}/{api_site(client, mira, 'lighthouse-tales')['id']}"


def test_settings_read_and_change_by_group(client, mira, base):
    assert client.get(f"{base}/settings", headers=mira.headers).json["comments"][
        "comments_moderation_mode"] == "post"
    response = client.patch(f"{base}/settings/comments", headers=mira.headers,
                            json={"comments_moderation_mode": "none"})
    assert response.status_code == 200
    assert response.json["comments"]["comments_moderation_mode"] == "none"
    response = client.patch(f"{base}/settings/content", headers=mira.headers,
                            json={"default_content_rating": "TEEN"})
    assert response.json["content"]["default_content_rating"] == "TEEN"
    response = client.patch(f"{base}/settings", headers=mira.headers, json={
        "seo": {"meta_title": "Lights"}, "social_links": {"website": "https://mira.example"}})
    assert response.status_code == 200 and response.json["seo"]["meta_title"] == "Lights"


@pytest.mark.parametrize("path, body", [
    ("/settings/comments", {"comments_moderation_mode": "sometimes"}),
    ("/settings/comments", {"comments_enabled": "maybe"}),
    ("/settings/content", {"default_language": "xx-yy-zz"}),
    ("/settings", {"comments": {"unknown": True}}),
    ("/settings", {"social_links": {"myspace": "https://myspace.com/x"}}),
    ("/settings", {"seo": {"canonical_url": "javascript:alert(1)"}}),
])
def test_bad_settings_are_422(client, mira, base, path, body):
    response = client.patch(base + path, headers=mira.headers, json=body)
    assert response.status_code == 422, response.json
    assert response.json["errors"]


def test_integrations_are_checked_and_verified(client, mira, base):
    response = client.patch(f"{base}/integrations", headers=mira.headers, json={
        "google_analytics_id": "G-ABCDEF1234", "facebook_pixel_id": "123456789012"})
    assert response.status_code == 200
    assert response.json["integrations_verified_at"] is None
    verified = client.post(f"{base}/integrations/verify", headers=mira.headers)
    assert verified.status_code == 200 and verified.json["all_valid"] is True
    assert verified.json["results"]["google_analytics"] == {
        "configured": True, "valid": True, "message": "The id is well-formed."}
    stored = client.get(f"{base}/integrations", headers=mira.headers).json
    assert stored["integrations_verified_at"] == verified.json["verified_at"]
    public = client.get(f"{base}/public").json
    assert public["google_analytics_id"] == "G-ABCDEF1234"


@pytest.mark.parametrize("body, field", [
    ({"google_analytics_id": "G-12"}, "google_analytics_id"),
    ({"facebook_pixel_id": "pixel"}, "facebook_pixel_id"),
    ({"custom_tracking_code": "<script>alert(1)</script>"}, "custom_tracking_code"),
])
def test_bad_integrations_are_422_naming_the_field(client, mira, base, body, field):
    response = client.patch(f"{base}/integrations", headers=mira.headers, json=body)
    assert response.status_code == 422 and field in response.json["errors"]["json"]


def test_branding_colors_are_validated(client, mira, base):
    response = client.patch(f"{base}/branding", headers=mira.headers,
                            json={"primary_color": "#a0b1c2", "custom_fonts": {"body": "Lora"}})
    assert response.status_code == 200 and response.json["primary_color"] == "#A0B1C2"
    bad = client.patch(f"{base}/branding", headers=mira.headers,
                       json={"accent_color": "purple"})
    assert bad.status_code == 422 and "accent_color" in bad.json["errors"]["json"]
    fonts = client.patch(f"{base}/branding", headers=mira.headers,
                         json={"custom_fonts": {"footer": "Lora"}})
    assert fonts.status_code == 422


def test_custom_css_needs_the_plan_and_is_sanitized(client, mira, base):
    css = "@import 'evil.css'; body { color: red; behavior: url(x.htc) }"
    refused = client.patch(f"{base}/branding", headers=mira.headers, json={"custom_css": css})
    assert refused.status_code == 403 and refused.json["error"] == "feature_not_in_plan"
    api_set_tier(client, mira, "STARTER")
    response = client.patch(f"{base}/branding", headers=mira.headers, json={"custom_css": css})
    assert response.status_code == 200
    assert response.json["custom_css"] == "body { color: red; }"
    assert client.get(f"{base}/public").json["custom_css"] == "body { color: red; }"


@pytest.mark.parametrize("kind, field", [("logo", "logo_url"), ("favicon", "favicon_url"),
                                         ("cover", "cover_image_url"),
                                         ("og-image", "og_image_url")])
def test_branding_images_upload_and_go(client, mira, base, kind, field):
    response = client.post(f"{base}/branding/{kind}", headers=mira.headers,
                           data={"file": (io.BytesIO(image_bytes(300, 200)), "img.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 200, response.json
    assert f"/branding/{kind}-" in response.json[field]
    assert client.get(f"{base}/public").json[field] == response.json[field]
    removed = client.delete(f"{base}/branding/{kind}", headers=mira.headers)
    assert removed.status_code == 200 and removed.json[field] is None


def test_an_upload_that_is_not_an_image_is_422_under_files(client, mira, base):
    response = client.post(f"{base}/branding/logo", headers=mira.headers,
                           data={"file": (io.BytesIO(b"GIF89a-not-really"), "logo.gif")},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "file" in response.json["errors"]["files"]
    missing = client.post(f"{base}/branding/logo", headers=mira.headers, data={},
                          content_type="multipart/form-data")
    assert missing.status_code == 422


def test_an_analyst_reads_settings_and_is_refused_changes(client, mailer, base):
    ana = api_author(client, mailer, "ana")
    api_join(client, base.rsplit("/", 1)[1], ana, "ANALYST")
    assert client.get(f"{base}/branding", headers=ana.headers).status_code == 200
    response = client.patch(f"{base}/branding", headers=ana.headers,
                            json={"primary_color": "#000000"})
    assert response.status_code == 403 and response.json["error"] == "missing_permission"
