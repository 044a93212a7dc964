"""Variants of images (resize, optimize) and their processing (dimensions, thumbnail,
placeholder): asked for by a user, done by a job through the queue."""

from collections.abc import Callable
from datetime import datetime

from PIL import Image, UnidentifiedImageError

from ownverso.domain.errors import DomainError
from ownverso.domain.media.file import MediaFile
from ownverso.domain.media.values import MediaKind, MediaStatus
from ownverso.services.context import Actor
from ownverso.services.errors import QuotaExceeded, ValidationFailed
from ownverso.services.identity.secrets import new_token
from ownverso.services.media import imaging
from ownverso.services.media.accounting import charge_storage, release_storage
from ownverso.services.media.kit import MediaKit, refused
from ownverso.services.media.policy import file_for

JOBS = "ownverso.entrypoints.workers.jobs.media"
MAX_SIDE = 4096
Build = Callable[[bytes], dict[str, imaging.Rendered]]


def _bad(message: str, name: str) -> ValidationFailed:
    return ValidationFailed(message, code="invalid_variant", fields={name: [message]})


class MediaProcessingService:
    def __init__(self, kit: MediaKit):
        self.kit = kit

    # -- asked for by users -----------------------------------------------------------------
    def request_resize(self, *, actor: Actor, media_id: str, width: int | None = None,
                       height: int | None = None, fit: str = "contain") -> dict:
        if fit not in imaging.FITS:
            raise _bad(f"fit is one of {', '.join(imaging.FITS)}.", "fit")
        if not (width or height) or (fit != "contain" and not (width and height)):
            raise _bad("Give width and height (contain needs one of them).", "width")
        if any(v is not None and not 1 <= v <= MAX_SIDE for v in (width, height)):
            raise _bad(f"Sides are 1 to {MAX_SIDE} pixels.", "width")
        name = f"{fit}-{width or 'auto'}x{height or 'auto'}"
        return self._enqueue(actor, media_id, "resize_media", name, width=width,
                             height=height, fit=fit)

    def request_optimize(self, *, actor: Actor, media_id: str, quality: int = 80) -> dict:
        if not 1 <= quality <= 100:
            raise _bad("quality is 1 to 100.", "quality")
        return self._enqueue(actor, media_id, "optimize_media", "optimized", quality=quality)

    def request_process(self, *, actor: Actor, media_id: str) -> dict:
        return self._enqueue(actor, media_id, "process_media", "thumbnail")

    def _enqueue(self, actor: Actor, media_id: str, job: str, variant: str, **args) -> dict:
        with self.kit.uow() as uow:
            file = file_for(uow, actor, media_id, write=True)
            try:
                file.ensure_image()
            except DomainError as error:
                raise refused(error) from None
        job_id = self.kit.jobs.enqueue(f"{JOBS}.{job}", media_id=media_id, **args)
        return {"job_id": job_id, "media_id": media_id, "operation": job.split("_")[0],
                "variant": variant}

    def variants(self, *, actor: Actor, media_id: str) -> list[dict]:
        with self.kit.uow() as uow:
            return list(file_for(uow, actor, media_id).variants)

    # -- done by jobs (idempotent: a variant of the same name replaces the previous) --------
    def resize(self, *, media_id: str, width: int | None, height: int | None,
               fit: str) -> list[str]:
        name = f"{fit}-{width or 'auto'}x{height or 'auto'}"
        return self._run(media_id, lambda data: {
            name: imaging.resize(data, width=width, height=height, fit=fit)})

    def optimize(self, *, media_id: str, quality: int) -> list[str]:
        def done(file: MediaFile, now: datetime) -> None:
            file.is_optimized = True
        return self._run(media_id, lambda data: {
            "optimized": imaging.optimize(data, quality=quality)}, done)

    def process(self, *, media_id: str) -> list[str]:
        def done(file: MediaFile, now: datetime) -> None:
            file.is_processed, file.processed_at, file.processing_error = True, now, None
            file.thumbnail_url = file.variant("thumbnail")["url"]
            file.placeholder_url = file.variant("placeholder")["url"]

        def build(data: bytes) -> dict[str, imaging.Rendered]:
            return {"thumbnail": imaging.thumbnail(data),
                    "placeholder": imaging.placeholder(data)}
        return self._run(media_id, build, done, measure=True)

    def _run(self, media_id: str, build: Build,
             done: Callable[[MediaFile, datetime], None] | None = None, *,
             measure: bool = False) -> list[str]:
        """Render from the stored original, store the outputs, then record them on the file
        (and charge their bytes to its owner); a failure is recorded on the file."""
        with self.kit.uow() as uow:
            file = uow.media_files.get(media_id)
            if file is None or file.status != MediaStatus.READY or file.kind != MediaKind.IMAGE:
                return []
            data = self.kit.storage.read(file.storage_key)
        try:
            rendered = build(data)
            size = imaging.dimensions(data) if measure else None
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) \
                as error:
            self._fail(media_id, f"unreadable_image: {error}"[:255])
            return []
        saved = self._save(file, rendered)
        try:
            self._record(media_id, saved, done, size)
        except QuotaExceeded:
            for variant in saved:
                self.kit.storage.delete(variant["key"])
            self._fail(media_id, "storage_limit_exceeded")
            return []
        return [v["name"] for v in saved]

    def _save(self, file: MediaFile, rendered: dict[str, imaging.Rendered]) -> list[dict]:
        base = file.storage_key.rsplit("/", 1)[0]
        now, saved = self.kit.clock.now(), []
        for name, out in rendered.items():
            key = f"{base}/variants/{name}-{new_token(6)}.webp"
            self.kit.storage.save(key, out.data, content_type=out.content_type)
            saved.append({"name": name, "key": key, "url": self.kit.storage.url(key),
                          "content_type": out.content_type, "size_bytes": len(out.data),
                          "width": out.width, "height": out.height,
                          "created_at": now.isoformat()})
        return saved

    def _record(self, media_id: str, saved: list[dict], done, size) -> None:
        with self.kit.uow() as uow:
            file = uow.media_files.get_by(id=media_id, for_update=True)
            if file is None or file.status != MediaStatus.READY:
                for variant in saved:
                    self.kit.storage.delete(variant["key"])
                return
            now, replaced = self.kit.clock.now(), []
            for variant in saved:
                old = file.put_variant(variant, now=now)
                if old:
                    replaced.append(old)
            net = sum(v["size_bytes"] for v in saved) - sum(v["size_bytes"] for v in replaced)
            if net > 0:
                charge_storage(uow, file.owner_id, net)
            else:
                release_storage(uow, file.owner_id, -net)
            if size:
                file.width, file.height = size
            if done:
                done(file, now)
            for old in replaced:
                uow.after_commit(lambda key=old["key"]: self.kit.storage.delete(key))
            uow.commit()

    def _fail(self, media_id: str, reason: str) -> None:
        with self.kit.uow() as uow:
            file = uow.media_files.get(media_id)
            if file is not None:
                file.processing_error = reason
                uow.commit()
