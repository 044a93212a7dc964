"""The sites API on the in-memory suite: creation, listing, reading, updating, deleting,
restoring, public views; what other authors and readers get."""

import pytest

from tests.support.api import sign_up_and_in
from tests.support.site_kit import api_author, api_join, api_site

SITES = "/api/v1/sites"


@pytest.fixture
def mira(client, mailer):
    return api_author(client, mailer, "mira")


@pytest.fixture
def site(client, mira):
    return api_site(client, mira, "lighthouse-tales", tagline="Lights")


# every private endpoint of a site: (method, path after /sites/{id}, json body)
PRIVATE = [
    ("get", "", None), ("patch", "", {"name": "Taken"}), ("delete", "", None),
    ("post", "/restore", None),
    ("get", "/settings", None), ("patch", "/settings", {"is_public": False}),
    ("patch", "/settings/comments", {"comments_enabled": False}),
    ("patch", "/settings/content", {"default_language": "fr"}),
    ("get", "/branding", None), ("patch", "/branding", {"primary_color": "#000000"}),
    ("delete", "/branding/logo", None), ("delete", "/branding/favicon", None),
    ("delete", "/branding/cover", None), ("delete", "/branding/og-image", None),
    ("get", "/theme", None), ("patch", "/theme", {"theme_id": "thm_minimal"}),
    ("get", "/theme/preview", None),
    ("get", "/integrations", None), ("patch", "/integrations", {"analytics_enabled": False}),
    ("post", "/integrations/verify", None),
    ("get", "/domain", None), ("post", "/domain", {"domain": "x.example.org"}),
    ("delete", "/domain", None), ("get", "/domain/dns-records", None),
    ("post", "/domain/verify", None), ("get", "/domain/ssl-status", None),
    ("get", "/pages", None), ("post", "/pages", {"title": "Mine"}),
    ("patch", "/pages/reorder", {"page_ids": []}),
]
UPLOADS = ["logo", "favicon", "cover", "og-image"]


def test_an_author_creates_and_reads_a_site(client, mira, site):
    assert site["slug"] == "lighthouse-tales" and site["role"] == "OWNER"
    assert "site.delete" in site["permissions"] and site["status"] == "ACTIVE"
    response = client.get(f"{SITES}/{site['id']}", headers=mira.headers)
    assert response.status_code == 200 and response.json["tagline"] == "Lights"


def test_a_reader_is_sent_to_create_an_author_profile(client, mailer):
    reader = sign_up_and_in(client, mailer, email="rae@example.com", username="rae")
    response = client.post(SITES, headers=reader.headers,
                           json={"name": "Mine", "slug": "mine-site"})
    assert response.status_code == 403
    assert response.json["error"] == "author_profile_required"
    assert "/author-profile" in response.json["message"]


def test_creating_needs_a_sign_in(client):
    assert client.post(SITES, json={"name": "X", "slug": "xyz-site"}).status_code == 401


@pytest.mark.parametrize("body, field", [
    ({"slug": "no-name"}, "name"), ({"name": "No slug"}, "slug"),
    ({"name": "X", "slug": "x"}, "slug"), ({"name": "X", "slug": "Bad Slug!"}, "slug"),
    ({"name": "", "slug": "empty-name"}, "name"),
    ({"name": "X", "slug": "fine-slug", "color": "red"}, "color"),
    ({"name": "X", "slug": "fine-slug", "default_language": "english"}, "default_language"),
    ({"name": "X", "slug": "fine-slug", "default_content_rating": "R"},
     "default_content_rating"),
])
def test_bad_bodies_are_422_naming_the_field(client, mira, body, field):
    response = client.post(SITES, headers=mira.headers, json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]["json"]


def test_a_taken_slug_is_409(client, mailer, site):
    other = api_author(client, mailer, "otto")
    response = client.post(SITES, headers=other.headers,
                           json={"name": "Mine", "slug": "lighthouse-tales"})
    assert response.status_code == 409 and response.json["error"] == "slug_taken"


def test_the_list_has_own_and_shared_sites_with_roles(client, mailer, mira, site):
    otto = api_author(client, mailer, "otto")
    shared = api_site(client, otto, "otto-site")
    api_join(client, shared["id"], mira, "EDITOR")
    response = client.get(SITES, headers=mira.headers)
    assert response.status_code == 200
    assert {(s["slug"], s["role"]) for s in response.json} == {
        ("lighthouse-tales", "OWNER"), ("otto-site", "EDITOR")}
    assert '"total": 2' in response.headers["X-Pagination"]
    paged = client.get(f"{SITES}?page=2&page_size=1", headers=mira.headers)
    assert paged.status_code == 200 and len(paged.json) == 1


