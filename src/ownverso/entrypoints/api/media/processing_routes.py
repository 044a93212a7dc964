"""Image variants and processing, done by jobs."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.media.blueprint import blp
from ownverso.entrypoints.api.media.ops_schemas import JobSchema, OptimizeSchema, ResizeSchema
from ownverso.entrypoints.api.media.schemas import VariantSchema
from ownverso.services.media.processing import MediaProcessingService

PROCESSING = Provide["media_processing"]


@blp.route("/<media_id>/process")
class MediaProcess(MethodView):
    @blp.login_required
    @blp.response(202, JobSchema)
    @inject
    def post(self, media_id: str, processing: MediaProcessingService = PROCESSING):
        """(Re)process an image: dimensions, thumbnail and placeholder"""
        return processing.request_process(actor=actor(), media_id=media_id)


@blp.route("/<media_id>/optimize")
class MediaOptimize(MethodView):
    @blp.login_required
    @blp.arguments(OptimizeSchema)
    @blp.response(202, JobSchema)
    @inject
    def post(self, body, media_id: str, processing: MediaProcessingService = PROCESSING):
        """Make an optimized WebP variant of an image"""
        return processing.request_optimize(actor=actor(), media_id=media_id, **body)


@blp.route("/<media_id>/resize")
class MediaResize(MethodView):
    @blp.login_required
    @blp.arguments(ResizeSchema)
    @blp.response(202, JobSchema)
    @inject
    def post(self, body, media_id: str, processing: MediaProcessingService = PROCESSING):
        """Make a resized variant of an image (contain, cover or fill)"""
        return processing.request_resize(actor=actor(), media_id=media_id, **body)


@blp.route("/<media_id>/variants")
class MediaVariants(MethodView):
    @blp.login_required
    @blp.response(200, VariantSchema(many=True))
    @inject
    def get(self, media_id: str, processing: MediaProcessingService = PROCESSING):
        """The variants made of an image"""
        return processing.variants(actor=actor(), media_id=media_id)
