"""A site's series: the team's list and creation, the public list, and a series by slug.

A blueprint of its own on the /sites prefix (the sites blueprint is the sites module's)."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, actor, optional_actor
from ownverso.entrypoints.api.series.public_schemas import SeriesPublicSchema
from ownverso.entrypoints.api.series.schemas import (
    PublicListArgs,
    SeriesCardSchema,
    SeriesCreateSchema,
    SeriesListArgs,
    SeriesSchema,
)
from ownverso.services.publishing.series import SeriesService
from ownverso.services.publishing.series_public import SeriesPublicService

blp = Blueprint("site-series", __name__, url_prefix="/sites", description="A site's series")


@blp.route("/<site_id>/series")
class SiteSeries(MethodView):
    @blp.login_required
    @blp.arguments(SeriesListArgs, location="query")
    @blp.response(200, SeriesCardSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, site_id: str, pagination_parameters,
            series: SeriesService = Provide["series"]):
        """Every series of the site, drafts included (filters: status, content type; the bin
        with deleted=true)"""
        page = pagination_parameters
        items, page.item_count = series.list_for_site(
            actor=actor(), site_id=site_id, offset=page.first_item, limit=page.page_size,
            **args)
        return items

    @blp.login_required
    @blp.arguments(SeriesCreateSchema)
    @blp.response(201, SeriesSchema)
    @inject
    def post(self, body, site_id: str, series: SeriesService = Provide["series"]):
        """Create a series on the site (a draft; counts against the owner's series limit)"""
        return series.create(actor=actor(), site_id=site_id, fields=body)


@blp.route("/<site_id>/series/public")
class PublicSiteSeries(MethodView):
    @blp.arguments(PublicListArgs, location="query")
    @blp.response(200, SeriesCardSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, site_id: str, pagination_parameters,
            public: SeriesPublicService = Provide["series_public"]):
        """The site's published series (no drafts, nothing deleted)"""
        page = pagination_parameters
        items, page.item_count = public.site_series(
            site_id=site_id, offset=page.first_item, limit=page.page_size, **args)
        return items


@blp.route("/<site_id>/series/by-slug/<slug>")
class SeriesBySlug(MethodView):
    @blp.login_optional
    @blp.response(200, SeriesPublicSchema)
    @inject
    def get(self, site_id: str, slug: str,
            public: SeriesPublicService = Provide["series_public"]):
        """A series of the site by its slug (drafts only for the site's team)"""
        return public.by_slug(site_id=site_id, slug=slug, viewer=optional_actor())
