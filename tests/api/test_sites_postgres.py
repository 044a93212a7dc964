"""The sites module on Postgres: one scenario per resource, and lists that cost a constant
number of SQL statements whatever their length."""

import io

import pytest

from ownverso.domain.sites.theme import Theme
from ownverso.services.reference_data import seed_reference_data
from tests.support.site_kit import api_author, api_join, api_site, image_bytes
from tests.support.sql_counter import count_statements

SITES = "/api/v1/sites"


@pytest.fixture
def client(pg_client):
    """``pg_client`` empties every table but tier_limits: put the theme catalog back. The
    session's Postgres app keeps its (fixed-clock) rate-limit counters from test to test, so
    sign-ups here would count against the other modules' tests: start and end with none."""
    container = pg_client.application.container
    seed_reference_data(container.uow)
    container.rate_limiter().windows.clear()
    yield pg_client
    container.rate_limiter().windows.clear()


@pytest.fixture
def mailer(client):
    return client.application.container.mailer()


@pytest.fixture
def mira(client, mailer):
    return api_author(client, mailer, "mira", tier="STARTER")


@pytest.fixture
def site(client, mira):
    return api_site(client, mira, "lighthouse-tales")


@pytest.fixture
def dns(client):
    """The app's in-memory DNS, shared by the session's Postgres app: emptied after the test."""
    resolver = client.application.container.dns()
    yield resolver
    resolver.clear()


@pytest.fixture
def engine(client):
    return client.application.container.engine()


def test_sites_lifecycle_on_postgres(client, mailer, mira, site):
    url = f"{SITES}/{site['id']}"
    assert client.patch(url, headers=mira.headers, json={
        "status": "MAINTENANCE", "maintenance_message": "Soon"}).json["status"] == "MAINTENANCE"
    other = api_author(client, mailer, "otto")
    taken = client.post(SITES, headers=other.headers,
                        json={"name": "X", "slug": "lighthouse-tales"})
    assert taken.status_code == 409 and taken.json["error"] == "slug_taken"
    assert client.get(url, headers=other.headers).status_code == 404
    assert client.delete(url, headers=mira.headers).status_code == 204
    assert client.get(f"{SITES}/by-slug/lighthouse-tales").status_code == 404
    assert client.post(f"{url}/restore", headers=mira.headers).json["status"] == "ACTIVE"
    assert client.get(f"{SITES}/by-slug/lighthouse-tales").json["id"] == site["id"]


def test_settings_integrations_and_branding_on_postgres(client, mira, site):
    base = f"{SITES}/{site['id']}"
    assert client.patch(f"{base}/settings/comments", headers=mira.headers, json={
        "comments_moderation_mode": "pre"}).json["comments"]["comments_moderation_mode"] == "pre"
    assert client.patch(f"{base}/integrations", headers=mira.headers, json={
        "google_analytics_id": "G-ABC1234"}).status_code == 200
    assert client.post(f"{base}/integrations/verify", headers=mira.headers).json["all_valid"]
    css = client.patch(f"{base}/branding", headers=mira.headers, json={
        "custom_css": "a { color: red; behavior: url(x) }", "primary_color": "#abcdef"})
    assert css.status_code == 200 and css.json["custom_css"] == "a { color: red; }"
    logo = client.post(f"{base}/branding/logo", headers=mira.headers,
                       data={"file": (io.BytesIO(image_bytes()), "l.png")},
                       content_type="multipart/form-data")
    assert logo.status_code == 200 and logo.json["logo_url"]
    public = client.get(f"{base}/public").json
    assert (public["primary_color"], public["logo_url"]) == ("#ABCDEF", logo.json["logo_url"])


def test_themes_on_postgres(client, mira, site):
    base = f"{SITES}/{site['id']}/theme"
    refused = client.patch(base, headers=mira.headers, json={"theme_id": "thm_aurora"})
    assert refused.status_code == 403
    assert refused.json["errors"]["json"]["required_tier"] == ["GROWTH"]
    chosen = client.patch(base, headers=mira.headers,
                          json={"theme_id": "thm_parchment", "settings": {"font": "serif"}})
    assert chosen.status_code == 200 and chosen.json["settings"] == {"font": "serif"}
    assert client.get("/api/v1/themes/thm_parchment").json["usage_count"] == 1
    assert client.get(f"{base}/preview?theme_id=thm_minimal",
                      headers=mira.headers).json["theme"]["id"] == "thm_minimal"


