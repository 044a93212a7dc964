"""Tags: the popular ones, search, creation by authors, and the series listed with a tag."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.genres.schemas import CatalogSeriesArgs
from ownverso.entrypoints.api.series.schemas import SeriesCardSchema
from ownverso.entrypoints.api.tags.schemas import TagCreateSchema, TagSchema, TagSearchArgs
from ownverso.services.publishing.taxonomy import TagService

blp = Blueprint("tags", __name__, url_prefix="/tags", description="Tags")


@blp.route("")
class Tags(MethodView):
    @blp.response(200, TagSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, pagination_parameters, tags: TagService = Provide["tags"]):
        """Tags, most used first (blocked ones never appear)"""
        page = pagination_parameters
        items, page.item_count = tags.popular(offset=page.first_item, limit=page.page_size)
        return items

    @blp.login_required
    @blp.arguments(TagCreateSchema)
    @blp.response(201, TagSchema)
    @blp.alt_response(200, schema=TagSchema, description="The tag already existed")
    @inject
    def post(self, body, tags: TagService = Provide["tags"]):
        """Create a tag (authors only; blocked words refused; an existing tag is returned)"""
        tag, created = tags.create(actor=actor(), name=body["name"])
        return tag, 201 if created else 200


@blp.route("/search")
class SearchTags(MethodView):
    @blp.arguments(TagSearchArgs, location="query")
    @blp.response(200, TagSchema(many=True))
    @inject
    def get(self, args, tags: TagService = Provide["tags"]):
        """Tags whose name contains the text, most used first"""
        return tags.search(text=args["q"], limit=args["limit"])


@blp.route("/<tag_slug>")
class OneTag(MethodView):
    @blp.response(200, TagSchema)
    @inject
    def get(self, tag_slug: str, tags: TagService = Provide["tags"]):
        """A tag by its slug"""
        return tags.get(slug=tag_slug)


@blp.route("/<tag_slug>/series")
class TagSeries(MethodView):
    @blp.arguments(CatalogSeriesArgs, location="query")
    @blp.response(200, SeriesCardSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, tag_slug: str, pagination_parameters,
            tags: TagService = Provide["tags"]):
        """Series listed on discovery with this tag"""
        page = pagination_parameters
        items, page.item_count = tags.series(slug=tag_slug, offset=page.first_item,
                                             limit=page.page_size, **args)
        return items
