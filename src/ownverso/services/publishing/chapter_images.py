"""The pages of comic chapters: upload (one or many, all or nothing), list, describe, move,
reorder, delete, and process in a job (``process_chapter_image``).

Only chapters of comic series have pages (422 ``not_a_comic_series``). Pages count against the
site owner's storage (402 ``storage_limit_exceeded`` past the tier's ``storage_limit``), and
their bytes leave it when they are deleted. Pages are never public files: ``url`` and
``thumbnail_url`` in what these answer are short-lived signed links (``services.access.pages``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.publishing.chapter_images import (
    ChapterImage,
    ImageStatus,
    check_alt_text,
    check_room,
    reorder,
)
from ownverso.domain.sites.permissions import Permission
from ownverso.services.access.pages import PageLinks
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, ValidationFailed, domain_rules
from ownverso.services.ports import (
    Clock,
    ContentUrlSigner,
    FileStorage,
    IdGenerator,
    JobQueue,
    UnitOfWork,
)
from ownverso.services.publishing.chapter_support import Scope, chapter_scope
from ownverso.services.publishing.page_images import (
    Inspected,
    UnusableImage,
    derive,
    inspect_image,
)
from ownverso.services.quotas import check_limit

log = logging.getLogger(__name__)
JOB = "ownverso.entrypoints.workers.jobs.publishing_io.process_chapter_image"
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_BULK = 50


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str | None = None


@dataclass(frozen=True)
class SignedImage:
    """A page as its author sees it: the stored image, with signed links for its bytes."""

    image: ChapterImage
    url: str | None
    thumbnail_url: str | None

    def __getattr__(self, name: str):
        if name == "image":  # not set yet (copying): no recursion
            raise AttributeError(name)
        return getattr(self.image, name)


def image_not_found() -> NotFound:
    return NotFound("No such image.", code="image_not_found")


class ChapterImageService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 storage: FileStorage, jobs: JobQueue, signer: ContentUrlSigner | None = None,
                 page_url_ttl: int = 600):
        self.uow, self.clock, self.ids = uow, clock, ids
        self.storage, self.jobs = storage, jobs
        self.links = PageLinks(signer, page_url_ttl) if signer is not None else None

    def _signed(self, image: ChapterImage) -> SignedImage:
        """The image with links valid for a few minutes (none without a signer)."""
        if self.links is None:
            return SignedImage(image=image, url=None, thumbnail_url=None)
        return SignedImage(image=image, url=self.links.url(image),
                           thumbnail_url=self.links.thumbnail_url(image))

    # -- reads --------------------------------------------------------------------------------
    def list(self, *, actor: Actor, chapter_id: str, offset: int = 0,
             limit: int | None = None) -> tuple[list[SignedImage], int]:
        """The chapter's pages in reading order (two statements after the access check)."""
        with self.uow() as uow:
            self._scope(uow, actor, chapter_id, Permission.CONTENT_READ)
            items = uow.chapter_images.list(chapter_id=chapter_id, order_by=["position"],
                                            offset=offset, limit=limit)
            total = uow.chapter_images.count(chapter_id=chapter_id)
        return [self._signed(item) for item in items], total

    def get(self, *, actor: Actor, chapter_id: str, image_id: str) -> SignedImage:
        with self.uow() as uow:
            self._scope(uow, actor, chapter_id, Permission.CONTENT_READ)
            return self._signed(self._image(uow, chapter_id, image_id))

    # -- writes -------------------------------------------------------------------------------
    def upload(self, *, actor: Actor, chapter_id: str, file: Upload,
               alt_text: str | None = None) -> SignedImage:
        return self.upload_many(actor=actor, chapter_id=chapter_id, files=[file],
                                alt_texts=[alt_text])[0]

    def upload_many(self, *, actor: Actor, chapter_id: str, files: Sequence[Upload],
                    alt_texts: Sequence[str | None] = ()) -> list[SignedImage]:
        """Add pages at the end of the chapter, in the order sent: every one or none."""
        pages = self._checked(files, alt_texts)
        saved: list[str] = []
        with self.uow() as uow:
            scope = self._scope(uow, actor, chapter_id, Permission.CONTENT_WRITE)
            owner = uow.users.get_by(id=scope.series.author_id, for_update=True)
            adding = sum(len(f.data) for f in files)
            check_limit(uow, owner.id, "storage_limit", used=owner.storage_used_bytes,
                        adding=adding)
            existing = uow.chapter_images.count(chapter_id=chapter_id)
            with domain_rules():
                check_room(existing, len(files))
            try:
                created = [self._store(uow, scope, owner.id, actor, page, position, saved)
                           for position, page in enumerate(pages, start=existing + 1)]
                owner.storage_used_bytes += adding
                uow.commit()
            except BaseException:
                for key in saved:
                    self.storage.delete(key)
                raise
        for image_id in created:  # once committed, so that a failing job keeps the files
            self.jobs.enqueue(JOB, image_id=image_id)
        return self._reload(created)

    @staticmethod
    def _checked(files: Sequence[Upload], alt_texts: Sequence[str | None]
                 ) -> list[tuple[Upload, Inspected, str | None]]:
        """Every file checked by content, before anything is stored (422 names the file)."""
        if not files or len(files) > MAX_BULK:
            raise ValidationFailed(f"Send 1 to {MAX_BULK} images.", code="invalid_file_count",
                                   fields={"files": [f"1 to {MAX_BULK} files."]},
                                   location="files")
        checked = [inspect_image(f.data, max_bytes=MAX_IMAGE_BYTES,
                                 field="file" if len(files) == 1 else f"files[{i}]")
                   for i, f in enumerate(files)]
        with domain_rules():
            alts = [check_alt_text(alt) for alt in alt_texts] + [None] * len(files)
        return list(zip(files, checked, alts, strict=False))

    def _store(self, uow: UnitOfWork, scope: Scope, owner_id: str, actor: Actor,
               page: tuple[Upload, Inspected, str | None], position: int,
               saved: list[str]) -> str:
        upload, info, alt = page
        now, image_id, chapter = self.clock.now(), self.ids.new_id("cimg"), scope.chapter
        key = f"chapters/{chapter.site_id}/{chapter.id}/{image_id}.{info.extension}"
        stored = self.storage.save(key, upload.data, content_type=info.content_type)
        saved.append(key)
        uow.chapter_images.add(ChapterImage(
            id=image_id, chapter_id=chapter.id, site_id=chapter.site_id, owner_id=owner_id,
            uploaded_by=actor.user_id, position=position, storage_key=key, url=stored.url,
            content_type=info.content_type, size_bytes=len(upload.data), width=info.width,
            height=info.height, alt_text=alt, created_at=now, updated_at=now))
        return image_id

    def update(self, *, actor: Actor, chapter_id: str, image_id: str,
               changes: dict) -> SignedImage:
        """Alt text, and the position (1 = first page; the others move to make room)."""
        now = self.clock.now()
        with self.uow() as uow:
            self._scope(uow, actor, chapter_id, Permission.CONTENT_WRITE)
            image = self._image(uow, chapter_id, image_id)
            with domain_rules():
                if "alt_text" in changes:
                    image.describe(changes["alt_text"], now=now)
                if changes.get("position") is not None:
                    pages = [p.id for p in uow.chapter_images.list(
                        chapter_id=chapter_id, order_by=["position"], for_update=True)]
                    pages.remove(image.id)
                    pages.insert(max(0, min(changes["position"] - 1, len(pages))), image.id)
                    self._reorder(uow, chapter_id, pages, now)
            uow.commit()
            return self._signed(image)

    def reorder(self, *, actor: Actor, chapter_id: str,
                image_ids: Sequence[str]) -> list[SignedImage]:
        """Every page of the chapter, named once each, in the new order: all or nothing."""
        with self.uow() as uow:
            self._scope(uow, actor, chapter_id, Permission.CONTENT_WRITE)
            with domain_rules():
                pages = self._reorder(uow, chapter_id, list(image_ids), self.clock.now())
            uow.commit()
            return [self._signed(p) for p in sorted(pages, key=lambda page: page.position)]

    def delete(self, *, actor: Actor, chapter_id: str, image_id: str) -> None:
        """Remove a page (its files after the commit); the pages after it move up."""
        now = self.clock.now()
        with self.uow() as uow:
            scope = self._scope(uow, actor, chapter_id, Permission.CONTENT_DELETE)
            image = self._image(uow, chapter_id, image_id)
            owner = uow.users.get_by(id=image.owner_id, for_update=True)
            if owner is not None:
                owner.storage_used_bytes = max(0, owner.storage_used_bytes - image.stored_bytes)
            rest = [p for p in uow.chapter_images.list(
                chapter_id=scope.chapter.id, order_by=["position"], for_update=True)
                if p.id != image.id]
            uow.chapter_images.remove(image)
            reorder(rest, [p.id for p in rest], now=now)
            keys = [k for k in (image.storage_key, image.thumbnail_key) if k]
            uow.after_commit(lambda: [self.storage.delete(key) for key in keys])
            uow.commit()

    def reprocess(self, *, actor: Actor, chapter_id: str, image_id: str) -> SignedImage:
        with self.uow() as uow:
            self._scope(uow, actor, chapter_id, Permission.CONTENT_WRITE)
            image = self._image(uow, chapter_id, image_id)
            image.reprocess(now=self.clock.now())
            uow.after_commit(lambda: self.jobs.enqueue(JOB, image_id=image_id))
            uow.commit()
        return self._reload([image_id])[0]

    # -- the job ------------------------------------------------------------------------------
    def process(self, *, image_id: str) -> str:
        """Dimensions, thumbnail, placeholder, colour; a failure is kept on the image."""
        with self.uow() as uow:
            image = uow.chapter_images.get(image_id)
            if image is None:
                return "MISSING"
            key, thumb_key = image.storage_key, image.storage_key.rsplit(".", 1)[0] + "-thumb.webp"
        try:
            derived = derive(self.storage.read(key))
            if derived.cleaned is not None:
                self.storage.save(key, derived.cleaned, content_type=image.content_type)
            thumb = self.storage.save(thumb_key, derived.thumbnail, content_type="image/webp")
        except (UnusableImage, FileNotFoundError) as error:
            return self._failed(image_id, getattr(error, "message", "The file is missing."))
        except Exception:  # kept on the image for the author; the trace goes to the log
            log.exception("processing chapter image %s failed", image_id)
            return self._failed(image_id, "The image could not be processed.")
        with self.uow() as uow:
            image = uow.chapter_images.get_by(id=image_id, for_update=True)
            if image is None:
                return "MISSING"
            owner = uow.users.get_by(id=image.owner_id, for_update=True)
            before = image.stored_bytes
            if derived.cleaned is not None:
                image.size_bytes = len(derived.cleaned)
            image.processed(width=derived.width, height=derived.height,
                            thumbnail_key=thumb.key, thumbnail_url=thumb.url,
                            thumbnail_bytes=len(derived.thumbnail),
                            placeholder=derived.placeholder,
                            average_color=derived.average_color, now=self.clock.now())
            if owner is not None:
                owner.storage_used_bytes = max(
                    0, owner.storage_used_bytes + image.stored_bytes - before)
            uow.commit()
            return image.status.value

    # -- helpers ------------------------------------------------------------------------------
    def _failed(self, image_id: str, message: str) -> str:
        with self.uow() as uow:
            image = uow.chapter_images.get(image_id)
            if image is None:
                return "MISSING"
            image.processing_failed(message, now=self.clock.now())
            uow.commit()
            return ImageStatus.FAILED.value

    @staticmethod
    def _scope(uow: UnitOfWork, actor: Actor, chapter_id: str,
               permission: Permission) -> Scope:
        scope = chapter_scope(uow, actor, chapter_id, permission)
        if not scope.series.content_type.is_comic:
            raise ValidationFailed("Only chapters of comic series have images.",
                                   code="not_a_comic_series",
                                   fields={"content_type": [scope.series.content_type.value]})
        return scope

    @staticmethod
    def _image(uow: UnitOfWork, chapter_id: str, image_id: str) -> ChapterImage:
        image = uow.chapter_images.get(image_id) if image_id else None
        if image is None or image.chapter_id != chapter_id:
            raise image_not_found()
        return image

    @staticmethod
    def _reorder(uow: UnitOfWork, chapter_id: str, image_ids: list[str],
                 now: datetime) -> list[ChapterImage]:
        pages = uow.chapter_images.list(chapter_id=chapter_id, for_update=True)
        reorder(pages, image_ids, now=now)
        return pages

    def _reload(self, image_ids: list[str]) -> list[SignedImage]:
        with self.uow() as uow:
            found = {i.id: i for i in uow.chapter_images.list(id__in=image_ids)}
        return [self._signed(found[i]) for i in image_ids]

