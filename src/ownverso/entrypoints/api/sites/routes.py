"""Sites: create, list, read, update, delete and restore; the public views."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.sites.blueprint import blp
from ownverso.entrypoints.api.sites.schemas import (
    PublicSiteSchema,
    SiteCreateSchema,
    SiteListQuerySchema,
    SiteSchema,
    SiteUpdateSchema,
)
from ownverso.services.sites.sites import SiteService

__all__ = ["blp"]


@blp.route("")
class Sites(MethodView):
    @blp.login_required
    @blp.arguments(SiteListQuerySchema, location="query")
    @blp.response(200, SiteSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, query, pagination_parameters, sites: SiteService = Provide["sites"]):
        """The caller's own sites and those they collaborate on (with their role)"""
        page = pagination_parameters
        views, page.item_count = sites.list_mine(actor=actor(), **query,
                                                 offset=page.first_item, limit=page.page_size)
        return views

    @blp.login_required
    @blp.arguments(SiteCreateSchema)
    @blp.response(201, SiteSchema)
    @inject
    def post(self, body, sites: SiteService = Provide["sites"]):
        """Create a site (authors only: create an author profile first)"""
        return sites.create(actor=actor(), fields=body)


@blp.route("/<site_id>")
class OneSite(MethodView):
    @blp.login_required
    @blp.response(200, SiteSchema)
    @inject
    def get(self, site_id: str, sites: SiteService = Provide["sites"]):
        """A site's details, for its team"""
        return sites.get(actor=actor(), site_id=site_id)

    @blp.login_required
    @blp.arguments(SiteUpdateSchema)
    @blp.response(200, SiteSchema)
    @inject
    def patch(self, body, site_id: str, sites: SiteService = Provide["sites"]):
        """Update a site; `status` ACTIVE or MAINTENANCE (with `maintenance_message`)"""
        return sites.update(actor=actor(), site_id=site_id, changes=body)

    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, site_id: str, sites: SiteService = Provide["sites"]):
        """Delete a site (soft: its owner can restore it)"""
        sites.delete(actor=actor(), site_id=site_id)


@blp.route("/<site_id>/restore")
class RestoreSite(MethodView):
    @blp.login_required
    @blp.response(200, SiteSchema)
    @inject
    def post(self, site_id: str, sites: SiteService = Provide["sites"]):
        """Restore a deleted site (its owner)"""
        return sites.restore(actor=actor(), site_id=site_id)


@blp.route("/by-slug/<slug>")
class SiteBySlug(MethodView):
    @blp.response(200, PublicSiteSchema)
    @inject
    def get(self, slug: str, sites: SiteService = Provide["sites"]):
        """A visible site by its slug (public)"""
        return sites.public_by_slug(slug=slug)


@blp.route("/by-domain/<domain>")
class SiteByDomain(MethodView):
    @blp.response(200, PublicSiteSchema)
    @inject
    def get(self, domain: str, sites: SiteService = Provide["sites"]):
        """A visible site by its verified custom domain (public)"""
        return sites.public_by_domain(domain=domain)


@blp.route("/<site_id>/public")
class PublicSite(MethodView):
    @blp.response(200, PublicSiteSchema)
    @inject
    def get(self, site_id: str, sites: SiteService = Provide["sites"]):
        """A visible site's public information"""
        return sites.public_by_id(site_id=site_id)


from ownverso.entrypoints.api.sites import (  # noqa: E402,F401  (the sub-resources)
    branding_routes,
    domain_routes,
    pages_routes,
    settings_routes,
    theme_routes,
)
