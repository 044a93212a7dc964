"""A series' chapters: the team's list and creation, the readers' list, and reordering.

A blueprint of its own on the /series prefix (the series blueprint is the series module's);
the bulk operations are in ``series_bulk_routes``."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.chapters.bulk_schemas import ChapterReorderSchema
from ownverso.entrypoints.api.chapters.public_schemas import PublicChapterCardSchema
from ownverso.entrypoints.api.chapters.schemas import (
    ChapterCardSchema,
    ChapterCreateSchema,
    ChapterListArgs,
    ChapterSchema,
)
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.services.publishing.chapter_order import ChapterOrderService
from ownverso.services.publishing.chapters import ChapterService

blp = Blueprint("series-chapters", __name__, url_prefix="/series",
                description="A series' chapters: list, create, reorder, bulk operations")


@blp.route("/<series_id>/chapters")
class SeriesChapters(MethodView):
    @blp.login_required
    @blp.arguments(ChapterListArgs, location="query")
    @blp.response(200, ChapterCardSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, series_id: str, pagination_parameters,
            chapters: ChapterService = Provide["chapters"]):
        """Every chapter of the series in reading order, drafts included (filter: status; the
        bin with deleted=true)"""
        page = pagination_parameters
        items, page.item_count = chapters.list_chapters(
            actor=actor(), series_id=series_id, offset=page.first_item, limit=page.page_size,
            **args)
        return items

    @blp.login_required
    @blp.arguments(ChapterCreateSchema)
    @blp.response(201, ChapterSchema)
    @inject
    def post(self, body, series_id: str, chapters: ChapterService = Provide["chapters"]):
        """Create a chapter (a draft at the end; counts against the plan's chapters per
        series)"""
        return chapters.create(actor=actor(), series_id=series_id, data=body)


@blp.route("/<series_id>/chapters/public")
class PublicChapters(MethodView):
    @blp.response(200, PublicChapterCardSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, series_id: str, pagination_parameters,
            chapters: ChapterService = Provide["chapters"]):
        """The published chapters of a series readers can see, in reading order"""
        page = pagination_parameters
        items, page.item_count = chapters.list_public(
            series_id=series_id, offset=page.first_item, limit=page.page_size)
        return items


@blp.route("/<series_id>/chapters/reorder")
class Reorder(MethodView):
    @blp.login_required
    @blp.arguments(ChapterReorderSchema)
    @blp.response(200, ChapterCardSchema(many=True))
    @inject
    def patch(self, body, series_id: str,
              order: ChapterOrderService = Provide["chapter_order"]):
        """Put the chapters in this order (every chapter of the series, once)"""
        return order.reorder(actor=actor(), series_id=series_id,
                             chapter_ids=body["chapter_ids"])


from ownverso.entrypoints.api.chapters import series_bulk_routes  # noqa: E402,F401
