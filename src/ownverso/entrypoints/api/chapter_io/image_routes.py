"""The pages of a comic chapter: /chapters/{id}/images[/bulk|/reorder|/{imageId}[/process]]."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.chapter_io.blueprints import chapter_io as blp
from ownverso.entrypoints.api.chapter_io.image_schemas import (
    BulkImagesSchema,
    ChapterImageSchema,
    ImageArgsSchema,
    ImageFileSchema,
    ImageUpdateSchema,
    ReorderImagesSchema,
)
from ownverso.entrypoints.api.common.smorest import actor
from ownverso.services.publishing.chapter_images import ChapterImageService, Upload

SERVICE = "chapter_images"


@blp.route("/<chapter_id>/images")
class ChapterImages(MethodView):
    @blp.login_required
    @blp.response(200, ChapterImageSchema(many=True))
    @blp.paginate(page_size=100, max_page_size=300)
    @inject
    def get(self, chapter_id: str, pagination_parameters,
            images: ChapterImageService = Provide[SERVICE]):
        """The chapter's pages in reading order"""
        page = pagination_parameters
        items, page.item_count = images.list(actor=actor(), chapter_id=chapter_id,
                                             offset=page.first_item, limit=page.page_size)
        return items

    @blp.login_required
    @blp.arguments(ImageFileSchema, location="files")
    @blp.arguments(ImageArgsSchema, location="query")
    @blp.response(201, ChapterImageSchema)
    @inject
    def post(self, files, args, chapter_id: str,
             images: ChapterImageService = Provide[SERVICE]):
        """Add a page at the end (its type is checked by content; processed by a job)"""
        upload = files["file"]
        return images.upload(actor=actor(), chapter_id=chapter_id, alt_text=args["alt_text"],
                             file=Upload(data=upload.read(), filename=upload.filename))


@blp.route("/<chapter_id>/images/bulk")
class ChapterImagesBulk(MethodView):
    @blp.login_required
    @blp.arguments(BulkImagesSchema, location="files")
    @blp.response(201, ChapterImageSchema(many=True))
    @inject
    def post(self, files, chapter_id: str, images: ChapterImageService = Provide[SERVICE]):
        """Add several pages at the end, in the order sent: all of them or none"""
        return images.upload_many(actor=actor(), chapter_id=chapter_id, files=[
            Upload(data=f.read(), filename=f.filename) for f in files["files"]])


@blp.route("/<chapter_id>/images/reorder")
class ChapterImagesOrder(MethodView):
    @blp.login_required
    @blp.arguments(ReorderImagesSchema)
    @blp.response(200, ChapterImageSchema(many=True))
    @inject
    def patch(self, body, chapter_id: str, images: ChapterImageService = Provide[SERVICE]):
        """Put the pages in a new order: name every page once (all or nothing)"""
        return images.reorder(actor=actor(), chapter_id=chapter_id, image_ids=body["image_ids"])


@blp.route("/<chapter_id>/images/<image_id>")
class ChapterImage(MethodView):
    @blp.login_required
    @blp.response(200, ChapterImageSchema)
    @inject
    def get(self, chapter_id: str, image_id: str,
            images: ChapterImageService = Provide[SERVICE]):
        """One page"""
        return images.get(actor=actor(), chapter_id=chapter_id, image_id=image_id)

    @blp.login_required
    @blp.arguments(ImageUpdateSchema)
    @blp.response(200, ChapterImageSchema)
    @inject
    def patch(self, body, chapter_id: str, image_id: str,
              images: ChapterImageService = Provide[SERVICE]):
        """Change a page's alt text or move it (position 1 is the first page)"""
        return images.update(actor=actor(), chapter_id=chapter_id, image_id=image_id,
                             changes=body)

    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, chapter_id: str, image_id: str,
               images: ChapterImageService = Provide[SERVICE]):
        """Delete a page; the pages after it move up, its bytes leave the storage used"""
        images.delete(actor=actor(), chapter_id=chapter_id, image_id=image_id)


@blp.route("/<chapter_id>/images/<image_id>/process")
class ChapterImageProcess(MethodView):
    @blp.login_required
    @blp.response(202, ChapterImageSchema)
    @inject
    def post(self, chapter_id: str, image_id: str,
             images: ChapterImageService = Provide[SERVICE]):
        """Process the page again (dimensions, thumbnail, placeholder) in a job"""
        return images.reprocess(actor=actor(), chapter_id=chapter_id, image_id=image_id)
