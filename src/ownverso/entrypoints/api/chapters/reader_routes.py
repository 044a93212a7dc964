"""Reading through the paywall: /chapters/{id}/read, /access-check, /unlock and /public.
Every answer is ``Cache-Control: private, no-store``: it may carry paid text. A comic's pages
come from /chapters/{id}/pages/{image}[/thumbnail] with the signed links /read hands out."""

from dependency_injector.wiring import Provide, inject
from flask import Response
from flask.views import MethodView

from ownverso.entrypoints.api.chapters.blueprint import blp
from ownverso.entrypoints.api.chapters.public_schemas import (
    PageLinkArgsSchema,
    PublicChapterSchema,
)
from ownverso.entrypoints.api.chapters.reader_schemas import (
    ChapterAccessCheckSchema,
    ChapterReadingSchema,
    ChapterUnlockBodySchema,
    ChapterUnlockSchema,
)
from ownverso.entrypoints.api.common.caching import no_store
from ownverso.entrypoints.api.common.idempotency import idempotent
from ownverso.entrypoints.api.common.smorest import actor, optional_actor
from ownverso.services.access.pages import PAGE, THUMBNAIL, ChapterPageService, PageFile
from ownverso.services.access.reading import ReaderService

PAGES = Provide["chapter_pages"]


def _page(page: PageFile) -> Response:
    return Response(page.data, mimetype=page.content_type, headers={
        "Cache-Control": f"private, max-age={page.max_age}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox"})


@blp.route("/<chapter_id>/read")
class Read(MethodView):
    @blp.login_optional
    @no_store
    @blp.response(200, ChapterReadingSchema)
    @inject
    def get(self, chapter_id: str, reader: ReaderService = Provide["reader"]):
        """Read a chapter: the whole text when the paywall grants it, else its first
        paragraphs, the reason and the ways to unlock it (still 200); drafts: 404 to readers"""
        return reader.read(viewer=optional_actor(), chapter_id=chapter_id)


@blp.route("/<chapter_id>/access-check")
class AccessCheck(MethodView):
    @blp.login_optional
    @no_store
    @blp.response(200, ChapterAccessCheckSchema)
    @inject
    def get(self, chapter_id: str, reader: ReaderService = Provide["reader"]):
        """May I read this chapter now, why, and how to unlock it (no content)"""
        return reader.access_check(viewer=optional_actor(), chapter_id=chapter_id)


@blp.route("/<chapter_id>/unlock")
class Unlock(MethodView):
    @blp.login_required
    @idempotent
    @no_store
    @blp.arguments(ChapterUnlockBodySchema)
    @blp.response(200, ChapterUnlockSchema)
    @inject
    def post(self, body, chapter_id: str, reader: ReaderService = Provide["reader"]):
        """Unlock a chapter: already readable -> already_unlocked; SUBSCRIBE to one of its
        unlock options' tiers -> a checkout (422 tier_does_not_unlock otherwise); PURCHASE ->
        a one-time purchase checkout; COINS -> the coin price spent now (402
        insufficient_coins with the shortfall)"""
        return reader.unlock(actor=actor(), chapter_id=chapter_id, **body)


@blp.route("/<chapter_id>/public")
class PublicChapter(MethodView):
    @blp.login_optional
    @no_store
    @blp.response(200, PublicChapterSchema)
    @inject
    def get(self, chapter_id: str, reader: ReaderService = Provide["reader"]):
        """A published chapter as readers see it (drafts and scheduled ones: 404); the text
        only when the paywall grants it to this viewer (else is_locked; see /read)"""
        return reader.public(viewer=optional_actor(), chapter_id=chapter_id)


@blp.route("/<chapter_id>/pages/<image_id>")
class Page(MethodView):
    @blp.arguments(PageLinkArgsSchema, location="query")
    @blp.response(200, description="The page's image")
    @inject
    def get(self, link, chapter_id: str, image_id: str, pages: ChapterPageService = PAGES):
        """A page of a comic chapter, through the signed link /read gave (403
        invalid_signature or expired_link otherwise)"""
        return _page(pages.serve(chapter_id=chapter_id, image_id=image_id, variant=PAGE,
                                 **link))


@blp.route("/<chapter_id>/pages/<image_id>/thumbnail")
class PageThumbnail(MethodView):
    @blp.arguments(PageLinkArgsSchema, location="query")
    @blp.response(200, description="The page's thumbnail (WebP)")
    @inject
    def get(self, link, chapter_id: str, image_id: str, pages: ChapterPageService = PAGES):
        """The thumbnail of a page, through the signed link /read gave"""
        return _page(pages.serve(chapter_id=chapter_id, image_id=image_id, variant=THUMBNAIL,
                                 **link))
