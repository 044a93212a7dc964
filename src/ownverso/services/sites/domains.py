"""Custom domains: set one, publish the DNS records to create, verify them through the DNS
resolver port, report the certificate's status, remove it. A domain belongs to one site."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from ownverso.domain.sites.custom_domain import (
    dns_records,
    normalize_domain,
    verification_name,
    verification_value,
)
from ownverso.domain.sites.permissions import Permission
from ownverso.domain.sites.site import Site
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, NotFound, Unavailable, domain_rules
from ownverso.services.identity.secrets import new_token
from ownverso.services.ports import (
    Clock,
    DnsLookupError,
    DnsResolver,
    IntegrityConflict,
    UnitOfWork,
)
from ownverso.services.quotas import require_feature
from ownverso.services.sites.access import require

CERTIFICATE_LIFETIME = timedelta(days=90)
PENDING, ACTIVE, EXPIRED = "PENDING", "ACTIVE", "EXPIRED"


@dataclass(frozen=True)
class DnsFindings:
    txt: list[str]
    cname: str | None
    a: list[str]
    txt_ok: bool
    route_ok: bool


def domain_of(site: Site) -> dict:
    return {"domain": site.custom_domain, "verified": site.custom_domain_verified,
            "verified_at": site.custom_domain_verified_at,
            "dns_records": list(site.custom_domain_dns_records) if site.custom_domain else [],
            "ssl_status": site.ssl_status if site.custom_domain else None,
            "ssl_expires_at": site.ssl_expires_at if site.custom_domain else None}


def no_domain() -> NotFound:
    return NotFound("This site has no custom domain.", code="custom_domain_not_set")


def domain_taken() -> Conflict:
    return Conflict("This domain is used by another site.", code="domain_taken",
                    fields={"domain": ["Taken."]})


class DomainService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, dns: DnsResolver,
                 public_host: str):
        self.uow, self.clock, self.dns = uow, clock, dns
        self.public_host = public_host.lower()
        self.target = f"sites.{self.public_host}"

    def domain(self, *, actor: Actor, site_id: str) -> dict:
        with self.uow() as uow:
            return domain_of(require(uow, actor, site_id, Permission.SITE_READ).site)

    def records(self, *, actor: Actor, site_id: str) -> list[dict]:
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.SITE_READ).site
            if not site.custom_domain:
                raise no_domain()
            return list(site.custom_domain_dns_records)

    def set_domain(self, *, actor: Actor, site_id: str, domain: str) -> dict:
        with domain_rules():
            domain = normalize_domain(domain, platform_hosts=(self.public_host,))
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.DOMAIN_MANAGE).site
            require_feature(uow, site.author_id, "has_custom_domain")
            if site.custom_domain == domain:
                return domain_of(site)
            if uow.sites.get_by(custom_domain=domain, id__ne=site.id) is not None:
                raise domain_taken()
            token = new_token(24)
            site.custom_domain, site.custom_domain_token = domain, token
            site.custom_domain_verified, site.custom_domain_verified_at = False, None
            site.custom_domain_dns_records = dns_records(domain, token=token, target=self.target)
            site.ssl_status, site.ssl_expires_at = PENDING, None
            site.updated_at = self.clock.now()
            try:
                uow.commit()
            except IntegrityConflict:
                raise domain_taken() from None
            return domain_of(site)

    def remove(self, *, actor: Actor, site_id: str) -> None:
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.DOMAIN_MANAGE).site
            site.custom_domain = site.custom_domain_token = None
            site.custom_domain_verified, site.custom_domain_verified_at = False, None
            site.custom_domain_dns_records = []
            site.ssl_status, site.ssl_expires_at = None, None
            site.updated_at = self.clock.now()
            uow.commit()

    def verify(self, *, actor: Actor, site_id: str) -> dict:
        """Look the records up (outside any transaction); verified, the certificate is
        issued. Otherwise 409 ``domain_not_verified`` saying what was found."""
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.DOMAIN_MANAGE).site
            if not site.custom_domain:
                raise no_domain()
            domain, token = site.custom_domain, site.custom_domain_token
        findings = self._look_up(domain, token)
        if not (findings.txt_ok and findings.route_ok):
            raise Conflict("The DNS records are not there yet (changes can take a while to "
                           "spread); check them and try again.", code="domain_not_verified",
                           fields=self._report(findings))
        now = self.clock.now()
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.DOMAIN_MANAGE).site
            if (site.custom_domain, site.custom_domain_token) != (domain, token):
                raise Conflict("The domain changed meanwhile; verify again.",
                               code="domain_changed")
            if not site.custom_domain_verified:
                site.custom_domain_verified, site.custom_domain_verified_at = True, now
            site.ssl_status, site.ssl_expires_at = ACTIVE, now + CERTIFICATE_LIFETIME
            site.updated_at = now
            uow.commit()
            return domain_of(site)

    def ssl_status(self, *, actor: Actor, site_id: str) -> dict:
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.SITE_READ).site
        if not site.custom_domain:
            raise no_domain()
        status = site.ssl_status or PENDING
        if status == ACTIVE and site.ssl_expires_at and site.ssl_expires_at <= self.clock.now():
            status = EXPIRED
        return {"domain": site.custom_domain, "status": status,
                "expires_at": site.ssl_expires_at if status != PENDING else None,
                "ssl_enabled": site.ssl_enabled}

    # -- DNS --------------------------------------------------------------------------------
    def _look_up(self, domain: str, token: str) -> DnsFindings:
        try:
            txt = [t.strip() for t in self.dns.txt_records(verification_name(domain))]
            cname = self.dns.cname(domain)
            a = [] if cname == self.target else self.dns.a_records(domain)
            target_a = set(self.dns.a_records(self.target)) if a else set()
        except DnsLookupError:
            raise Unavailable("The DNS lookup failed; try again in a minute.",
                              code="dns_unavailable") from None
        return DnsFindings(txt=txt, cname=cname, a=a,
                           txt_ok=verification_value(token) in txt,
                           route_ok=cname == self.target or bool(target_a & set(a)))

    def _report(self, found: DnsFindings) -> dict:
        fields: dict = {}
        if not found.txt_ok:
            fields["txt"] = [f"Expected a TXT record with the verification value; found: "
                             f"{', '.join(found.txt) or 'none'}."]
        if not found.route_ok:
            fields["cname"] = [f"Expected a CNAME to {self.target}; found: "
                               f"{found.cname or 'none'} (A: {', '.join(found.a) or 'none'})."]
        return fields
