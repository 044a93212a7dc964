"""What the product use cases share: loading a product through the site policy, checking
the media library files a product points at, and the errors."""

from ownverso.domain.commerce.product import Product
from ownverso.domain.media.file import MediaFile
from ownverso.domain.media.values import MediaKind, MediaStatus
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from ownverso.services.ports import UnitOfWork
from ownverso.services.sites.access import SiteGrant, require

MEDIA_FIELDS = ("cover_media_id", "preview_media_ids", "file_media_id")


def product_not_found() -> NotFound:
    return NotFound("No such product.", code="product_not_found")


def slug_taken() -> Conflict:
    return Conflict("Another product of this site already has this slug.", code="slug_taken",
                    fields={"slug": ["Taken."]})


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise PermissionDenied("Only administrators may do this.", code="admin_required")


def load_product(uow: UnitOfWork, actor: Actor, site_id: str, product_id: str,
                 permission: Permission) -> tuple[Product, SiteGrant]:
    """The site's product and the caller's grant: no role is 404, a role without
    ``permission`` 403, a product of another site 404."""
    grant = require(uow, actor, site_id, permission)
    product = uow.products.get(product_id)
    if product is None or product.site_id != grant.site.id:
        raise product_not_found()
    return product, grant


def _unusable(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, code="media_not_usable", fields={field: [message]})


def media_files(uow: UnitOfWork, owner_id: str, changes: dict) -> dict[str, MediaFile]:
    """The files named by ``changes`` (one statement), each READY and in the library of
    ``owner_id`` (the site's author); the cover and previews are images."""
    wanted = {}
    for name in MEDIA_FIELDS:
        value = changes.get(name)
        for media_id in value if isinstance(value, list) else [value] if value else []:
            wanted.setdefault(media_id, name)
    found = {f.id: f for f in uow.media_files.list(id__in=list(wanted))} if wanted else {}
    for media_id, name in wanted.items():
        file = found.get(media_id)
        if file is None or file.owner_id != owner_id or file.status != MediaStatus.READY:
            raise _unusable(name, f"No ready file {media_id} in the author's media library.")
        if name != "file_media_id" and file.kind != MediaKind.IMAGE:
            raise _unusable(name, f"{media_id} is not an image.")
    return found


def apply_media(product: Product, changes: dict, files: dict[str, MediaFile]) -> None:
    """Point the product at the files named in ``changes`` (``None`` detaches)."""
    if "cover_media_id" in changes:
        media_id = changes["cover_media_id"]
        product.set_cover(media_id, files[media_id].url if media_id else None)
    if "preview_media_ids" in changes:
        ids = list(changes["preview_media_ids"] or [])
        product.set_previews(ids, [files[i].url for i in ids])
    if "file_media_id" in changes:
        media_id = changes["file_media_id"]
        file = files.get(media_id) if media_id else None
        product.attach_file(media_id=media_id,
                            name=file.original_filename or file.filename if file else None,
                            size=file.size_bytes if file else None,
                            content_type=file.content_type if file else None)
