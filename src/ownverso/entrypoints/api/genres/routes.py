"""The genre tree: top-level genres, featured ones, sub-genres and the series listed in each."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint
from ownverso.entrypoints.api.genres.schemas import (
    CatalogSeriesArgs,
    GenreListArgs,
    GenreSchema,
    GenreTreeSchema,
)
from ownverso.entrypoints.api.series.schemas import SeriesCardSchema
from ownverso.services.publishing.taxonomy import GenreService

blp = Blueprint("genres", __name__, url_prefix="/genres", description="Genres")


@blp.route("")
class Genres(MethodView):
    @blp.arguments(GenreListArgs, location="query")
    @blp.response(200, GenreTreeSchema(many=True))
    @inject
    def get(self, args, genres: GenreService = Provide["genres"]):
        """Top-level genres with their sub-genres nested (or flat: ?flat=true, ?parent=id)"""
        return genres.tree(**args)


@blp.route("/featured")
class FeaturedGenres(MethodView):
    @blp.response(200, GenreSchema(many=True))
    @inject
    def get(self, genres: GenreService = Provide["genres"]):
        """Featured genres, in display order"""
        return genres.featured()


@blp.route("/<genre_id>")
class OneGenre(MethodView):
    @blp.response(200, GenreTreeSchema)
    @inject
    def get(self, genre_id: str, genres: GenreService = Provide["genres"]):
        """A genre (by id or slug) with its sub-genres"""
        return genres.get(genre_id=genre_id)


@blp.route("/<genre_id>/children")
class GenreChildren(MethodView):
    @blp.response(200, GenreSchema(many=True))
    @inject
    def get(self, genre_id: str, genres: GenreService = Provide["genres"]):
        """A genre's sub-genres"""
        return genres.children(genre_id=genre_id)


@blp.route("/<genre_id>/series")
class GenreSeries(MethodView):
    @blp.arguments(CatalogSeriesArgs, location="query")
    @blp.response(200, SeriesCardSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, genre_id: str, pagination_parameters,
            genres: GenreService = Provide["genres"]):
        """Series listed on discovery in this genre or its sub-genres"""
        page = pagination_parameters
        items, page.item_count = genres.series(genre_id=genre_id, offset=page.first_item,
                                               limit=page.page_size, **args)
        return items
