"""/sites/{siteId}/series and /series/{id}: CRUD, images, options, status, stats, and who may
call what (on the in-memory suite)."""

import io

import pytest

from tests.support.series import author, create_series, make_site, png, set_series

BASE = "/api/v1/series"


@pytest.fixture
def mira(client):
    return author(client, name="mira")


@pytest.fixture
def site(client, mira):
    return make_site(client.application.container, mira.user["id"])


@pytest.fixture
def series(client, mira, site):
    return create_series(client, mira, site.id)


def upload(client, user, path, data):
    return client.post(path, headers=user.headers, data={"file": (io.BytesIO(data), "x.png")},
                       content_type="multipart/form-data")


def test_creating_a_series_answers_the_draft_with_its_slug(client, mira, site):
    body = create_series(client, mira, site.id, content_type="WEBTOON", language="fr")

    assert body["status"] == "DRAFT" and body["slug"] == "the-lighthouse-keeper"
    assert body["reading_direction"] == "VERTICAL" and body["language"] == "fr"
    assert body["settings"] == {} and body["version"] == 1


def test_a_taken_slug_is_409_and_the_fourth_free_series_is_402(client, mira, site):
    create_series(client, mira, site.id)
    again = client.post(f"/api/v1/sites/{site.id}/series", headers=mira.headers,
                        json={"title": "The Lighthouse Keeper"})
    assert again.status_code == 409 and again.json["error"] == "slug_taken"

    create_series(client, mira, site.id, slug="two")
    create_series(client, mira, site.id, slug="three")
    over = client.post(f"/api/v1/sites/{site.id}/series", headers=mira.headers,
                       json={"title": "Four"})
    assert over.status_code == 402 and over.json["error"] == "max_series_exceeded"


def test_bodies_with_unknown_fields_or_a_status_are_refused(client, mira, site, series):
    response = client.patch(f"{BASE}/{series['id']}", headers=mira.headers,
                            json={"status": "ONGOING"})
    assert response.status_code == 422
    response = client.post(f"/api/v1/sites/{site.id}/series", headers=mira.headers,
                           json={"title": "x", "owner": "me"})
    assert response.status_code == 422


def test_get_patch_delete_restore_and_duplicate(client, mira, site, series):
    url = f"{BASE}/{series['id']}"
    patched = client.patch(url, headers=mira.headers,
                           json={"title": "Keeper", "meta_description": "Storms"})
    assert patched.status_code == 200 and patched.json["title"] == "Keeper"
    assert client.get(url, headers=mira.headers).json["meta_description"] == "Storms"

    copy = client.post(f"{url}/duplicate", headers=mira.headers)
    assert copy.status_code == 201 and copy.json["slug"] == "the-lighthouse-keeper-copy"

    assert client.delete(url, headers=mira.headers).status_code == 204
    assert client.get(url, headers=mira.headers).status_code == 404
    binned = client.get(f"/api/v1/sites/{site.id}/series?deleted=true", headers=mira.headers)
    assert [s["id"] for s in binned.json] == [series["id"]]
    restored = client.post(f"{url}/restore", headers=mira.headers)
    assert restored.status_code == 200 and restored.json["deleted_at"] is None


def test_the_site_list_pages_and_filters(client, mira, site):
    for n in range(3):
        create_series(client, mira, site.id, slug=f"s{n}",
                      content_type="MANGA" if n else "WEB_NOVEL")
    response = client.get(f"/api/v1/sites/{site.id}/series?page_size=2&content_type=MANGA",
                          headers=mira.headers)
    assert response.status_code == 200 and len(response.json) == 2
    assert '"total": 2' in response.headers["X-Pagination"]


def test_images_are_uploaded_checked_and_removed(client, mira, series):
    url = f"{BASE}/{series['id']}"
    for kind, field in (("cover", "cover_image_url"), ("banner", "banner_image_url"),
                        ("thumbnail", "thumbnail_url")):
        response = upload(client, mira, f"{url}/{kind}", png())
        assert response.status_code == 200 and response.json[field].endswith(".webp")
        removed = client.delete(f"{url}/{kind}", headers=mira.headers)
        assert removed.status_code == 200 and removed.json[field] is None
    bad = upload(client, mira, f"{url}/cover", b"GIF89a not really")
    assert bad.status_code == 422 and bad.json["error"] == "invalid_image"


