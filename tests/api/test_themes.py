"""The theme catalog and a site's theme through the API (in-memory suite)."""

import pytest

from tests.support.site_kit import api_author, api_set_tier, api_site

THEMES = "/api/v1/themes"


@pytest.fixture
def mira(client, mailer):
    return api_author(client, mailer, "mira")


@pytest.fixture
def base(client, mira):
    return f"/api/v1/sites/{api_site(client, mira, 'lighthouse-tales')['id']}"


def test_the_catalog_lists_filters_and_pages_without_signing_in(client):
    response = client.get(THEMES)
    assert response.status_code == 200 and len(response.json) == 6
    assert "styles" not in response.json[0]
    premium = client.get(f"{THEMES}?is_premium=true").json
    assert {t["required_tier"] for t in premium} == {"GROWTH", "PROFESSIONAL"}
    assert [t["slug"] for t in client.get(f"{THEMES}?category=dark").json] == ["midnight"]
    page = client.get(f"{THEMES}?page=2&page_size=4")
    assert len(page.json) == 2 and '"total": 6' in page.headers["X-Pagination"]
    assert client.get(f"{THEMES}?is_premium=perhaps").status_code == 422


def test_categories_detail_and_preview(client):
    categories = client.get(f"{THEMES}/categories").json
    assert {"category": "modern", "count": 2} in categories
    theme = client.get(f"{THEMES}/thm_parchment").json
    assert theme["slug"] == "parchment" and theme["color_schemes"][0]["name"] == "sepia"
    preview = client.get(f"{THEMES}/thm_parchment/preview").json
    assert preview["preview_url"] == theme["preview_url"]
    assert preview["style"]["colors"]["primary"] == theme["styles"]["colors"]["primary"]
    assert client.get(f"{THEMES}/thm_missing").status_code == 404
    assert client.get(f"{THEMES}/thm_missing/preview").status_code == 404


def test_a_site_picks_a_theme_and_its_choices(client, mira, base):
    current = client.get(f"{base}/theme", headers=mira.headers).json
    assert current["theme"]["slug"] == "classic"
    response = client.patch(f"{base}/theme", headers=mira.headers, json={
        "theme_id": "thm_midnight", "settings": {"color_scheme": "light", "font": "mono"}})
    assert response.status_code == 200
    assert response.json["theme"]["id"] == "thm_midnight"
    assert response.json["settings"] == {"color_scheme": "light", "font": "mono"}
    assert response.json["style"]["fonts"]["heading"] == "JetBrains Mono"
    assert client.get(f"{THEMES}/thm_midnight").json["usage_count"] == 1


def test_a_premium_theme_names_the_plan_it_needs(client, mira, base):
    response = client.patch(f"{base}/theme", headers=mira.headers,
                            json={"theme_id": "thm_atelier"})
    assert response.status_code == 403 and response.json["error"] == "feature_not_in_plan"
    assert response.json["errors"]["json"]["required_tier"] == ["PROFESSIONAL"]
    assert "PROFESSIONAL" in response.json["message"]
    api_set_tier(client, mira, "PROFESSIONAL")
    assert client.patch(f"{base}/theme", headers=mira.headers,
                        json={"theme_id": "thm_atelier"}).status_code == 200


def test_bad_theme_choices_are_422(client, mira, base):
    response = client.patch(f"{base}/theme", headers=mira.headers,
                            json={"settings": {"color_scheme": "neon"}})
    assert response.status_code == 422 and "color_scheme" in response.json["errors"]["json"]
    unknown = client.patch(f"{base}/theme", headers=mira.headers, json={"theme_id": "thm_x"})
    assert unknown.status_code == 404 and unknown.json["error"] == "theme_not_found"


def test_the_preview_merges_without_saving(client, mira, base):
    response = client.get(f"{base}/theme/preview?theme_id=thm_aurora&primary_color=%23112233"
                          "&layout=magazine", headers=mira.headers)
    assert response.status_code == 200, response.json
    assert response.json["style"]["colors"]["primary"] == "#112233"
    assert response.json["style"]["layout"] == "magazine"
    assert response.json["available"] is False
    assert client.get(f"{base}/theme", headers=mira.headers).json["theme"]["slug"] == "classic"
    bad = client.get(f"{base}/theme/preview?primary_color=blue", headers=mira.headers)
    assert bad.status_code == 422 and "primary_color" in bad.json["errors"]["query"]
