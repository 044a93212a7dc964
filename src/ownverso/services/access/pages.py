"""The pages of comic chapters behind the paywall: they are never public files; readers (and
authors) get short-lived signed links, issued only once the access rule has allowed the pages
they point at, and ``GET /chapters/{id}/pages/{image}[/thumbnail]`` serves a page only with a
valid link.

For comics, a chapter's "preview paragraphs" (else the series') count pages: a reader who may
not read the chapter gets links to that many first pages, and nothing of the others."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.publishing.chapter_images import ChapterImage
from ownverso.services.errors import NotFound, PermissionDenied
from ownverso.services.ports import (
    Clock,
    ContentUrlSigner,
    FileStorage,
    InvalidContentLink,
    UnitOfWork,
)

PAGE, THUMBNAIL = "page", "thumbnail"


@dataclass(frozen=True)
class PageView:
    """A page as a reader gets it: where it sits, its size, its alt text and signed links."""

    id: str
    position: int
    width: int | None
    height: int | None
    alt_text: str | None
    url: str
    thumbnail_url: str | None


@dataclass(frozen=True)
class PageLinks:
    """Signs links to pages for ``ttl`` seconds."""

    signer: ContentUrlSigner
    ttl: int

    def url(self, image: ChapterImage, variant: str = PAGE) -> str:
        return self.signer.page_url(chapter_id=image.chapter_id, image_id=image.id,
                                    variant=variant, expires_in=self.ttl)

    def thumbnail_url(self, image: ChapterImage) -> str | None:
        return self.url(image, THUMBNAIL) if image.thumbnail_key else None

    def view(self, image: ChapterImage) -> PageView:
        return PageView(id=image.id, position=image.position, width=image.width,
                        height=image.height, alt_text=image.alt_text, url=self.url(image),
                        thumbnail_url=self.thumbnail_url(image))

    def views(self, images: Iterable[ChapterImage]) -> tuple[PageView, ...]:
        return tuple(self.view(image) for image in sorted(images, key=lambda i: i.position))


@dataclass(frozen=True)
class PageFile:
    data: bytes
    content_type: str
    max_age: int  # seconds the link that fetched it stays valid


def page_not_found() -> NotFound:
    return NotFound("No such page.", code="image_not_found")


class ChapterPageService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, storage: FileStorage,
                 signer: ContentUrlSigner):
        self.uow, self.clock, self.storage, self.signer = uow, clock, storage, signer

    def serve(self, *, chapter_id: str, image_id: str, variant: str = PAGE,
              expires: str | None = None, signature: str | None = None) -> PageFile:
        """The bytes of a page (or its thumbnail) for a valid link: 403 ``invalid_signature``
        for a link that is not one of ours or was made for another page, 403
        ``expired_link`` past its expiry, 404 when the page or its chapter is gone."""
        try:
            expires_at = self.signer.verify(chapter_id=chapter_id, image_id=image_id,
                                            variant=variant, expires=expires or "",
                                            signature=signature or "")
        except InvalidContentLink as refused:
            raise PermissionDenied(str(refused), code=refused.code) from None
        with self.uow() as uow:
            image = uow.chapter_images.get(image_id)
            if image is None or image.chapter_id != chapter_id:
                raise page_not_found()
            chapter = uow.chapters.get(chapter_id)
            if chapter is None or chapter.is_deleted:
                raise page_not_found()
        key, content_type = image.storage_key, image.content_type
        if variant == THUMBNAIL:
            if not image.thumbnail_key:
                raise page_not_found()
            key, content_type = image.thumbnail_key, "image/webp"
        try:
            data = self.storage.read(key)
        except (FileNotFoundError, ValueError, IsADirectoryError):
            raise page_not_found() from None
        return PageFile(data=data, content_type=content_type,
                        max_age=self._remaining(expires_at))

    def _remaining(self, expires_at: datetime) -> int:
        return max(0, int((expires_at - self.clock.now()).total_seconds()))
