"""A site's theme: the one it uses, a change, a preview without saving."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.sites.blueprint import blp
from ownverso.entrypoints.api.themes.schemas import (
    SiteThemeInSchema,
    SiteThemePreviewQuerySchema,
    ThemePreviewSchema,
)
from ownverso.services.sites.themes import ThemeService

COLORS = ("primary_color", "secondary_color", "accent_color")
CHOICES = ("color_scheme", "font", "layout")


@blp.route("/<site_id>/theme")
class SiteTheme(MethodView):
    @blp.login_required
    @blp.response(200, ThemePreviewSchema)
    @inject
    def get(self, site_id: str, themes: ThemeService = Provide["themes"]):
        """The site's theme, its choices and the merged style"""
        return themes.site_theme(actor=actor(), site_id=site_id)

    @blp.login_required
    @blp.arguments(SiteThemeInSchema)
    @blp.response(200, ThemePreviewSchema)
    @inject
    def patch(self, body, site_id: str, themes: ThemeService = Provide["themes"]):
        """Pick a theme (premium ones need the plan that unlocks them) and/or its choices"""
        return themes.update_site_theme(actor=actor(), site_id=site_id,
                                        theme_id=body.get("theme_id"),
                                        settings=body.get("settings"))


@blp.route("/<site_id>/theme/preview")
class SiteThemePreview(MethodView):
    @blp.login_required
    @blp.arguments(SiteThemePreviewQuerySchema, location="query")
    @blp.response(200, ThemePreviewSchema)
    @inject
    def get(self, query, site_id: str, themes: ThemeService = Provide["themes"]):
        """The merged style with another theme, choices or colors, without saving"""
        return themes.preview_site_theme(
            actor=actor(), site_id=site_id, theme_id=query.get("theme_id"),
            settings={k: query[k] for k in CHOICES if k in query},
            colors={k: query[k] for k in COLORS if k in query})
