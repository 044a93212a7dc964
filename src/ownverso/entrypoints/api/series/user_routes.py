"""A user's public series and counts, under /users/{username} (a blueprint of its own on the
/users prefix, beside the users module's)."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, optional_actor
from ownverso.entrypoints.api.series.public_schemas import UserStatsSchema
from ownverso.entrypoints.api.series.schemas import PublicListArgs, SeriesCardSchema
from ownverso.services.publishing.series_public import SeriesPublicService

blp = Blueprint("user-series", __name__, url_prefix="/users",
                description="A user's public series")
Public = SeriesPublicService


@blp.route("/<username>/series")
class UserSeries(MethodView):
    @blp.login_optional
    @blp.arguments(PublicListArgs, location="query")
    @blp.response(200, SeriesCardSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, username: str, pagination_parameters,
            public: Public = Provide["series_public"]):
        """The user's published series on public sites"""
        page = pagination_parameters
        items, page.item_count = public.user_series(
            username=username, viewer=optional_actor(), offset=page.first_item,
            limit=page.page_size, **args)
        return items


@blp.route("/<username>/stats")
class UserStats(MethodView):
    @blp.login_optional
    @blp.response(200, UserStatsSchema)
    @inject
    def get(self, username: str, public: Public = Provide["series_public"]):
        """Counts over the user's public series: series, chapters, words, views, subscribers"""
        return public.user_stats(username=username, viewer=optional_actor())
