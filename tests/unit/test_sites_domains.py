"""DomainService with the in-memory DNS: plan, names, ownership, verification, SSL."""

from datetime import timedelta

import pytest

from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    Unavailable,
    ValidationFailed,
)
from tests.support.site_kit import SiteKit

DOMAIN = "stories.example.org"


@pytest.fixture
def kit():
    return SiteKit.build()


@pytest.fixture
def domains(kit):
    return kit.container.site_domains()


@pytest.fixture
def dns(kit):
    return kit.container.dns()


@pytest.fixture
def owner(kit):
    return kit.user(tier="STARTER")


@pytest.fixture
def site_id(kit, owner):
    return kit.site(owner)


def publish_records(dns, records):
    txt, cname = records
    dns.set_txt(txt["name"], "some-other-record", txt["value"])
    dns.set_cname(cname["name"], cname["value"])


def test_setting_a_domain_returns_the_records_to_create(domains, owner, site_id):
    found = domains.set_domain(actor=owner, site_id=site_id, domain=" Stories.Example.ORG. ")
    assert found["domain"] == DOMAIN and found["verified"] is False
    assert found["ssl_status"] == "PENDING"
    txt, cname = found["dns_records"]
    assert txt["type"] == "TXT" and txt["name"] == f"_ownverso-verify.{DOMAIN}"
    assert txt["value"].startswith("ownverso-verify=") and len(txt["value"]) > 30
    assert cname == {**cname, "type": "CNAME", "name": DOMAIN, "value": "sites.127.0.0.1"}
    assert domains.records(actor=owner, site_id=site_id) == found["dns_records"]


def test_custom_domains_need_a_plan_with_them(kit, domains):
    free = kit.user()
    site_id = kit.site(free)
    with pytest.raises(PermissionDenied) as error:
        domains.set_domain(actor=free, site_id=site_id, domain=DOMAIN)
    assert error.value.code == "feature_not_in_plan"
    assert error.value.fields == {"feature": ["has_custom_domain"]}


@pytest.mark.parametrize("domain", [
    "localhost", "example", "192.168.1.10", "https://stories.example.org",
    "stories.example.org/path", "stories.example.org:8080", "-bad.example.org",
    "a..b.org", "x" * 64 + ".example.org", "blog.ownverso.com", "ownverso.com",
    "mine.127.0.0.1", "server.local", "user@example.org",
])
def test_bad_or_reserved_names_are_refused(domains, owner, site_id, domain):
    with pytest.raises(ValidationFailed) as error:
        domains.set_domain(actor=owner, site_id=site_id, domain=domain)
    assert error.value.code == "invalid_domain" and "domain" in error.value.fields


def test_international_names_are_stored_in_their_ascii_form(domains, owner, site_id):
    found = domains.set_domain(actor=owner, site_id=site_id, domain="bücher.de")
    assert found["domain"] == "xn--bcher-kva.de"


def test_a_domain_belongs_to_one_site(kit, domains, owner, site_id):
    domains.set_domain(actor=owner, site_id=site_id, domain=DOMAIN)
    other = kit.site(owner)
    with pytest.raises(Conflict) as error:
        domains.set_domain(actor=owner, site_id=other, domain=DOMAIN.upper())
    assert error.value.code == "domain_taken"


def test_setting_the_same_domain_again_keeps_its_token(domains, owner, site_id):
    first = domains.set_domain(actor=owner, site_id=site_id, domain=DOMAIN)
    again = domains.set_domain(actor=owner, site_id=site_id, domain=DOMAIN)
    assert again["dns_records"] == first["dns_records"]


def test_verification_fails_saying_what_was_found(domains, dns, owner, site_id):
    domains.set_domain(actor=owner, site_id=site_id, domain=DOMAIN)
    dns.set_txt(f"_ownverso-verify.{DOMAIN}", "ownverso-verify=wrong")
    dns.set_cname(DOMAIN, "elsewhere.example.net")
    with pytest.raises(Conflict) as error:
        domains.verify(actor=owner, site_id=site_id)
    assert error.value.code == "domain_not_verified"
    assert "ownverso-verify=wrong" in error.value.fields["txt"][0]
    assert "elsewhere.example.net" in error.value.fields["cname"][0]
    assert domains.domain(actor=owner, site_id=site_id)["verified"] is False


