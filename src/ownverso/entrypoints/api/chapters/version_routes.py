"""A chapter's versions: history, one version, diffs, compare, restore."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.chapters.blueprint import blp
from ownverso.entrypoints.api.chapters.content_schemas import (
    ChapterDiffSchema,
    ChapterVersionCardSchema,
    ChapterVersionSchema,
)
from ownverso.entrypoints.api.chapters.schemas import ChapterSchema
from ownverso.entrypoints.api.common.smorest import actor
from ownverso.services.publishing.chapter_versions import ChapterVersionService

VERSIONS = "chapter_versions"


@blp.route("/<chapter_id>/versions")
class Versions(MethodView):
    @blp.login_required
    @blp.response(200, ChapterVersionCardSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, chapter_id: str, pagination_parameters,
            versions: ChapterVersionService = Provide[VERSIONS]):
        """The versions, newest first (without their text)"""
        page = pagination_parameters
        items, page.item_count = versions.versions(actor=actor(), chapter_id=chapter_id,
                                                   offset=page.first_item,
                                                   limit=page.page_size)
        return items


@blp.route("/<chapter_id>/versions/<int:version_number>")
class OneVersion(MethodView):
    @blp.login_required
    @blp.response(200, ChapterVersionSchema)
    @inject
    def get(self, chapter_id: str, version_number: int,
            versions: ChapterVersionService = Provide[VERSIONS]):
        """One version (by its number) with its text"""
        return versions.version(actor=actor(), chapter_id=chapter_id, number=version_number)


@blp.route("/<chapter_id>/versions/<int:version_number>/diff")
class Diff(MethodView):
    @blp.login_required
    @blp.response(200, ChapterDiffSchema)
    @inject
    def get(self, chapter_id: str, version_number: int,
            versions: ChapterVersionService = Provide[VERSIONS]):
        """What changed from this version to the current text (unified diff)"""
        return versions.diff(actor=actor(), chapter_id=chapter_id, number=version_number)


@blp.route("/<chapter_id>/versions/compare/<int:first>/<int:second>")
class Compare(MethodView):
    @blp.login_required
    @blp.response(200, ChapterDiffSchema)
    @inject
    def get(self, chapter_id: str, first: int, second: int,
            versions: ChapterVersionService = Provide[VERSIONS]):
        """What changed from one version to another (unified diff)"""
        return versions.compare(actor=actor(), chapter_id=chapter_id, first=first,
                                second=second)


@blp.route("/<chapter_id>/versions/<int:version_number>/restore")
class RestoreVersion(MethodView):
    @blp.login_required
    @blp.response(200, ChapterSchema)
    @inject
    def post(self, chapter_id: str, version_number: int,
             versions: ChapterVersionService = Provide[VERSIONS]):
        """Make this version's text current again (recorded as a new version)"""
        return versions.restore(actor=actor(), chapter_id=chapter_id, number=version_number)
