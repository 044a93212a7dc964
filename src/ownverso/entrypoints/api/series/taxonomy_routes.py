"""A series' genres (≤ 3, one primary), tags (≤ 10, none blocked) and content warnings."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.content_warnings.schemas import ContentWarningSchema
from ownverso.entrypoints.api.series.blueprint import blp
from ownverso.entrypoints.api.series.taxonomy_schemas import (
    GenreAddSchema,
    GenresPutSchema,
    SeriesGenreSchema,
    TagAddSchema,
    TagsPutSchema,
    WarningAddSchema,
    WarningsPutSchema,
)
from ownverso.entrypoints.api.tags.schemas import TagSchema
from ownverso.services.publishing.series_genres import SeriesGenreService as Genres
from ownverso.services.publishing.series_tags import SeriesTagService as Tags
from ownverso.services.publishing.series_tags import SeriesWarningService as Warnings


@blp.route("/<series_id>/genres")
class SeriesGenres(MethodView):
    @blp.login_required
    @blp.response(200, SeriesGenreSchema(many=True))
    @inject
    def get(self, series_id: str, genres: Genres = Provide["series_genres"]):
        """The series' genres, primary first"""
        return genres.get(actor=actor(), series_id=series_id)

    @blp.login_required
    @blp.arguments(GenreAddSchema)
    @blp.response(200, SeriesGenreSchema(many=True))
    @inject
    def post(self, body, series_id: str, genres: Genres = Provide["series_genres"]):
        """Add a genre (at most 3; the first is primary unless another claims it)"""
        return genres.add(actor=actor(), series_id=series_id, **body)

    @blp.login_required
    @blp.arguments(GenresPutSchema)
    @blp.response(200, SeriesGenreSchema(many=True))
    @inject
    def put(self, body, series_id: str, genres: Genres = Provide["series_genres"]):
        """Replace the genres (at most 3; primary: the one named, else the first)"""
        return genres.replace(actor=actor(), series_id=series_id, **body)


@blp.route("/<series_id>/genres/<genre_id>")
class SeriesGenre(MethodView):
    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, series_id: str, genre_id: str, genres: Genres = Provide["series_genres"]):
        """Remove a genre (the primary role passes to the oldest remaining one)"""
        genres.remove(actor=actor(), series_id=series_id, genre_id=genre_id)


@blp.route("/<series_id>/tags")
class SeriesTags(MethodView):
    @blp.login_required
    @blp.response(200, TagSchema(many=True))
    @inject
    def get(self, series_id: str, tags: Tags = Provide["series_tags"]):
        """The series' tags"""
        return tags.get(actor=actor(), series_id=series_id)

    @blp.login_required
    @blp.arguments(TagAddSchema)
    @blp.response(200, TagSchema(many=True))
    @inject
    def post(self, body, series_id: str, tags: Tags = Provide["series_tags"]):
        """Add a tag by id or slug, or by name (made when new; blocked ones refused)"""
        return tags.add(actor=actor(), series_id=series_id, **body)

    @blp.login_required
    @blp.arguments(TagsPutSchema)
    @blp.response(200, TagSchema(many=True))
    @inject
    def put(self, body, series_id: str, tags: Tags = Provide["series_tags"]):
        """Replace the tags (at most 10)"""
        return tags.replace(actor=actor(), series_id=series_id, **body)


@blp.route("/<series_id>/tags/<tag_id>")
class SeriesTag(MethodView):
    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, series_id: str, tag_id: str, tags: Tags = Provide["series_tags"]):
        """Remove a tag (by id or slug)"""
        tags.remove(actor=actor(), series_id=series_id, tag_id=tag_id)


@blp.route("/<series_id>/warnings")
class SeriesWarnings(MethodView):
    @blp.login_required
    @blp.response(200, ContentWarningSchema(many=True))
    @inject
    def get(self, series_id: str, warnings: Warnings = Provide["series_warnings"]):
        """The series' content warnings"""
        return warnings.get(actor=actor(), series_id=series_id)

    @blp.login_required
    @blp.arguments(WarningAddSchema)
    @blp.response(200, ContentWarningSchema(many=True))
    @inject
    def post(self, body, series_id: str, warnings: Warnings = Provide["series_warnings"]):
        """Add a content warning (by id or slug)"""
        return warnings.add(actor=actor(), series_id=series_id, **body)

    @blp.login_required
    @blp.arguments(WarningsPutSchema)
    @blp.response(200, ContentWarningSchema(many=True))
    @inject
    def put(self, body, series_id: str, warnings: Warnings = Provide["series_warnings"]):
        """Replace the content warnings"""
        return warnings.replace(actor=actor(), series_id=series_id, **body)


@blp.route("/<series_id>/warnings/<warning_id>")
class SeriesWarning(MethodView):
    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, series_id: str, warning_id: str,
               warnings: Warnings = Provide["series_warnings"]):
        """Remove a content warning (by id or slug)"""
        warnings.remove(actor=actor(), series_id=series_id, warning_id=warning_id)
