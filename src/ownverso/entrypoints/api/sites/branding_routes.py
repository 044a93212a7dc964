"""A site's branding: colors, fonts, custom CSS, and the logo, favicon, cover and OG image."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.sites.blueprint import blp
from ownverso.entrypoints.api.sites.branding_schemas import (
    BrandingInSchema,
    BrandingSchema,
    ImageUploadSchema,
)
from ownverso.services.sites.branding import BrandingService

Service = BrandingService


@blp.route("/<site_id>/branding")
class Branding(MethodView):
    @blp.login_required
    @blp.response(200, BrandingSchema)
    @inject
    def get(self, site_id: str, service: Service = Provide["site_branding"]):
        """A site's branding"""
        return service.branding(actor=actor(), site_id=site_id)

    @blp.login_required
    @blp.arguments(BrandingInSchema)
    @blp.response(200, BrandingSchema)
    @inject
    def patch(self, body, site_id: str, service: Service = Provide["site_branding"]):
        """Colors (#RRGGBB), fonts and custom CSS (sanitized; plans with custom CSS only)"""
        return service.update(actor=actor(), site_id=site_id, changes=body)


def _image_routes(kind: str, label: str, size: str) -> type[MethodView]:
    class BrandingImage(MethodView):
        @blp.login_required
        @blp.arguments(ImageUploadSchema, location="files")
        @blp.response(200, BrandingSchema)
        @inject
        def post(self, files, site_id: str, service: Service = Provide["site_branding"]):
            return service.upload(actor=actor(), site_id=site_id, kind=kind,
                                  data=files["file"].read())

        @blp.login_required
        @blp.response(200, BrandingSchema)
        @inject
        def delete(self, site_id: str, service: Service = Provide["site_branding"]):
            return service.remove(actor=actor(), site_id=site_id, kind=kind)

    BrandingImage.post.__doc__ = (f"Upload the {label} (multipart field `file`); scaled to fit "
                                  f"{size} and re-encoded")
    BrandingImage.delete.__doc__ = f"Remove the {label}"
    name = "Branding" + kind.title().replace("-", "")
    BrandingImage.__name__ = BrandingImage.__qualname__ = name
    globals()[name] = BrandingImage  # module-level, so that the container wires it
    return blp.route(f"/<site_id>/branding/{kind}", endpoint=name)(BrandingImage)


for _kind, _label, _size in (("logo", "logo", "1024x1024"), ("favicon", "favicon", "256x256"),
                             ("cover", "cover image", "2400x1200"),
                             ("og-image", "social-sharing (OG) image", "1200x1200")):
    _image_routes(_kind, _label, _size)
