"""A digital product an author sells on a site, and the rules its fields obey.

Prices are integers in the smallest currency unit. Stock is unlimited unless
``total_quantity`` is set; ``sold_count`` moves only with purchases. An administrator's
force-deactivation puts the product on hold: its author cannot reactivate it."""

import re
from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.commerce.values import DOWNLOADABLE, LicenseType, ProductType
from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation

NAME_MAX = 100
SLUG_MAX = 100
SHORT_MAX = 200
PREVIEWS_MAX = 10
MAX_DOWNLOADS_MAX = 1000
WINDOW_DAYS_MAX = 3650
DISPLAY_ORDER_MAX = 32_000
CURRENCY = re.compile(r"^[A-Z]{3}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _fail(message: str, code: str, field_name: str) -> RuleViolation:
    return RuleViolation(message, code=code, fields={field_name: [message]})


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _optional_range(value: object, low: int, high: int) -> bool:
    return value is None or (_whole(value) and low <= value <= high)  # type: ignore[operator]


def remaining_of(total_quantity: int | None, sold_count: int) -> int | None:
    """Units left (``None``: unlimited); never below zero."""
    return None if total_quantity is None else max(total_quantity - sold_count, 0)


@dataclass(eq=False, kw_only=True)
class Product(Entity):
    site_id: str
    author_id: str
    name: str
    slug: str
    product_type: ProductType = ProductType.DIGITAL_DOWNLOAD
    description: str | None = None
    short_description: str | None = None
    # images: media library files of the site's author, kept with their public URLs
    cover_media_id: str | None = None
    cover_image_url: str | None = None
    preview_media_ids: list = field(default_factory=list)
    preview_image_urls: list = field(default_factory=list)
    price: int = 0
    compare_at_price: int | None = None
    currency: str = "INR"
    # the file a buyer downloads: a media library file, never shown to the public
    file_media_id: str | None = None
    file_name: str | None = None
    file_size: int | None = None
    file_content_type: str | None = None
    max_downloads: int | None = None  # per purchase; None is unlimited
    download_window_days: int | None = None  # from the purchase; None is no window
    # license keys for licensed products
    is_licensed: bool = False
    license_type: LicenseType | None = None
    license_seats: int | None = None
    # stock
    total_quantity: int | None = None  # None is unlimited
    sold_count: int = 0
    # availability and presentation
    is_active: bool = True
    available_from: datetime | None = None
    available_until: datetime | None = None
    display_order: int = 0
    is_featured: bool = False
    # an administrator's hold (force-deactivated) and their last action on the product
    admin_hold: bool = False
    admin_reason: str | None = None
    admin_actor_id: str | None = None
    admin_acted_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    # -- rules --------------------------------------------------------------------------
    def validate(self) -> None:
        """Every field rule at once (the first broken one is raised)."""
        name = (self.name or "").strip()
        if not name or len(name) > NAME_MAX:
            raise _fail(f"A name of 1 to {NAME_MAX} characters.", "invalid_name", "name")
        self.name = name
        if not self.slug or len(self.slug) > SLUG_MAX or not SLUG.match(self.slug):
            raise _fail("Lower-case words and dashes.", "invalid_slug", "slug")
        if self.short_description is not None and len(self.short_description) > SHORT_MAX:
            raise _fail(f"At most {SHORT_MAX} characters.", "invalid_short_description",
                        "short_description")
        try:
            self.product_type = ProductType(self.product_type)
        except ValueError:
            raise _fail("An unknown product type.", "invalid_product_type",
                        "product_type") from None
        self.validate_price()
        self.validate_delivery()
        self.validate_stock()
        self.validate_availability()
        if self.display_order is None or \
                not _optional_range(self.display_order, 0, DISPLAY_ORDER_MAX):
            raise _fail(f"0 to {DISPLAY_ORDER_MAX}.", "invalid_display_order", "display_order")

    def validate_price(self) -> None:
        if not _whole(self.price) or self.price < 0:
            raise _fail("A whole amount, 0 or more.", "invalid_price", "price")
        if self.compare_at_price is not None and (not _whole(self.compare_at_price)
                                                  or self.compare_at_price <= self.price):
            raise _fail("A compare-at price is above the price.", "invalid_compare_at_price",
                        "compare_at_price")
        self.currency = (self.currency or "").upper()
        if not CURRENCY.match(self.currency):
            raise _fail("A three-letter currency code.", "invalid_currency", "currency")

    def validate_delivery(self) -> None:
        if not _optional_range(self.max_downloads, 1, MAX_DOWNLOADS_MAX):
            raise _fail(f"1 to {MAX_DOWNLOADS_MAX} (or none for unlimited).",
                        "invalid_max_downloads", "max_downloads")
        if not _optional_range(self.download_window_days, 1, WINDOW_DAYS_MAX):
            raise _fail(f"1 to {WINDOW_DAYS_MAX} days (or none for no window).",
                        "invalid_download_window_days", "download_window_days")
        if len(self.preview_media_ids) > PREVIEWS_MAX:
            raise _fail(f"At most {PREVIEWS_MAX} preview images.", "too_many_previews",
                        "preview_media_ids")
        if not self.is_licensed:
            self.license_type, self.license_seats = None, None
            return
        if self.license_type is None:
            raise _fail("A licensed product needs a license type.", "license_type_required",
                        "license_type")
        self.license_type = LicenseType(self.license_type)
        if self.license_type == LicenseType.TEAM:
            if not _whole(self.license_seats) or self.license_seats < 2:  # type: ignore[operator]
                raise _fail("A team license has 2 seats or more.", "invalid_license_seats",
                            "license_seats")
        elif self.license_seats is None:
            self.license_seats = 1
        elif not _whole(self.license_seats) or self.license_seats < 1:
            raise _fail("At least 1 seat.", "invalid_license_seats", "license_seats")

    def validate_stock(self) -> None:
        if self.total_quantity is None:
            return
        if not _whole(self.total_quantity) or self.total_quantity < 1:
            raise _fail("At least 1 (or none for unlimited).", "invalid_total_quantity",
                        "total_quantity")
        if self.total_quantity < self.sold_count:
            raise _fail(f"{self.sold_count} were already sold.", "quantity_below_sold",
                        "total_quantity")

    def validate_availability(self) -> None:
        if self.available_from and self.available_until and \
                self.available_until <= self.available_from:
            raise _fail("The end comes after the start.", "invalid_availability_window",
                        "available_until")

    # -- files ------------------------------------------------------------------------------
    def attach_file(self, *, media_id: str | None, name: str | None = None,
                    size: int | None = None, content_type: str | None = None) -> None:
        """The buyer's download (``media_id=None`` detaches it)."""
        self.file_media_id = media_id
        self.file_name, self.file_size, self.file_content_type = (
            (name, size, content_type) if media_id else (None, None, None))

    def set_cover(self, media_id: str | None, url: str | None) -> None:
        self.cover_media_id, self.cover_image_url = media_id, url if media_id else None

    def set_previews(self, media_ids: list[str], urls: list[str | None]) -> None:
        if len(media_ids) > PREVIEWS_MAX:
            raise _fail(f"At most {PREVIEWS_MAX} preview images.", "too_many_previews",
                        "preview_media_ids")
        self.preview_media_ids, self.preview_image_urls = list(media_ids), list(urls)

    # -- stock and availability -----------------------------------------------------------
    @property
    def is_limited(self) -> bool:
        return self.total_quantity is not None

    @property
    def remaining(self) -> int | None:
        return remaining_of(self.total_quantity, self.sold_count)

    @property
    def is_sold_out(self) -> bool:
        return self.remaining == 0

    @property
    def has_file(self) -> bool:
        return self.file_media_id is not None

    def in_window(self, now: datetime) -> bool:
        return (self.available_from is None or self.available_from <= now) and \
            (self.available_until is None or now < self.available_until)

    def is_listed(self, now: datetime) -> bool:
        """Shown in the public shop: active, not on hold and inside its window."""
        return self.is_active and not self.admin_hold and self.in_window(now)

    def check_sellable(self, now: datetime, quantity: int = 1) -> None:
        """What a purchase checks first (409 with the reason's code)."""
        if not self.is_listed(now):
            raise InvalidTransition("This product is not on sale.", code="product_unavailable")
        if self.product_type in DOWNLOADABLE and not self.has_file:
            raise InvalidTransition("This product has no file yet.", code="product_has_no_file")
        remaining = self.remaining
        if remaining is not None and remaining < quantity:
            raise InvalidTransition("This product is sold out.", code="product_sold_out")

    # -- state ----------------------------------------------------------------------------
    def activate(self, *, now: datetime) -> None:
        if self.admin_hold:
            raise InvalidTransition("An administrator deactivated this product.",
                                    code="product_on_admin_hold",
                                    fields={"admin_reason": [self.admin_reason or ""]})
        if self.is_active:
            raise InvalidTransition("The product is already active.",
                                    code="product_already_active")
        self.is_active, self.updated_at = True, now

    def deactivate(self, *, now: datetime) -> None:
        if not self.is_active:
            raise InvalidTransition("The product is already inactive.",
                                    code="product_already_inactive")
        self.is_active, self.updated_at = False, now

    def force(self, *, active: bool, reason: str, admin_id: str, now: datetime) -> None:
        """An administrator's decision: deactivating holds the product (its author cannot
        reactivate it); activating lifts the hold and puts it back on sale."""
        reason = (reason or "").strip()
        if not reason:
            raise _fail("Give a reason.", "reason_required", "reason")
        self.is_active, self.admin_hold = active, not active
        self.admin_reason, self.admin_actor_id = reason, admin_id
        self.admin_acted_at = self.updated_at = now
