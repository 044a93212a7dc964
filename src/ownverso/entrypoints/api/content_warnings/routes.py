"""The catalog of content warning types a series or a chapter can carry."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint
from ownverso.entrypoints.api.content_warnings.schemas import ContentWarningSchema
from ownverso.services.publishing.taxonomy import ContentWarningCatalog

blp = Blueprint("content-warnings", __name__, url_prefix="/content-warnings",
                description="Content warning types")


@blp.route("")
class ContentWarnings(MethodView):
    @blp.response(200, ContentWarningSchema(many=True))
    @inject
    def get(self, catalog: ContentWarningCatalog = Provide["content_warning_catalog"]):
        """Every content warning type, in display order"""
        return catalog.all()