def test_update_status_and_maintenance(client, mira, site):
    url = f"{SITES}/{site['id']}"
    response = client.patch(url, headers=mira.headers, json={
        "status": "MAINTENANCE", "maintenance_message": "Back at noon", "name": "Renamed"})
    assert response.status_code == 200
    assert (response.json["status"], response.json["maintenance_message"],
            response.json["name"]) == ("MAINTENANCE", "Back at noon", "Renamed")
    public = client.get(f"{SITES}/{site['id']}/public")
    assert public.json["maintenance_message"] == "Back at noon"
    bad = client.patch(url, headers=mira.headers, json={"status": "SLEEPING"})
    assert bad.status_code == 422 and "status" in bad.json["errors"]["json"]
    suspend = client.patch(url, headers=mira.headers, json={"status": "SUSPENDED"})
    assert suspend.status_code == 403 and suspend.json["error"] == "site_suspended"


def test_delete_and_restore(client, mira, site):
    url = f"{SITES}/{site['id']}"
    assert client.delete(url, headers=mira.headers).status_code == 204
    assert client.get(f"{SITES}/by-slug/lighthouse-tales").status_code == 404
    assert client.get(SITES, headers=mira.headers).json == []
    deleted = client.get(f"{SITES}?include_deleted=true", headers=mira.headers).json
    assert [s["status"] for s in deleted] == ["DELETED"]
    restored = client.post(f"{url}/restore", headers=mira.headers)
    assert restored.status_code == 200 and restored.json["status"] == "ACTIVE"
    again = client.post(f"{url}/restore", headers=mira.headers)
    assert again.status_code == 409 and again.json["error"] == "site_not_deleted"


def test_public_views_show_public_fields_only(client, mira, site):
    by_slug = client.get(f"{SITES}/by-slug/lighthouse-tales")
    by_id = client.get(f"{SITES}/{site['id']}/public")
    assert by_slug.status_code == by_id.status_code == 200
    assert by_slug.json == by_id.json
    for private in ("role", "permissions", "custom_tracking_code", "suspension_reason",
                    "is_public", "custom_domain_verified"):
        assert private not in by_slug.json
    assert by_slug.json["navigation"] == [] and by_slug.json["custom_css"] is None
    client.patch(f"{SITES}/{site['id']}", headers=mira.headers, json={"is_public": False})
    assert client.get(f"{SITES}/by-slug/lighthouse-tales").status_code == 404
    assert client.get(f"{SITES}/{site['id']}/public").status_code == 404
    assert client.get(f"{SITES}/by-domain/unknown.example.org").status_code == 404


def test_an_authors_public_sites(client, mailer, mira, site):
    api_site(client, mira, "hidden-site", is_public=False)
    response = client.get(f"/api/v1/authors/{mira.user['id']}/sites")
    assert response.status_code == 200
    assert [s["slug"] for s in response.json] == ["lighthouse-tales"]
    reader = sign_up_and_in(client, mailer, email="rae@example.com", username="rae")
    assert client.get(f"/api/v1/authors/{reader.user['id']}/sites").status_code == 404


@pytest.mark.parametrize("method, path, body", PRIVATE)
def test_another_author_gets_404_on_every_private_endpoint(client, mailer, site, method,
                                                           path, body):
    otto = api_author(client, mailer, "otto", tier="ENTERPRISE")
    call = getattr(client, method)
    response = call(f"{SITES}/{site['id']}{path}", headers=otto.headers,
                    **({"json": body} if body is not None else {}))
    assert response.status_code == 404, response.json
    assert response.json["error"] == "site_not_found"


@pytest.mark.parametrize("kind", UPLOADS)
def test_another_author_gets_404_on_uploads(client, mailer, site, kind):
    import io

    otto = api_author(client, mailer, "otto")
    response = client.post(f"{SITES}/{site['id']}/branding/{kind}", headers=otto.headers,
                           data={"file": (io.BytesIO(b"x"), "x.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 404


def test_another_author_gets_404_on_a_page_of_the_site(client, mailer, mira, site):
    page = client.post(f"{SITES}/{site['id']}/pages", headers=mira.headers,
                       json={"title": "About"}).json
    otto = api_author(client, mailer, "otto")
    base = f"{SITES}/{site['id']}/pages/{page['id']}"
    for method, path in (("get", ""), ("patch", ""), ("delete", ""), ("post", "/publish"),
                         ("post", "/unpublish"), ("post", "/duplicate")):
        kwargs = {"json": {"title": "X"}} if method == "patch" else {}
        response = getattr(client, method)(base + path, headers=otto.headers, **kwargs)
        assert response.status_code == 404, (method, path, response.json)
