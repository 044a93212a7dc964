"""Branding: colors, fonts, custom CSS (on tiers that allow it, sanitized) and the uploaded
logo, favicon, cover and social-sharing image (through the storage port)."""

from collections.abc import Callable
from dataclasses import dataclass

from ownverso.domain.sites.branding import COLOR_FIELDS, check_color, check_fonts
from ownverso.domain.sites.permissions import Permission
from ownverso.domain.sites.site import Site
from ownverso.services.context import Actor
from ownverso.services.errors import ValidationFailed, domain_rules
from ownverso.services.identity.secrets import new_token
from ownverso.services.images import fit_within
from ownverso.services.ports import Clock, FileStorage, UnitOfWork
from ownverso.services.quotas import require_feature
from ownverso.services.sites.access import require
from ownverso.services.sites.css import sanitize_css

MAX_CSS = 50_000


@dataclass(frozen=True)
class ImageKind:
    field: str  # the site's ``<field>_url`` and ``<field>_key``
    max_w: int
    max_h: int
    image_format: str = "WEBP"


IMAGES = {
    "logo": ImageKind("logo", 1024, 1024),
    "favicon": ImageKind("favicon", 256, 256, "PNG"),
    "cover": ImageKind("cover_image", 2400, 1200),
    "og-image": ImageKind("og_image", 1200, 1200),
}
URL_FIELDS = tuple(f"{kind.field}_url" for kind in IMAGES.values())


def branding_of(site: Site) -> dict:
    return {**{name: getattr(site, name) for name in (*URL_FIELDS, *COLOR_FIELDS)},
            "custom_fonts": dict(site.custom_fonts), "custom_css": site.custom_css,
            "custom_css_enabled": site.custom_css_enabled}


class BrandingService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, storage: FileStorage,
                 max_image_bytes: int = 5 * 1024 * 1024):
        self.uow, self.clock, self.storage = uow, clock, storage
        self.max_image_bytes = max_image_bytes

    def branding(self, *, actor: Actor, site_id: str) -> dict:
        with self.uow() as uow:
            return branding_of(require(uow, actor, site_id, Permission.SITE_READ).site)

    def update(self, *, actor: Actor, site_id: str, changes: dict) -> dict:
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.SITE_UPDATE).site
            with domain_rules():
                for name in COLOR_FIELDS:
                    if name in changes:
                        setattr(site, name, check_color(changes[name], field_name=name))
                if "custom_fonts" in changes:
                    site.custom_fonts = check_fonts(changes["custom_fonts"])
            if "custom_css" in changes:
                self._set_css(uow, site, changes["custom_css"])
            if "custom_css_enabled" in changes:
                if changes["custom_css_enabled"]:
                    require_feature(uow, site.author_id, "has_custom_css")
                site.custom_css_enabled = bool(changes["custom_css_enabled"])
            site.updated_at = self.clock.now()
            uow.commit()
            return branding_of(site)

    @staticmethod
    def _set_css(uow: UnitOfWork, site: Site, css: str | None) -> None:
        if not css or not css.strip():
            site.custom_css, site.custom_css_enabled = None, False
            return
        require_feature(uow, site.author_id, "has_custom_css")
        if len(css) > MAX_CSS:
            raise ValidationFailed("Custom CSS is limited to 50,000 characters.",
                                   code="custom_css_too_long", fields={"custom_css": ["Too long."]})
        site.custom_css = sanitize_css(css) or None
        site.custom_css_enabled = site.custom_css is not None

    # -- images -----------------------------------------------------------------------------
    def upload(self, *, actor: Actor, site_id: str, kind: str, data: bytes) -> dict:
        image = IMAGES[kind]
        with self.uow() as uow:  # check the caller before doing any work on the file
            require(uow, actor, site_id, Permission.SITE_UPDATE)
        encoded = fit_within(data, self.max_image_bytes, image.max_w, image.max_h,
                             image_format=image.image_format)
        extension = image.image_format.lower()
        key = f"sites/{site_id}/branding/{kind}-{new_token(9)}.{extension}"
        stored = self.storage.save(key, encoded, content_type=f"image/{extension}")
        try:
            return self._point_at(actor, site_id, image, key=key, url=stored.url)
        except Exception:
            self.storage.delete(key)  # nobody points at the new file
            raise

    def remove(self, *, actor: Actor, site_id: str, kind: str) -> dict:
        return self._point_at(actor, site_id, IMAGES[kind], key=None, url=None)

    def _point_at(self, actor: Actor, site_id: str, image: ImageKind, *, key: str | None,
                  url: str | None) -> dict:
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.SITE_UPDATE).site
            old_key = getattr(site, f"{image.field}_key")
            setattr(site, f"{image.field}_key", key)
            setattr(site, f"{image.field}_url", url)
            site.updated_at = self.clock.now()
            if old_key:
                uow.after_commit(lambda: self.storage.delete(old_key))
            uow.commit()
            return branding_of(site)