def test_verification_with_the_records_activates_ssl(kit, domains, dns, owner, site_id):
    records = domains.set_domain(actor=owner, site_id=site_id, domain=DOMAIN)["dns_records"]
    assert domains.ssl_status(actor=owner, site_id=site_id)["status"] == "PENDING"
    publish_records(dns, records)
    found = domains.verify(actor=owner, site_id=site_id)
    now = kit.clock.now()
    assert found["verified"] is True and found["verified_at"] == now
    ssl = domains.ssl_status(actor=owner, site_id=site_id)
    assert ssl["status"] == "ACTIVE" and ssl["expires_at"] == now + timedelta(days=90)
    assert kit.container.sites().public_by_domain(domain=DOMAIN).site.id == site_id


def test_an_apex_domain_may_point_a_records_at_the_target(domains, dns, owner, site_id):
    txt, _ = domains.set_domain(actor=owner, site_id=site_id, domain="example.org")["dns_records"]
    dns.set_txt(txt["name"], txt["value"])
    dns.set_a("sites.127.0.0.1", "203.0.113.10", "203.0.113.11")
    dns.set_a("example.org", "203.0.113.11")
    assert domains.verify(actor=owner, site_id=site_id)["verified"] is True


def test_the_certificate_shows_expired_after_its_lifetime(kit, domains, dns, owner, site_id):
    publish_records(dns, domains.set_domain(actor=owner, site_id=site_id,
                                            domain=DOMAIN)["dns_records"])
    domains.verify(actor=owner, site_id=site_id)
    kit.clock.advance(timedelta(days=91))
    assert domains.ssl_status(actor=owner, site_id=site_id)["status"] == "EXPIRED"


def test_a_dns_failure_is_a_503_to_retry(domains, dns, owner, site_id):
    domains.set_domain(actor=owner, site_id=site_id, domain=DOMAIN)
    dns.fail_with(f"_ownverso-verify.{DOMAIN}")
    with pytest.raises(Unavailable) as error:
        domains.verify(actor=owner, site_id=site_id)
    assert error.value.code == "dns_unavailable"


def test_removing_the_domain_frees_it(kit, domains, dns, owner, site_id):
    publish_records(dns, domains.set_domain(actor=owner, site_id=site_id,
                                            domain=DOMAIN)["dns_records"])
    domains.verify(actor=owner, site_id=site_id)
    domains.remove(actor=owner, site_id=site_id)
    assert domains.domain(actor=owner, site_id=site_id) == {
        "domain": None, "verified": False, "verified_at": None, "dns_records": [],
        "ssl_status": None, "ssl_expires_at": None}
    with pytest.raises(NotFound):
        kit.container.sites().public_by_domain(domain=DOMAIN)
    with pytest.raises(NotFound) as error:
        domains.records(actor=owner, site_id=site_id)
    assert error.value.code == "custom_domain_not_set"
    other = kit.site(owner)
    assert domains.set_domain(actor=owner, site_id=other, domain=DOMAIN)["domain"] == DOMAIN


def test_verify_and_ssl_need_a_domain(domains, owner, site_id):
    with pytest.raises(NotFound):
        domains.verify(actor=owner, site_id=site_id)
    with pytest.raises(NotFound):
        domains.ssl_status(actor=owner, site_id=site_id)


def test_editors_cannot_manage_the_domain_and_strangers_get_404(kit, domains, site_id):
    editor = kit.user()
    kit.join(site_id, editor, CollaboratorRole.EDITOR)
    assert domains.domain(actor=editor, site_id=site_id)["domain"] is None
    with pytest.raises(PermissionDenied):
        domains.set_domain(actor=editor, site_id=site_id, domain=DOMAIN)
    with pytest.raises(NotFound):
        domains.domain(actor=kit.user(), site_id=site_id)