def test_settings_paywall_and_schedule(client, mira, series):
    url = f"{BASE}/{series['id']}"
    settings = client.patch(f"{url}/settings", headers=mira.headers,
                            json={"allow_downloads": True})
    assert settings.status_code == 200 and settings.json["allow_downloads"] is True
    assert client.get(f"{url}/settings", headers=mira.headers).json["allow_comments"] is True
    assert client.patch(f"{url}/settings", headers=mira.headers,
                        json={"theme": "dark"}).status_code == 422

    paywall = client.patch(f"{url}/paywall", headers=mira.headers,
                           json={"early_access_days": 7, "default_access_level": "SUBSCRIBERS"})
    assert paywall.json["early_access_days"] == 7
    assert client.patch(f"{url}/paywall", headers=mira.headers,
                        json={"preview_paragraphs": 21}).status_code == 422
    assert client.get(f"{url}/paywall", headers=mira.headers).json["default_access_level"] \
        == "SUBSCRIBERS"

    schedule = client.patch(f"{url}/schedule", headers=mira.headers,
                            json={"update_days": [5, 1], "update_schedule": "Tue & Sat"})
    assert schedule.json["update_days"] == [1, 5]
    assert client.patch(f"{url}/schedule", headers=mira.headers,
                        json={"update_days": [7]}).status_code == 422


def test_status_endpoints_follow_the_state_machine(client, mira, series):
    url = f"{BASE}/{series['id']}"
    assert client.post(f"{url}/resume", headers=mira.headers).json["error"] \
        == "invalid_series_transition"
    for action, status in (("publish", "ONGOING"), ("hiatus", "HIATUS"), ("resume", "ONGOING"),
                           ("unpublish", "DRAFT"), ("publish", "ONGOING"),
                           ("complete", "COMPLETED")):
        response = client.post(f"{url}/{action}", headers=mira.headers)
        assert response.status_code == 200 and response.json["status"] == status, action
    refused = client.post(f"{url}/hiatus", headers=mira.headers)
    assert refused.status_code == 409 and refused.json["error"] == "invalid_series_transition"


def test_unpublishing_with_published_chapters_is_409(client, mira, series):
    url = f"{BASE}/{series['id']}"
    client.post(f"{url}/publish", headers=mira.headers)
    set_series(client.application.container, series["id"], published_chapter_count=1)
    response = client.post(f"{url}/unpublish", headers=mira.headers)
    assert response.status_code == 409 and response.json["error"] \
        == "series_has_published_chapters"


def test_listing_needs_cover_synopsis_and_a_published_chapter(client, mira, series):
    url = f"{BASE}/{series['id']}"
    response = client.post(f"{url}/list", headers=mira.headers)
    assert response.status_code == 422
    assert response.json["error"] == "listing_requirements_unmet"
    assert set(response.json["errors"]["json"]) == {"cover_image", "chapters", "status"}

    client.post(f"{url}/publish", headers=mira.headers)
    upload(client, mira, f"{url}/cover", png())
    set_series(client.application.container, series["id"], published_chapter_count=1)
    assert client.post(f"{url}/list", headers=mira.headers).json["is_listed"] is True
    assert client.post(f"{url}/unlist", headers=mira.headers).json["is_listed"] is False


def test_stats_and_detailed_stats(client, mira, series):
    url = f"{BASE}/{series['id']}"
    set_series(client.application.container, series["id"], chapter_count=2, word_count=600,
               published_chapter_count=1, view_count=9)
    stats = client.get(f"{url}/stats", headers=mira.headers)
    assert stats.status_code == 200 and stats.json["unpublished_chapter_count"] == 1
    detailed = client.get(f"{url}/stats/detailed", headers=mira.headers)
    assert detailed.json["average_words_per_chapter"] == 300
    assert detailed.json["taxonomy"] == {"genres": 0, "tags": 0, "content_warnings": 0}


def test_signing_in_is_required(client, series):
    response = client.get(f"{BASE}/{series['id']}")
    assert response.status_code == 401
