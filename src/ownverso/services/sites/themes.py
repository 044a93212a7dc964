"""The theme catalog, and the theme a site uses with its own choices (scheme, font, layout)."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ownverso.domain.sites.branding import COLOR_FIELDS, check_color
from ownverso.domain.sites.permissions import Permission
from ownverso.domain.sites.site import Site
from ownverso.domain.sites.theme import Theme
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, PermissionDenied, domain_rules
from ownverso.services.ports import Clock, UnitOfWork
from ownverso.services.sites.access import require
from ownverso.services.sites.common import owner_of

DEFAULT_THEME = "classic"


@dataclass(frozen=True)
class ThemePreview:
    theme: Theme
    preview_url: str | None
    style: dict
    available: bool = True
    settings: dict | None = None


def theme_not_found() -> NotFound:
    return NotFound("No such theme.", code="theme_not_found")


def _colors(site: Site, overrides: dict | None = None) -> dict:
    colors = {name.removesuffix("_color"): getattr(site, name) for name in COLOR_FIELDS}
    with domain_rules():
        for name, value in (overrides or {}).items():
            colors[name.removesuffix("_color")] = check_color(value, field_name=name)
    return colors


class ThemeService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock):
        self.uow, self.clock = uow, clock

    # -- the catalog ------------------------------------------------------------------------
    def list_themes(self, *, category: str | None = None, is_premium: bool | None = None,
                    offset: int = 0, limit: int | None = None) -> tuple[list[Theme], int]:
        filters: dict = {"is_public": True}
        if category:
            filters["category"] = category
        if is_premium is not None:
            filters["is_premium"] = is_premium
        with self.uow() as uow:
            return (uow.themes.list(**filters, order_by=["is_premium", "name"], offset=offset,
                                    limit=limit), uow.themes.count(**filters))

    def categories(self) -> list[dict]:
        with self.uow() as uow:
            counts = Counter(t.category for t in uow.themes.list(is_public=True))
        return [{"category": name, "count": counts[name]} for name in sorted(counts)]

    def _theme(self, uow: UnitOfWork, theme_id: str, *, lock: bool = False) -> Theme:
        theme = uow.themes.get_by(id=theme_id, is_public=True, for_update=lock)
        if theme is None:
            raise theme_not_found()
        return theme

    def get_theme(self, *, theme_id: str) -> Theme:
        with self.uow() as uow:
            return self._theme(uow, theme_id)

    def preview_theme(self, *, theme_id: str) -> ThemePreview:
        with self.uow() as uow:
            theme = self._theme(uow, theme_id)
            return ThemePreview(theme=theme, preview_url=theme.preview_url,
                                style=theme.style_for())

    # -- a site's theme ---------------------------------------------------------------------
    def _current(self, uow: UnitOfWork, site: Site) -> Theme | None:
        if site.theme_id:
            return uow.themes.get(site.theme_id)
        return uow.themes.get_by(slug=DEFAULT_THEME)

    def site_theme(self, *, actor: Actor, site_id: str) -> ThemePreview:
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.SITE_READ).site
            return self._preview(site, self._current(uow, site), dict(site.theme_settings))

    def update_site_theme(self, *, actor: Actor, site_id: str, theme_id: str | None = None,
                          settings: dict | None = None) -> ThemePreview:
        """Pick a theme (premium ones need the platform tier that unlocks them) and/or change
        the choices; choices a new theme does not offer are dropped."""
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.SITE_UPDATE).site
            if theme_id and theme_id != site.theme_id:
                theme = self._theme(uow, theme_id, lock=True)
                self._check_tier(uow, site, theme)
                self._count_usage(uow, site.theme_id, -1)
                theme.usage_count += 1
                site.theme_id = theme.id
                site.theme_settings = {k: v for k, v in site.theme_settings.items()
                                       if theme.offers(k, v)}
            theme = self._current(uow, site)
            if settings and theme is not None:
                with domain_rules():
                    merged = {**site.theme_settings, **settings}
                    site.theme_settings = theme.check_settings(merged)
            site.updated_at = self.clock.now()
            uow.commit()
            return self._preview(site, theme, dict(site.theme_settings))

    def preview_site_theme(self, *, actor: Actor, site_id: str, theme_id: str | None = None,
                           settings: dict | None = None,
                           colors: dict | None = None) -> ThemePreview:
        """What the site would look like with another theme, choices or colors; nothing is
        saved."""
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.SITE_READ).site
            theme = self._theme(uow, theme_id) if theme_id else self._current(uow, site)
            owner = owner_of(uow, site)
        current = dict(site.theme_settings) if theme and theme.id == site.theme_id else {}
        with domain_rules():
            chosen = theme.check_settings({**current, **(settings or {})}) if theme else {}
        preview = self._preview(site, theme, chosen, colors=_colors(site, colors))
        return ThemePreview(theme=preview.theme, preview_url=preview.preview_url,
                            style=preview.style, settings=chosen,
                            available=theme is None or theme.available_on(owner.platform_tier))

    @staticmethod
    def _preview(site: Site, theme: Theme | None, settings: dict, *,
                 colors: dict | None = None) -> ThemePreview:
        colors = colors if colors is not None else _colors(site)
        fonts = dict(site.custom_fonts)
        if theme is None:
            return ThemePreview(theme=None, preview_url=None, settings=settings,
                                style={"colors": {k: v for k, v in colors.items() if v},
                                       "fonts": fonts})
        return ThemePreview(theme=theme, preview_url=theme.preview_url, settings=settings,
                            style=theme.style_for(settings, colors=colors, fonts=fonts))

    @staticmethod
    def _check_tier(uow: UnitOfWork, site: Site, theme: Theme) -> None:
        owner = owner_of(uow, site)
        if not theme.available_on(owner.platform_tier):
            required = theme.required_tier or "STARTER"
            raise PermissionDenied(
                f"The theme '{theme.name}' needs the {required} plan or above; upgrade to use it.",
                code="feature_not_in_plan",
                fields={"theme_id": [theme.id], "required_tier": [required]})

    @staticmethod
    def _count_usage(uow: UnitOfWork, theme_id: str | None, delta: int) -> None:
        if theme_id:
            old = uow.themes.get_by(id=theme_id, for_update=True)
            if old is not None:
                old.usage_count = max(old.usage_count + delta, 0)
