"""Static pages of a site: CRUD, publish and unpublish, duplicate, navigation order, and the
published page by its slug for the public."""

from collections.abc import Callable

from ownverso.domain.sites.page import Page, check_page_slug, copy_slug, slugify
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, NotFound, ValidationFailed, domain_rules
from ownverso.services.ports import Clock, IdGenerator, IntegrityConflict, UnitOfWork
from ownverso.services.rendering import render_markdown
from ownverso.services.sites.access import require, site_not_found

EDITABLE = ("title", "show_in_nav", "nav_order", "nav_label", "meta_title", "meta_description")
ORDER = ["nav_order", "created_at", "id"]


def page_not_found() -> NotFound:
    return NotFound("No such page.", code="page_not_found")


def slug_taken() -> Conflict:
    return Conflict("Another page of this site has this slug.", code="page_slug_taken",
                    fields={"slug": ["Taken."]})


class PageService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator):
        self.uow, self.clock, self.ids = uow, clock, ids

    @staticmethod
    def _page(uow: UnitOfWork, site_id: str, page_id: str) -> Page:
        page = uow.pages.get(page_id)
        if page is None or page.site_id != site_id:
            raise page_not_found()
        return page

    def list_pages(self, *, actor: Actor, site_id: str, is_published: bool | None = None,
                   show_in_nav: bool | None = None, offset: int = 0,
                   limit: int | None = None) -> tuple[list[Page], int]:
        filters: dict = {"site_id": site_id}
        if is_published is not None:
            filters["is_published"] = is_published
        if show_in_nav is not None:
            filters["show_in_nav"] = show_in_nav
        with self.uow() as uow:
            require(uow, actor, site_id, Permission.CONTENT_READ)
            return (uow.pages.list(**filters, order_by=ORDER, offset=offset, limit=limit),
                    uow.pages.count(**filters))

    def get(self, *, actor: Actor, site_id: str, page_id: str) -> Page:
        with self.uow() as uow:
            require(uow, actor, site_id, Permission.CONTENT_READ)
            return self._page(uow, site_id, page_id)

    def create(self, *, actor: Actor, site_id: str, fields: dict) -> Page:
        now = self.clock.now()
        with self.uow() as uow:
            grant = require(uow, actor, site_id, Permission.CONTENT_WRITE)
            if fields.get("is_published"):
                require(uow, actor, site_id, Permission.CONTENT_PUBLISH)
            with domain_rules():
                slug = check_page_slug(fields.get("slug") or slugify(fields["title"]))
            if uow.pages.get_by(site_id=site_id, slug=slug) is not None:
                raise slug_taken()
            page = Page(id=self.ids.new_id("page"), site_id=grant.site.id, slug=slug,
                        title=fields["title"], created_at=now, updated_at=now,
                        nav_order=uow.pages.count(site_id=site_id))
            for name in EDITABLE:
                if name in fields:
                    setattr(page, name, fields[name])
            self._set_content(page, fields.get("content", ""))
            if fields.get("is_published"):
                page.publish(now=now)
            uow.pages.add(page)
            self._commit(uow)
            return page

    def update(self, *, actor: Actor, site_id: str, page_id: str, changes: dict) -> Page:
        with self.uow() as uow:
            require(uow, actor, site_id, Permission.CONTENT_WRITE)
            page = self._page(uow, site_id, page_id)
            if "slug" in changes:
                with domain_rules():
                    slug = check_page_slug(changes["slug"])
                if slug != page.slug and uow.pages.get_by(site_id=site_id, slug=slug):
                    raise slug_taken()
                page.slug = slug
            for name in EDITABLE:
                if name in changes:
                    setattr(page, name, changes[name])
            if "content" in changes:
                self._set_content(page, changes["content"])
            page.updated_at = self.clock.now()
            self._commit(uow)
            return page

    def delete(self, *, actor: Actor, site_id: str, page_id: str) -> None:
        with self.uow() as uow:
            require(uow, actor, site_id, Permission.CONTENT_DELETE)
            uow.pages.remove(self._page(uow, site_id, page_id))
            uow.commit()

    def set_published(self, *, actor: Actor, site_id: str, page_id: str,
                      published: bool) -> Page:
        now = self.clock.now()
        with self.uow() as uow:
            require(uow, actor, site_id, Permission.CONTENT_PUBLISH)
            page = self._page(uow, site_id, page_id)
            if published:
                page.publish(now=now)
            else:
                page.unpublish(now=now)
            uow.commit()
            return page

    def duplicate(self, *, actor: Actor, site_id: str, page_id: str) -> Page:
        """A copy with slug ``<slug>-copy`` (numbered if taken), unpublished, last in order."""
        now = self.clock.now()
        with self.uow() as uow:
            require(uow, actor, site_id, Permission.CONTENT_WRITE)
            source = self._page(uow, site_id, page_id)
            siblings = uow.pages.list(site_id=site_id)
            taken = {p.slug for p in siblings}
            copy = Page(id=self.ids.new_id("page"), site_id=site_id,
                        slug=copy_slug(source.slug, taken),
                        title=f"{source.title} (copy)"[:100], content=source.content,
                        content_html=source.content_html, show_in_nav=source.show_in_nav,
                        nav_order=max(p.nav_order for p in siblings) + 1,
                        nav_label=source.nav_label, meta_title=source.meta_title,
                        meta_description=source.meta_description, created_at=now,
                        updated_at=now)
            uow.pages.add(copy)
            self._commit(uow)
            return copy

    def reorder(self, *, actor: Actor, site_id: str, page_ids: list[str]) -> list[Page]:
        """All or nothing: ``page_ids`` must be exactly the site's pages, each once."""
        with self.uow() as uow:
            require(uow, actor, site_id, Permission.CONTENT_WRITE)
            pages = {p.id: p for p in uow.pages.list(site_id=site_id)}
            self._check_order(page_ids, set(pages))
            now = self.clock.now()
            for position, page_id in enumerate(page_ids):
                page = pages[page_id]
                if page.nav_order != position:
                    page.nav_order, page.updated_at = position, now
            uow.commit()
            return [pages[i] for i in page_ids]

    @staticmethod
    def _check_order(page_ids: list[str], existing: set[str]) -> None:
        problems = []
        if len(page_ids) != len(set(page_ids)):
            problems.append("Each page appears once.")
        if missing := sorted(existing - set(page_ids)):
            problems.append(f"Missing: {', '.join(missing)}.")
        if unknown := sorted(set(page_ids) - existing):
            problems.append(f"Not pages of this site: {', '.join(unknown)}.")
        if problems:
            raise ValidationFailed("Send every page of the site, each once, in the new order.",
                                   code="invalid_page_order", fields={"page_ids": problems})

    def public_by_slug(self, *, site_id: str, slug: str) -> Page:
        with self.uow() as uow:
            site = uow.sites.get(site_id)
            if site is None or not site.is_visible_to_public:
                raise site_not_found()
            page = uow.pages.get_by(site_id=site_id, slug=slug.strip().lower(),
                                    is_published=True)
            if page is None:
                raise page_not_found()
            return page

    @staticmethod
    def _set_content(page: Page, content: str) -> None:
        page.content = content or ""
        page.content_html = render_markdown(page.content)

    @staticmethod
    def _commit(uow: UnitOfWork) -> None:
        try:
            uow.commit()
        except IntegrityConflict:
            raise slug_taken() from None
