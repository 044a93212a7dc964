"""Readers' side of series over HTTP: a site's public list, a series by slug and by id, and
/users/{username}/series and /stats."""

import pytest

from ownverso.domain.sites.values import SiteStatus
from tests.support.series import author, create_series, hide_site, make_site, set_series


@pytest.fixture
def mira(client):
    return author(client, name="mira")


@pytest.fixture
def site(client, mira):
    return make_site(client.application.container, mira.user["id"])


@pytest.fixture
def live(client, mira, site):
    series = create_series(client, mira, site.id, slug="live")
    assert client.post(f"/api/v1/series/{series['id']}/publish",
                       headers=mira.headers).status_code == 200
    client.put(f"/api/v1/series/{series['id']}/genres", headers=mira.headers,
               json={"genre_ids": ["urban-fantasy", "fantasy"]})
    client.post(f"/api/v1/series/{series['id']}/warnings", headers=mira.headers,
                json={"warning_id": "violence"})
    return series


@pytest.fixture
def draft(client, mira, site):
    return create_series(client, mira, site.id, slug="draft", title="Secret Draft")


def test_the_public_list_shows_published_series_only_to_anyone(client, site, live, draft):
    response = client.get(f"/api/v1/sites/{site.id}/series/public")
    assert response.status_code == 200
    assert [s["slug"] for s in response.json] == ["live"]
    assert "Secret" not in response.get_data(as_text=True)


def test_a_hidden_site_has_no_public_list(client, site, live):
    hide_site(client.application.container, site.id, SiteStatus.SUSPENDED)
    assert client.get(f"/api/v1/sites/{site.id}/series/public").status_code == 404
    assert client.get(f"/api/v1/series/{live['id']}/public").status_code == 404


def test_by_slug_and_by_id_answer_the_public_view(client, site, live):
    by_slug = client.get(f"/api/v1/sites/{site.id}/series/by-slug/live")
    by_id = client.get(f"/api/v1/series/{live['id']}/public")

    assert by_slug.status_code == by_id.status_code == 200
    assert by_slug.json == by_id.json
    body = by_id.json
    assert body["site"]["id"] == site.id and body["status"] == "ONGOING"
    assert [(g["slug"], g["is_primary"]) for g in body["genres"]] == [
        ("urban-fantasy", True), ("fantasy", False)]
    assert [w["slug"] for w in body["content_warnings"]] == ["violence"]
    assert "settings" not in body and "paywall_message" not in body


def test_a_draft_is_404_for_readers_and_visible_to_its_author(client, mira, site, draft):
    for headers in ({}, author(client, name="other").headers):
        assert client.get(f"/api/v1/series/{draft['id']}/public",
                          headers=headers).status_code == 404
        assert client.get(f"/api/v1/sites/{site.id}/series/by-slug/draft",
                          headers=headers).status_code == 404
    own = client.get(f"/api/v1/sites/{site.id}/series/by-slug/draft", headers=mira.headers)
    assert own.status_code == 200 and own.json["status"] == "DRAFT"


def test_a_users_public_series_and_stats(client, mira, site, live, draft):
    set_series(client.application.container, live["id"], published_chapter_count=4,
               word_count=1200, view_count=50)
    series = client.get("/api/v1/users/mira/series")
    assert series.status_code == 200 and [s["slug"] for s in series.json] == ["live"]
    stats = client.get("/api/v1/users/mira/stats")
    assert stats.json == {"username": "mira", "series": 1, "completed_series": 0,
                          "published_chapters": 4, "words": 1200, "views": 50,
                          "subscribers": 0}
    assert client.get("/api/v1/users/nobody/series").status_code == 404
    assert client.get("/api/v1/users/nobody/stats").status_code == 404
