"""A site's products: the team's CRUD, state, cover, sales and stats; the public shop; the
administrators' list and forced status.

Writes need ``monetization.manage`` on the site, private reads ``site.read``. Images and the
downloadable file are media library files of the site's author, named by id; the public
side never sees the downloadable file. ``sold_count`` moves only with purchases."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ownverso.domain.commerce.product import Product, remaining_of
from ownverso.domain.commerce.values import ProductType
from ownverso.domain.sites.permissions import Permission
from ownverso.domain.text import slugify
from ownverso.services.commerce.downloads import copy_attached_file
from ownverso.services.commerce.product_access import (
    apply_media,
    load_product,
    media_files,
    product_not_found,
    require_admin,
    slug_taken,
)
from ownverso.services.commerce.product_queries import (
    ProductListQuery,
    ProductQueries,
    ProductStats,
    revenue_of,
)
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, domain_rules
from ownverso.services.ports import (
    Clock,
    FileStorage,
    IdGenerator,
    IntegrityConflict,
    UnitOfWork,
)
from ownverso.services.quotas import check_limit, limits_of
from ownverso.services.sites.access import require, site_not_found

# What an author may set; the stock counter, hold and media-derived fields are not.
EDITABLE = ("name", "slug", "product_type", "description", "short_description", "price",
            "compare_at_price", "currency", "max_downloads", "download_window_days",
            "is_licensed", "license_type", "license_seats", "total_quantity", "is_active",
            "available_from", "available_until", "display_order", "is_featured")
MEDIA = ("cover_media_id", "preview_media_ids", "file_media_id")
PRODUCT_CAP = "max_products"  # not in the tier limits yet: no cap until it is


@dataclass(frozen=True)
class ProductSales:
    product_id: str
    sold_count: int
    total_quantity: int | None
    remaining: int | None
    is_sold_out: bool
    orders: int = 0  # SUCCEEDED purchases
    revenue: list = field(default_factory=list)  # [{currency, amount, orders}]


def with_stock(row: dict) -> dict:
    """A products row with what the schemas show beside its columns."""
    remaining = remaining_of(row["total_quantity"], row["sold_count"])
    return {**row, "remaining": remaining, "is_sold_out": remaining == 0,
            "is_limited": row["total_quantity"] is not None,
            "has_file": row["file_media_id"] is not None}


class ProductService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 queries: ProductQueries, storage: FileStorage):
        self.uow, self.clock, self.ids, self.queries = uow, clock, ids, queries
        self.storage = storage  # the buyers' private copy of the file (commerce/downloads)

    # -- the team -----------------------------------------------------------------------------
    def create(self, *, actor: Actor, site_id: str, fields: dict) -> Product:
        now = self.clock.now()
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.MONETIZATION_MANAGE).site
            if hasattr(limits_of(uow, site.author_id), PRODUCT_CAP):
                check_limit(uow, site.author_id, PRODUCT_CAP,
                            used=uow.products.count(site_id=site.id))
            values = {k: v for k, v in fields.items() if k in EDITABLE}
            product_id = self.ids.new_id("prd")
            values["slug"] = values.get("slug") or slugify(values.get("name", ""),
                                                           max_length=100) or product_id
            files = media_files(uow, site.author_id, fields)
            with domain_rules():
                product = Product(id=product_id, site_id=site.id, author_id=site.author_id,
                                  created_at=now, updated_at=now, **values)
                apply_media(product, fields, files)
                product.validate()
            copy_attached_file(self.storage, product, fields, files)
            try:
                if uow.products.get_by(site_id=site.id, slug=product.slug):
                    raise IntegrityConflict("slug")
                uow.products.add(product)
                uow.commit()
            except IntegrityConflict:
                raise slug_taken() from None
            return product

    def list_for_site(self, *, actor: Actor, site_id: str, search: str | None = None,
                      product_type: ProductType | None = None, is_active: bool | None = None,
                      offset: int = 0, limit: int | None = None) -> tuple[list[dict], int]:
        """Every product of the site, inactive ones too: featured first, in display order."""
        with self.uow() as uow:
            require(uow, actor, site_id, Permission.SITE_READ)
        rows, total = self.queries.list_products(ProductListQuery(
            site_id=site_id, search=search, product_type=product_type, is_active=is_active,
            offset=offset, limit=limit))
        return [with_stock(r) for r in rows], total

    def get(self, *, actor: Actor, site_id: str, product_id: str) -> Product:
        with self.uow() as uow:
            return load_product(uow, actor, site_id, product_id, Permission.SITE_READ)[0]

    def update(self, *, actor: Actor, site_id: str, product_id: str, changes: dict) -> Product:
        with self.uow() as uow:
            product, grant = load_product(uow, actor, site_id, product_id,
                                          Permission.MONETIZATION_MANAGE)
            files = media_files(uow, grant.site.author_id, changes)
            with domain_rules():
                for name, value in changes.items():
                    if name in EDITABLE and name != "is_active":
                        setattr(product, name, value)
                if changes.get("is_active") is not None and \
                        changes["is_active"] != product.is_active:
                    move = product.activate if changes["is_active"] else product.deactivate
                    move(now=self.clock.now())
                apply_media(product, changes, files)
                product.validate()
            copy_attached_file(self.storage, product, changes, files)
            product.updated_at = self.clock.now()
            try:
                if "slug" in changes and uow.products.get_by(
                        site_id=product.site_id, slug=product.slug, id__ne=product.id):
                    raise IntegrityConflict("slug")
                uow.commit()
            except IntegrityConflict:
                raise slug_taken() from None
            return product

    def set_cover(self, *, actor: Actor, site_id: str, product_id: str,
                  media_id: str | None) -> Product:
        return self.update(actor=actor, site_id=site_id, product_id=product_id,
                           changes={"cover_media_id": media_id})

    def delete(self, *, actor: Actor, site_id: str, product_id: str) -> None:
        """Refused (409 product_has_sales) once anything was sold: deactivate it then."""
        with self.uow() as uow:
            product, _ = load_product(uow, actor, site_id, product_id,
                                      Permission.MONETIZATION_MANAGE)
            if product.sold_count > 0:
                raise Conflict("This product was sold; deactivate it instead.",
                               code="product_has_sales",
                               fields={"sold_count": [str(product.sold_count)]})
            uow.products.remove(product)
            uow.commit()

    def activate(self, *, actor: Actor, site_id: str, product_id: str) -> Product:
        return self._state(actor, site_id, product_id, Product.activate)

    def deactivate(self, *, actor: Actor, site_id: str, product_id: str) -> Product:
        return self._state(actor, site_id, product_id, Product.deactivate)

    def _state(self, actor: Actor, site_id: str, product_id: str,
               move: Callable[..., None]) -> Product:
        with self.uow() as uow:
            product, _ = load_product(uow, actor, site_id, product_id,
                                      Permission.MONETIZATION_MANAGE)
            with domain_rules():
                move(product, now=self.clock.now())
            uow.commit()
            return product

    def sales(self, *, actor: Actor, site_id: str, product_id: str) -> ProductSales:
        """Units sold and stock, orders and revenue (per currency) of SUCCEEDED purchases."""
        product = self.get(actor=actor, site_id=site_id, product_id=product_id)
        orders, revenue = revenue_of(self.queries.revenue(site_id=product.site_id,
                                                          product_id=product.id))
        return ProductSales(product_id=product.id, sold_count=product.sold_count,
                            total_quantity=product.total_quantity,
                            remaining=product.remaining, is_sold_out=product.is_sold_out,
                            orders=orders, revenue=revenue)

    def stats(self, *, actor: Actor, site_id: str) -> ProductStats:
        with self.uow() as uow:
            require(uow, actor, site_id, Permission.SITE_READ)
        orders, revenue = revenue_of(self.queries.revenue(site_id=site_id))
        return replace(self.queries.site_stats(site_id), orders=orders, revenue=revenue)

    # -- the public shop ----------------------------------------------------------------------
    def _visible_site(self, uow: UnitOfWork, site_slug: str):
        site = uow.sites.get_by(slug=site_slug.strip().lower())
        if site is None or not site.is_visible_to_public:
            raise site_not_found()
        return site

    def shop(self, *, site_slug: str, product_type: ProductType | None = None,
             sort: str = "display", offset: int = 0,
             limit: int | None = None) -> tuple[list[dict], int]:
        """The site's listed products: active, not on hold, inside their window."""
        with self.uow() as uow:
            site = self._visible_site(uow, site_slug)
        rows, total = self.queries.list_products(ProductListQuery(
            site_id=site.id, product_type=product_type, listed_at=self.clock.now(), sort=sort,
            offset=offset, limit=limit))
        return [with_stock(r) for r in rows], total

    def public_product(self, *, site_slug: str, product_slug: str) -> Product:
        with self.uow() as uow:
            site = self._visible_site(uow, site_slug)
            product = uow.products.get_by(site_id=site.id, slug=product_slug.strip().lower())
            if product is None or not product.is_listed(self.clock.now()):
                raise product_not_found()
            return product

    # -- administrators -----------------------------------------------------------------------
    def admin_list(self, *, actor: Actor, site_id: str | None = None,
                   author_id: str | None = None, product_type: ProductType | None = None,
                   is_active: bool | None = None, offset: int = 0,
                   limit: int | None = None) -> tuple[list[dict], int]:
        """Every product of the platform, newest first."""
        require_admin(actor)
        rows, total = self.queries.list_products(ProductListQuery(
            site_id=site_id, author_id=author_id, product_type=product_type,
            is_active=is_active, sort="newest", offset=offset, limit=limit))
        return [with_stock(r) for r in rows], total

    def admin_set_status(self, *, actor: Actor, product_id: str, is_active: bool,
                         reason: str) -> Product:
        """Force a product on or off sale; off puts it on hold (its team cannot
        reactivate it), on lifts the hold."""
        require_admin(actor)
        with self.uow() as uow:
            product = uow.products.get(product_id)
            if product is None:
                raise product_not_found()
            with domain_rules():
                product.force(active=is_active, reason=reason, admin_id=actor.user_id,
                              now=self.clock.now())
            uow.commit()
            return product
