"""A site's custom domain: set, DNS records, verification, certificate status, removal."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.sites.blueprint import blp
from ownverso.entrypoints.api.sites.domain_schemas import (
    DnsRecordSchema,
    DomainInSchema,
    DomainSchema,
    SslStatusSchema,
)
from ownverso.services.sites.domains import DomainService

Service = DomainService


@blp.route("/<site_id>/domain")
class Domain(MethodView):
    @blp.login_required
    @blp.response(200, DomainSchema)
    @inject
    def get(self, site_id: str, service: Service = Provide["site_domains"]):
        """The custom domain and its state (all null when none is set)"""
        return service.domain(actor=actor(), site_id=site_id)

    @blp.login_required
    @blp.arguments(DomainInSchema)
    @blp.response(200, DomainSchema)
    @inject
    def post(self, body, site_id: str, service: Service = Provide["site_domains"]):
        """Set the custom domain (plans with custom domains); returns the DNS records to create"""
        return service.set_domain(actor=actor(), site_id=site_id, domain=body["domain"])

    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, site_id: str, service: Service = Provide["site_domains"]):
        """Remove the custom domain"""
        service.remove(actor=actor(), site_id=site_id)


@blp.route("/<site_id>/domain/dns-records")
class DnsRecords(MethodView):
    @blp.login_required
    @blp.response(200, DnsRecordSchema(many=True))
    @inject
    def get(self, site_id: str, service: Service = Provide["site_domains"]):
        """The DNS records to create: a TXT verification token and a CNAME"""
        return service.records(actor=actor(), site_id=site_id)


@blp.route("/<site_id>/domain/verify")
class VerifyDomain(MethodView):
    @blp.login_required
    @blp.response(200, DomainSchema)
    @inject
    def post(self, site_id: str, service: Service = Provide["site_domains"]):
        """Look the DNS records up; 409 `domain_not_verified` says what was found"""
        return service.verify(actor=actor(), site_id=site_id)


@blp.route("/<site_id>/domain/ssl-status")
class SslStatus(MethodView):
    @blp.login_required
    @blp.response(200, SslStatusSchema)
    @inject
    def get(self, site_id: str, service: Service = Provide["site_domains"]):
        """The certificate: PENDING until the domain is verified, then ACTIVE with an expiry"""
        return service.ssl_status(actor=actor(), site_id=site_id)
