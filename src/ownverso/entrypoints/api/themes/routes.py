"""The theme catalog."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint
from ownverso.entrypoints.api.themes.schemas import (
    CategorySchema,
    ThemeListQuerySchema,
    ThemePreviewSchema,
    ThemeSchema,
    ThemeSummarySchema,
)
from ownverso.services.sites.themes import ThemeService

blp = Blueprint("themes", __name__, url_prefix="/themes", description="The site theme catalog")


@blp.route("")
class Themes(MethodView):
    @blp.arguments(ThemeListQuerySchema, location="query")
    @blp.response(200, ThemeSummarySchema(many=True))
    @blp.paginate()
    @inject
    def get(self, query, pagination_parameters, themes: ThemeService = Provide["themes"]):
        """Available themes, free ones first; filter by category or premium"""
        page = pagination_parameters
        found, page.item_count = themes.list_themes(**query, offset=page.first_item,
                                                    limit=page.page_size)
        return found


@blp.route("/categories")
class Categories(MethodView):
    @blp.response(200, CategorySchema(many=True))
    @inject
    def get(self, themes: ThemeService = Provide["themes"]):
        """Theme categories and how many themes each has"""
        return themes.categories()


@blp.route("/<theme_id>")
class OneTheme(MethodView):
    @blp.response(200, ThemeSchema)
    @inject
    def get(self, theme_id: str, themes: ThemeService = Provide["themes"]):
        """A theme's details: styles, color schemes, fonts and layouts"""
        return themes.get_theme(theme_id=theme_id)


@blp.route("/<theme_id>/preview")
class ThemePreview(MethodView):
    @blp.response(200, ThemePreviewSchema)
    @inject
    def get(self, theme_id: str, themes: ThemeService = Provide["themes"]):
        """A theme's preview URL and its default style"""
        return themes.preview_theme(theme_id=theme_id)
