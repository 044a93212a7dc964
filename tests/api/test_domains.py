"""Custom domains through the API, with the in-memory DNS the test environment uses."""

import pytest

from tests.support.site_kit import api_author, api_join, api_site

DOMAIN = "stories.example.org"


@pytest.fixture
def mira(client, mailer):
    return api_author(client, mailer, "mira", tier="STARTER")


@pytest.fixture
def site(client, mira):
    return api_site(client, mira, "lighthouse-tales")


@pytest.fixture
def base(site):
    return f"/api/v1/sites/{site['id']}/domain"


@pytest.fixture
def dns(client):
    return client.application.container.dns()


def test_set_publish_verify_and_serve_a_domain(client, mira, site, base, dns):
    response = client.post(base, headers=mira.headers, json={"domain": "Stories.Example.org"})
    assert response.status_code == 200, response.json
    txt, cname = response.json["dns_records"]
    assert (txt["type"], cname["type"], cname["value"]) == ("TXT", "CNAME", "sites.127.0.0.1")
    assert client.get(f"{base}/dns-records", headers=mira.headers).json == [txt, cname]
    assert client.get(f"{base}/ssl-status", headers=mira.headers).json["status"] == "PENDING"

    failed = client.post(f"{base}/verify", headers=mira.headers)
    assert failed.status_code == 409 and failed.json["error"] == "domain_not_verified"
    assert "none" in failed.json["errors"]["json"]["txt"][0]

    dns.set_txt(txt["name"], txt["value"])
    dns.set_cname(cname["name"], cname["value"])
    verified = client.post(f"{base}/verify", headers=mira.headers)
    assert verified.status_code == 200 and verified.json["verified"] is True
    ssl = client.get(f"{base}/ssl-status", headers=mira.headers).json
    assert ssl["status"] == "ACTIVE" and ssl["expires_at"]
    public = client.get(f"/api/v1/sites/by-domain/{DOMAIN}")
    assert public.status_code == 200 and public.json["id"] == site["id"]
    assert public.json["custom_domain"] == DOMAIN

    assert client.delete(base, headers=mira.headers).status_code == 204
    assert client.get(base, headers=mira.headers).json["domain"] is None
    assert client.get(f"/api/v1/sites/by-domain/{DOMAIN}").status_code == 404


@pytest.mark.parametrize("domain", ["localhost", "10.0.0.1", "http://x.example.org",
                                    "sites.ownverso.com", "no_underscores.example.org"])
def test_bad_domains_are_422(client, mira, base, domain):
    response = client.post(base, headers=mira.headers, json={"domain": domain})
    assert response.status_code == 422 and "domain" in response.json["errors"]["json"]


def test_a_missing_domain_field_is_422(client, mira, base):
    response = client.post(base, headers=mira.headers, json={})
    assert response.status_code == 422 and "domain" in response.json["errors"]["json"]


def test_a_domain_belongs_to_one_site(client, mailer, mira, base):
    otto = api_author(client, mailer, "otto", tier="GROWTH")
    theirs = api_site(client, otto, "otto-site")
    assert client.post(f"/api/v1/sites/{theirs['id']}/domain", headers=otto.headers,
                       json={"domain": DOMAIN}).status_code == 200
    response = client.post(base, headers=mira.headers, json={"domain": DOMAIN.upper()})
    assert response.status_code == 409 and response.json["error"] == "domain_taken"


def test_the_free_plan_has_no_custom_domain(client, mailer):
    free = api_author(client, mailer, "freda")
    site = api_site(client, free, "freda-site")
    response = client.post(f"/api/v1/sites/{site['id']}/domain", headers=free.headers,
                           json={"domain": DOMAIN})
    assert response.status_code == 403 and response.json["error"] == "feature_not_in_plan"


def test_no_domain_yet(client, mira, base):
    assert client.get(base, headers=mira.headers).json == {
        "domain": None, "verified": False, "verified_at": None, "dns_records": [],
        "ssl_status": None, "ssl_expires_at": None}
    for path in ("/dns-records", "/ssl-status"):
        response = client.get(base + path, headers=mira.headers)
        assert response.status_code == 404 and response.json["error"] == "custom_domain_not_set"


def test_an_editor_reads_but_does_not_manage_the_domain(client, mailer, site, base):
    ed = api_author(client, mailer, "eddie")
    api_join(client, site["id"], ed, "EDITOR")
    assert client.get(base, headers=ed.headers).status_code == 200
    response = client.post(base, headers=ed.headers, json={"domain": DOMAIN})
    assert response.status_code == 403 and response.json["error"] == "missing_permission"
