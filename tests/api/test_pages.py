"""A site's pages through the API (in-memory suite)."""

import pytest

from tests.support.site_kit import api_author, api_join, api_site


@pytest.fixture
def mira(client, mailer):
    return api_author(client, mailer, "mira")


@pytest.fixture
def site(client, mira):
    return api_site(client, mira, "lighthouse-tales")


@pytest.fixture
def base(site):
    return f"/api/v1/sites/{site['id']}/pages"


def create(client, who, base, **body):
    response = client.post(base, headers=who.headers, json={"title": "About", **body})
    assert response.status_code == 201, response.json
    return response.json


def test_create_read_update_delete(client, mira, base):
    page = create(client, mira, base, content="Hello <script>alert(1)</script> **you**")
    assert page["slug"] == "about" and page["is_published"] is False
    assert "<script" not in page["content_html"] and "<strong>you</strong>" in page["content_html"]
    url = f"{base}/{page['id']}"
    assert client.get(url, headers=mira.headers).json["content"].startswith("Hello")
    updated = client.patch(url, headers=mira.headers, json={
        "title": "About us", "show_in_nav": True, "nav_label": "Us", "content": "[a](b.html)"})
    assert updated.status_code == 200
    assert 'rel="noopener noreferrer nofollow"' in updated.json["content_html"]
    assert client.delete(url, headers=mira.headers).status_code == 204
    assert client.get(url, headers=mira.headers).status_code == 404


@pytest.mark.parametrize("body, field", [
    ({}, "title"), ({"title": ""}, "title"), ({"title": "x" * 101}, "title"),
    ({"title": "X", "slug": "Bad Slug"}, "slug"), ({"title": "X", "nav_order": -1}, "nav_order"),
    ({"title": "X", "nav_label": "y" * 31}, "nav_label"), ({"title": "X", "extra": 1}, "extra"),
])
def test_bad_pages_are_422_naming_the_field(client, mira, base, body, field):
    response = client.post(base, headers=mira.headers, json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]["json"]


def test_slug_conflicts_are_409(client, mira, base):
    create(client, mira, base)
    response = client.post(base, headers=mira.headers, json={"title": "About"})
    assert response.status_code == 409 and response.json["error"] == "page_slug_taken"


def test_publish_unpublish_duplicate_and_the_public_page(client, mira, base):
    page = create(client, mira, base, content="# Hi")
    url = f"{base}/{page['id']}"
    assert client.get(f"{base}/by-slug/about").status_code == 404
    published = client.post(f"{url}/publish", headers=mira.headers)
    assert published.status_code == 200 and published.json["is_published"] is True
    public = client.get(f"{base}/by-slug/about")
    assert public.status_code == 200 and public.json["content_html"] == "<h1>Hi</h1>\n"
    assert "content" not in public.json
    copy = client.post(f"{url}/duplicate", headers=mira.headers)
    assert copy.status_code == 201
    assert (copy.json["slug"], copy.json["is_published"]) == ("about-copy", False)
    assert client.get(f"{base}/by-slug/about-copy").status_code == 404
    client.post(f"{url}/unpublish", headers=mira.headers)
    assert client.get(f"{base}/by-slug/about").status_code == 404


def test_list_and_reorder(client, mira, base):
    ids = [create(client, mira, base, title=t)["id"] for t in ("One", "Two", "Three")]
    listed = client.get(base, headers=mira.headers)
    assert [p["id"] for p in listed.json] == ids and "content" not in listed.json[0]
    new_order = [ids[2], ids[0], ids[1]]
    response = client.patch(f"{base}/reorder", headers=mira.headers,
                            json={"page_ids": new_order})
    assert response.status_code == 200 and [p["id"] for p in response.json] == new_order
    assert [p["id"] for p in client.get(base, headers=mira.headers).json] == new_order
    partial = client.patch(f"{base}/reorder", headers=mira.headers,
                           json={"page_ids": ids[:2]})
    assert partial.status_code == 422 and partial.json["error"] == "invalid_page_order"
    assert [p["id"] for p in client.get(base, headers=mira.headers).json] == new_order
    drafts = client.get(f"{base}?is_published=false&page_size=2", headers=mira.headers)
    assert len(drafts.json) == 2 and '"total": 3' in drafts.headers["X-Pagination"]


def test_the_public_page_needs_a_visible_site(client, mira, site, base):
    page = create(client, mira, base, is_published=True)
    assert client.get(f"{base}/by-slug/{page['slug']}").status_code == 200
    client.delete(f"/api/v1/sites/{site['id']}", headers=mira.headers)
    assert client.get(f"{base}/by-slug/{page['slug']}").status_code == 404


def test_an_analyst_reads_pages_and_an_editor_writes_them(client, mailer, site, base, mira):
    page = create(client, mira, base)
    ana, eddie = api_author(client, mailer, "ana"), api_author(client, mailer, "eddie")
    api_join(client, site["id"], ana, "ANALYST")
    api_join(client, site["id"], eddie, "EDITOR")
    assert client.get(f"{base}/{page['id']}", headers=ana.headers).status_code == 200
    refused = client.post(f"{base}/{page['id']}/publish", headers=ana.headers)
    assert refused.status_code == 403 and refused.json["error"] == "missing_permission"
    assert client.post(f"{base}/{page['id']}/publish", headers=eddie.headers).status_code == 200
