"""A series' display settings, paywall defaults, update schedule and images."""

from collections.abc import Callable

from ownverso.domain.publishing import series_options as rules
from ownverso.domain.publishing.series import Series
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import domain_rules
from ownverso.services.images import fit_within
from ownverso.services.ports import Clock, FileStorage, UnitOfWork
from ownverso.services.publishing.series_access import load_series
from ownverso.services.publishing.series_copy import IMAGE_FIELDS, image_key

# kind -> the largest box the image is scaled into (never up)
IMAGE_BOXES = {"cover": (1600, 2400), "banner": (2560, 1024), "thumbnail": (400, 600)}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
PAYWALL_FIELDS = ("default_access_level", "early_access_days", "preview_paragraphs",
                  "paywall_message")
SCHEDULE_FIELDS = ("update_days", "update_schedule", "last_published_at", "next_scheduled_at")


def paywall_of(series: Series) -> dict:
    return {name: getattr(series, name) for name in PAYWALL_FIELDS}


def schedule_of(series: Series) -> dict:
    return {name: getattr(series, name) for name in SCHEDULE_FIELDS}


class SeriesOptionsService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, storage: FileStorage,
                 max_image_bytes: int = MAX_IMAGE_BYTES):
        self.uow, self.clock, self.storage = uow, clock, storage
        self.max_image_bytes = max_image_bytes

    def _read(self, actor: Actor, series_id: str) -> Series:
        with self.uow() as uow:
            return load_series(uow, actor, series_id, Permission.CONTENT_READ)[0]

    def _change(self, actor: Actor, series_id: str, apply: Callable[[Series], None]) -> Series:
        with self.uow() as uow:
            series, _ = load_series(uow, actor, series_id, Permission.CONTENT_WRITE)
            with domain_rules():
                apply(series)
            uow.commit()
            return series

    # -- settings, paywall, schedule ----------------------------------------------------------
    def settings(self, *, actor: Actor, series_id: str) -> dict:
        return rules.settings_of(self._read(actor, series_id))

    def update_settings(self, *, actor: Actor, series_id: str, changes: dict) -> dict:
        series = self._change(actor, series_id, lambda s: rules.update_settings(
            s, changes, now=self.clock.now()))
        return rules.settings_of(series)

    def paywall(self, *, actor: Actor, series_id: str) -> dict:
        return paywall_of(self._read(actor, series_id))

    def update_paywall(self, *, actor: Actor, series_id: str, changes: dict) -> dict:
        return paywall_of(self._change(actor, series_id, lambda s: rules.update_paywall(
            s, changes, now=self.clock.now())))

    def schedule(self, *, actor: Actor, series_id: str) -> dict:
        return schedule_of(self._read(actor, series_id))

    def update_schedule(self, *, actor: Actor, series_id: str, changes: dict) -> dict:
        return schedule_of(self._change(actor, series_id, lambda s: rules.update_schedule(
            s, changes, now=self.clock.now())))

    # -- images -----------------------------------------------------------------------------
    def set_image(self, *, actor: Actor, series_id: str, kind: str, data: bytes) -> Series:
        """Checked by content (Pillow), scaled into the kind's box, re-encoded as WebP; the old
        file goes once the new one is committed."""
        _, url_field, key_field = next(f for f in IMAGE_FIELDS if f[0] == kind)
        with self.uow() as uow:  # the access check comes before any work on the upload
            load_series(uow, actor, series_id, Permission.CONTENT_WRITE)
        image = fit_within(data, self.max_image_bytes, *IMAGE_BOXES[kind])
        stored = self.storage.save(image_key(series_id, kind), image,
                                   content_type="image/webp")
        try:
            with self.uow() as uow:
                series, _ = load_series(uow, actor, series_id, Permission.CONTENT_WRITE)
                old_key = getattr(series, key_field)
                setattr(series, url_field, stored.url)
                setattr(series, key_field, stored.key)
                series.updated_at = self.clock.now()
                if old_key:
                    uow.after_commit(lambda: self.storage.delete(old_key))
                uow.commit()
                return series
        except Exception:
            self.storage.delete(stored.key)  # nobody points at the new file
            raise

    def remove_image(self, *, actor: Actor, series_id: str, kind: str) -> Series:
        _, url_field, key_field = next(f for f in IMAGE_FIELDS if f[0] == kind)
        with self.uow() as uow:
            series, _ = load_series(uow, actor, series_id, Permission.CONTENT_WRITE)
            old_key = getattr(series, key_field)
            setattr(series, url_field, None)
            setattr(series, key_field, None)
            series.updated_at = self.clock.now()
            if kind == "cover" and series.is_listed:
                series.is_listed = False  # a listing needs a cover
            if old_key:
                uow.after_commit(lambda: self.storage.delete(old_key))
            uow.commit()
            return series
