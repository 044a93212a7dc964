"""A site's static pages."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.sites.blueprint import blp
from ownverso.entrypoints.api.sites.pages_schemas import (
    PageCreateSchema,
    PageListQuerySchema,
    PageOrderSchema,
    PageSchema,
    PageSummarySchema,
    PageUpdateSchema,
    PublicPageSchema,
)
from ownverso.services.sites.pages import PageService

Service = PageService


@blp.route("/<site_id>/pages")
class Pages(MethodView):
    @blp.login_required
    @blp.arguments(PageListQuerySchema, location="query")
    @blp.response(200, PageSummarySchema(many=True))
    @blp.paginate()
    @inject
    def get(self, query, pagination_parameters, site_id: str,
            pages: Service = Provide["site_pages"]):
        """A site's pages in navigation order (drafts included)"""
        page = pagination_parameters
        found, page.item_count = pages.list_pages(actor=actor(), site_id=site_id, **query,
                                                  offset=page.first_item, limit=page.page_size)
        return found

    @blp.login_required
    @blp.arguments(PageCreateSchema)
    @blp.response(201, PageSchema)
    @inject
    def post(self, body, site_id: str, pages: Service = Provide["site_pages"]):
        """Create a page (Markdown content; the slug defaults to one made from the title)"""
        return pages.create(actor=actor(), site_id=site_id, fields=body)


@blp.route("/<site_id>/pages/reorder")
class ReorderPages(MethodView):
    @blp.login_required
    @blp.arguments(PageOrderSchema)
    @blp.response(200, PageSummarySchema(many=True))
    @inject
    def patch(self, body, site_id: str, pages: Service = Provide["site_pages"]):
        """Set the navigation order: every page of the site, each once (all or nothing)"""
        return pages.reorder(actor=actor(), site_id=site_id, page_ids=body["page_ids"])


@blp.route("/<site_id>/pages/by-slug/<slug>")
class PageBySlug(MethodView):
    @blp.response(200, PublicPageSchema)
    @inject
    def get(self, site_id: str, slug: str, pages: Service = Provide["site_pages"]):
        """A published page of a visible site, by its slug (public)"""
        return pages.public_by_slug(site_id=site_id, slug=slug)


@blp.route("/<site_id>/pages/<page_id>")
class OnePage(MethodView):
    @blp.login_required
    @blp.response(200, PageSchema)
    @inject
    def get(self, site_id: str, page_id: str, pages: Service = Provide["site_pages"]):
        """A page, draft or published"""
        return pages.get(actor=actor(), site_id=site_id, page_id=page_id)

    @blp.login_required
    @blp.arguments(PageUpdateSchema)
    @blp.response(200, PageSchema)
    @inject
    def patch(self, body, site_id: str, page_id: str, pages: Service = Provide["site_pages"]):
        """Update a page"""
        return pages.update(actor=actor(), site_id=site_id, page_id=page_id, changes=body)

    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, site_id: str, page_id: str, pages: Service = Provide["site_pages"]):
        """Delete a page"""
        pages.delete(actor=actor(), site_id=site_id, page_id=page_id)


def _action(name: str, doc: str, call) -> None:
    class PageAction(MethodView):
        @blp.login_required
        @blp.response(200 if name != "duplicate" else 201, PageSchema)
        @inject
        def post(self, site_id: str, page_id: str, pages: Service = Provide["site_pages"]):
            return call(pages, actor=actor(), site_id=site_id, page_id=page_id)

    PageAction.post.__doc__ = doc
    view = "Page" + name.title()
    PageAction.__name__ = PageAction.__qualname__ = view
    globals()[view] = PageAction  # module-level, so that the container wires it
    blp.route(f"/<site_id>/pages/<page_id>/{name}", endpoint=view)(PageAction)


_action("publish", "Publish a page",
        lambda pages, **ids: pages.set_published(**ids, published=True))
_action("unpublish", "Unpublish a page",
        lambda pages, **ids: pages.set_published(**ids, published=False))
_action("duplicate", "Copy a page (slug `<slug>-copy`, unpublished, last in order)",
        lambda pages, **ids: pages.duplicate(**ids))