def test_custom_domain_on_postgres(client, mailer, dns, mira, site):
    base = f"{SITES}/{site['id']}/domain"
    txt, cname = client.post(base, headers=mira.headers,
                             json={"domain": "tales.example.org"}).json["dns_records"]
    dns.set_txt(txt["name"], txt["value"])
    dns.set_cname(cname["name"], cname["value"])
    assert client.post(f"{base}/verify", headers=mira.headers).json["verified"] is True
    assert client.get(f"{SITES}/by-domain/tales.example.org").json["id"] == site["id"]
    otto = api_author(client, mailer, "otto", tier="GROWTH")
    theirs = api_site(client, otto, "otto-site")
    taken = client.post(f"{SITES}/{theirs['id']}/domain", headers=otto.headers,
                        json={"domain": "tales.example.org"})
    assert taken.status_code == 409 and taken.json["error"] == "domain_taken"


def test_pages_on_postgres(client, mira, site):
    base = f"{SITES}/{site['id']}/pages"
    page = client.post(base, headers=mira.headers, json={
        "title": "About", "content": "<img src=x onerror=alert(1)> *hi*",
        "is_published": True}).json
    assert "onerror" not in page["content_html"]
    assert client.post(base, headers=mira.headers, json={"title": "About"}).status_code == 409
    copy = client.post(f"{base}/{page['id']}/duplicate", headers=mira.headers).json
    order = client.patch(f"{base}/reorder", headers=mira.headers,
                         json={"page_ids": [copy["id"], page["id"]]})
    assert [p["id"] for p in order.json] == [copy["id"], page["id"]]
    assert client.get(f"{base}/by-slug/about").json["id"] == page["id"]


# -- statement counts ---------------------------------------------------------------------
def counted(client, engine, url, headers=None) -> tuple[int, object]:
    with count_statements(engine) as statements:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200, response.json
    return len(statements), response


def test_listing_sites_costs_the_same_for_one_or_many(client, mailer, engine, mira, site):
    one, _ = counted(client, engine, SITES, mira.headers)
    otto = api_author(client, mailer, "otto")
    for n in range(4):
        api_site(client, mira, f"more-sites-{n}")
        api_join(client, api_site(client, otto, f"otto-site-{n}")["id"], mira, "EDITOR")
    many, response = counted(client, engine, SITES, mira.headers)
    assert len(response.json) == 9 and many == one


def test_listing_pages_costs_the_same_for_one_or_many(client, engine, mira, site):
    base = f"{SITES}/{site['id']}/pages"
    client.post(base, headers=mira.headers, json={"title": "First"})
    one, _ = counted(client, engine, base, mira.headers)
    for n in range(6):
        client.post(base, headers=mira.headers, json={"title": f"Page {n}"})
    many, response = counted(client, engine, base, mira.headers)
    assert len(response.json) == 7 and many == one


def test_listing_themes_and_categories_costs_the_same_for_few_or_many(client, engine):
    few = [counted(client, engine, url)[0]
           for url in ("/api/v1/themes?page_size=50", "/api/v1/themes/categories")]
    container = client.application.container
    with container.uow() as uow:
        for n in range(4):
            uow.themes.add(Theme(id=f"thm_extra_{n}", slug=f"extra-{n}", name=f"Extra {n}",
                                 category=f"extra-{n}", created_at=container.clock().now(),
                                 updated_at=container.clock().now()))
        uow.commit()
    themes, listed = counted(client, engine, "/api/v1/themes?page_size=50")
    categories, grouped = counted(client, engine, "/api/v1/themes/categories")
    assert len(listed.json) == 10 and len(grouped.json) == 9
    assert [themes, categories] == few


def test_listing_an_authors_sites_costs_the_same_for_one_or_many(client, engine, mira, site):
    url = f"/api/v1/authors/{mira.user['id']}/sites"
    one, _ = counted(client, engine, url)
    for n in range(5):
        api_site(client, mira, f"public-site-{n}")
    many, response = counted(client, engine, url)
    assert len(response.json) == 6 and many == one
