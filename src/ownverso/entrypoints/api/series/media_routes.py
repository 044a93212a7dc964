"""A series' cover, banner and thumbnail: upload (multipart field ``file``) and removal."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.series.blueprint import blp
from ownverso.entrypoints.api.series.options_schemas import SeriesImageUploadSchema
from ownverso.entrypoints.api.series.schemas import SeriesSchema
from ownverso.services.publishing.series_options import SeriesOptionsService

Options = SeriesOptionsService


@blp.route("/<series_id>/cover")
class Cover(MethodView):
    @blp.login_required
    @blp.arguments(SeriesImageUploadSchema, location="files")
    @blp.response(200, SeriesSchema)
    @inject
    def post(self, files, series_id: str, options: Options = Provide["series_options"]):
        """Upload the cover (checked by content, scaled to fit 1600x2400, stored as WebP)"""
        return options.set_image(actor=actor(), series_id=series_id, kind="cover",
                                 data=files["file"].read())

    @blp.login_required
    @blp.response(200, SeriesSchema)
    @inject
    def delete(self, series_id: str, options: Options = Provide["series_options"]):
        """Remove the cover (a listed series leaves discovery: a listing needs one)"""
        return options.remove_image(actor=actor(), series_id=series_id, kind="cover")


@blp.route("/<series_id>/banner")
class Banner(MethodView):
    @blp.login_required
    @blp.arguments(SeriesImageUploadSchema, location="files")
    @blp.response(200, SeriesSchema)
    @inject
    def post(self, files, series_id: str, options: Options = Provide["series_options"]):
        """Upload the banner (scaled to fit 2560x1024, stored as WebP)"""
        return options.set_image(actor=actor(), series_id=series_id, kind="banner",
                                 data=files["file"].read())

    @blp.login_required
    @blp.response(200, SeriesSchema)
    @inject
    def delete(self, series_id: str, options: Options = Provide["series_options"]):
        """Remove the banner"""
        return options.remove_image(actor=actor(), series_id=series_id, kind="banner")


@blp.route("/<series_id>/thumbnail")
class Thumbnail(MethodView):
    @blp.login_required
    @blp.arguments(SeriesImageUploadSchema, location="files")
    @blp.response(200, SeriesSchema)
    @inject
    def post(self, files, series_id: str, options: Options = Provide["series_options"]):
        """Upload the thumbnail (scaled to fit 400x600, stored as WebP)"""
        return options.set_image(actor=actor(), series_id=series_id, kind="thumbnail",
                                 data=files["file"].read())

    @blp.login_required
    @blp.response(200, SeriesSchema)
    @inject
    def delete(self, series_id: str, options: Options = Provide["series_options"]):
        """Remove the thumbnail"""
        return options.remove_image(actor=actor(), series_id=series_id, kind="thumbnail")
