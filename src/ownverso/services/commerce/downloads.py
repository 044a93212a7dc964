"""Downloading a bought product's file, and the requests to restart a purchase's downloads.

A download is counted under the purchase's row lock (``SELECT ... FOR UPDATE``), so
concurrent requests queue on the purchase and never hand out more links than
``max_downloads``; each counted download is a ``Download`` record and one short-lived signed
link (``DownloadLinkSigner``: the app's HMAC route, or a presigned S3 GET).

The file is never served from the media library's public path: attaching a file to a product
copies it to a private key under ``downloads/`` (never served by ``/files``, see
``entrypoints/files.py``), so the buyers keep their download even if the author later deletes
the library file; a product whose copy is missing (attached before copies were made) gets it
on its first download. Storage keys and media URLs never leave this module.

A reader whose downloads are used up (or window closed) asks the site for a reset; the site's
team (``monetization.manage``) approves it (the count and the window start again) or rejects
it, and the reader is emailed either way."""

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ownverso.domain.commerce.downloads import (
    NOT_PAID,
    Download,
    DownloadRefused,
    DownloadResetRequest,
    ResetStatus,
    allowance,
    take_download,
)
from ownverso.domain.commerce.product import Product
from ownverso.domain.commerce.purchase import Purchase
from ownverso.domain.media.file import MediaFile
from ownverso.domain.sites.permissions import Permission
from ownverso.services.commerce.purchases import purchase_not_found
from ownverso.services.context import Actor
from ownverso.services.emails import EmailSender
from ownverso.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    domain_rules,
)
from ownverso.services.ports import (
    Clock,
    DownloadLinkSigner,
    FileStorage,
    IdGenerator,
    IntegrityConflict,
    InvalidDownloadLink,
    UnitOfWork,
)
from ownverso.services.sites.access import require

DOWNLOAD_PREFIX = "downloads/"
NEWEST_DOWNLOADS = ("-downloaded_at", "-id")
NEWEST = ("-created_at", "-id")


def private_key(product: Product) -> str:
    """Where the buyers' copy of the product's file is kept (never served publicly). The
    media id is hashed: a link (whose key a buyer can read) must not lead back to the
    library file."""
    digest = hashlib.sha256(f"{product.id}/{product.file_media_id}".encode()).hexdigest()
    return f"{DOWNLOAD_PREFIX}{product.id}/{digest[:32]}"


def copy_private_file(storage: FileStorage, product: Product, file: MediaFile) -> None:
    """Copy the product's library file to its private key (422 when its content is gone)."""
    try:
        data = storage.read(file.storage_key)
    except (FileNotFoundError, ValueError):
        raise ValidationFailed("The file's content is missing from storage.",
                               code="media_content_missing",
                               fields={"file_media_id": ["Content missing."]}) from None
    storage.save(private_key(product), data, content_type=file.content_type)


def copy_attached_file(storage: FileStorage, product: Product, changes: dict,
                       files: dict[str, MediaFile]) -> None:
    """After ``apply_media``: a newly attached downloadable file gets its private copy."""
    media_id = changes.get("file_media_id")
    if media_id and media_id in files:
        copy_private_file(storage, product, files[media_id])


@dataclass(frozen=True)
class DownloadLink:
    url: str
    expires_at: datetime
    filename: str
    size: int | None
    content_type: str
    downloads_used: int
    downloads_remaining: int | None  # None: unlimited
    window_ends_at: datetime | None  # None: no window


@dataclass(frozen=True)
class ServedFile:
    data: bytes
    filename: str
    content_type: str


def _own_purchase(uow: UnitOfWork, actor: Actor, purchase_id: str, *,
                  lock: bool = False) -> Purchase:
    purchase = uow.purchases.get_by(id=purchase_id, for_update=lock) if purchase_id else None
    if purchase is None or purchase.buyer_id != actor.user_id:
        raise purchase_not_found()
    return purchase


def _refused(error: DownloadRefused) -> PermissionDenied | Conflict:
    """An unpaid purchase has no right to the file (403); the rest are states (409)."""
    kind = PermissionDenied if error.code == NOT_PAID else Conflict
    return kind(error.message, code=error.code, fields=error.fields)


class DownloadService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 storage: FileStorage, signer: DownloadLinkSigner, link_ttl: int,
                 ip_key: str):
        self.uow, self.clock, self.ids = uow, clock, ids
        self.storage, self.signer, self.link_ttl = storage, signer, link_ttl
        self._ip_key = hashlib.sha256(b"ownverso/download-ips/" + ip_key.encode()).digest()

    def _ip_hash(self, ip: str | None) -> str | None:
        return hmac.new(self._ip_key, ip.encode(), hashlib.sha256).hexdigest() if ip else None

    def download(self, *, actor: Actor, purchase_id: str, ip: str | None = None,
                 user_agent: str | None = None) -> DownloadLink:
        """Count one download of my purchase and sign a link to the file: 404
        purchase_not_found (anyone else's too); 403 purchase_not_paid; 409
        product_has_no_file, download_limit_reached, download_window_closed,
        product_file_missing."""
        now = self.clock.now()
        with self.uow() as uow:
            purchase = _own_purchase(uow, actor, purchase_id, lock=True)
            product = uow.products.get(purchase.product_id) if purchase.product_id else None
            try:
                download = take_download(purchase, product, id=self.ids.new_id("dl"), now=now,
                                         ip_hash=self._ip_hash(ip), user_agent=user_agent)
            except DownloadRefused as error:
                raise _refused(error) from None
            assert product is not None  # take_download refuses a purchase without a file
            self._ensure_copy(uow, product)
            filename = product.file_name or "download"
            content_type = product.file_content_type or "application/octet-stream"
            url = self.signer.download_url(key=private_key(product), filename=filename,
                                           content_type=content_type, expires_in=self.link_ttl)
            uow.downloads.add(download)
            uow.commit()
            left = allowance(purchase, product)
        return DownloadLink(url=url, expires_at=now + timedelta(seconds=self.link_ttl),
                            filename=filename, size=product.file_size,
                            content_type=content_type,
                            downloads_used=left.used, downloads_remaining=left.remaining,
                            window_ends_at=left.window_ends_at)

    def _ensure_copy(self, uow: UnitOfWork, product: Product) -> None:
        if self.storage.exists(private_key(product)):
            return
        file = uow.media_files.get(product.file_media_id or "")
        if file is None or not file.is_live:
            raise Conflict("The product's file is no longer available.",
                           code="product_file_missing")
        try:
            copy_private_file(self.storage, product, file)
        except ValidationFailed:
            raise Conflict("The product's file is no longer available.",
                           code="product_file_missing") from None

    def history(self, *, actor: Actor, purchase_id: str, offset: int = 0,
                limit: int | None = None) -> tuple[list[Download], int]:
        """The downloads of my purchase, newest first."""
        with self.uow() as uow:
            purchase = _own_purchase(uow, actor, purchase_id)
            items = uow.downloads.list(purchase_id=purchase.id, order_by=NEWEST_DOWNLOADS,
                                       offset=offset, limit=limit)
            return items, uow.downloads.count(purchase_id=purchase.id)

    def serve(self, *, token: str) -> ServedFile:
        """The file behind a signed link the app made: 403 invalid_signature or
        expired_link, 404 file_not_found when its content is gone."""
        try:
            grant = self.signer.verify(token)
        except InvalidDownloadLink as refused:
            raise PermissionDenied(str(refused), code=refused.code) from None
        try:
            data = self.storage.read(grant.key)
        except (FileNotFoundError, ValueError, IsADirectoryError):
            raise NotFound("No such file.", code="file_not_found") from None
        return ServedFile(data=data, filename=grant.filename, content_type=grant.content_type)


# -- reset requests ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ResetRequestView:
    request: DownloadResetRequest
    product_name: str | None
    buyer_name: str | None


def reset_request_not_found() -> NotFound:
    return NotFound("No such download reset request.", code="reset_request_not_found")


def _views(uow: UnitOfWork, requests: list[DownloadResetRequest]) -> list[ResetRequestView]:
    """Two queries for any number of requests."""
    product_ids = sorted({r.product_id for r in requests})
    buyer_ids = sorted({r.buyer_id for r in requests})
    products = {p.id: p for p in uow.products.list(id__in=product_ids)} if requests else {}
    buyers = {u.id: u for u in uow.users.list(id__in=buyer_ids)} if requests else {}
    return [ResetRequestView(
        request=r, product_name=products[r.product_id].name if r.product_id in products
        else None, buyer_name=buyers[r.buyer_id].display_name if r.buyer_id in buyers
        else None) for r in requests]


class DownloadResetService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 emails: EmailSender):
        self.uow, self.clock, self.ids, self.emails = uow, clock, ids, emails

    # -- the reader -----------------------------------------------------------------------------
    def request(self, *, actor: Actor, purchase_id: str, reason: str) -> ResetRequestView:
        """Ask the site to restart my purchase's downloads: 404 purchase_not_found; 409
        downloads_available (some are left), reset_request_pending (one is waiting),
        purchase_not_paid, product_has_no_file; 422 invalid_reason."""
        now = self.clock.now()
        with self.uow() as uow:
            purchase = _own_purchase(uow, actor, purchase_id, lock=True)
            if uow.download_reset_requests.count(purchase_id=purchase.id,
                                                 status=ResetStatus.PENDING):
                raise self._pending()
            product = uow.products.get(purchase.product_id) if purchase.product_id else None
            with domain_rules():
                request = DownloadResetRequest.file(
                    id=self.ids.new_id("dlr"), purchase=purchase, product=product,
                    reason=reason, now=now)
            uow.download_reset_requests.add(request)
            try:
                uow.commit()
            except IntegrityConflict:
                raise self._pending() from None
            return _views(uow, [request])[0]

    @staticmethod
    def _pending() -> Conflict:
        return Conflict("A request for this purchase is already waiting.",
                        code="reset_request_pending")

    def mine(self, *, actor: Actor, purchase_id: str, offset: int = 0,
             limit: int | None = None) -> tuple[list[ResetRequestView], int]:
        """The reset requests of my purchase, newest first."""
        with self.uow() as uow:
            purchase = _own_purchase(uow, actor, purchase_id)
            items = uow.download_reset_requests.list(purchase_id=purchase.id, order_by=NEWEST,
                                                     offset=offset, limit=limit)
            return _views(uow, items), uow.download_reset_requests.count(
                purchase_id=purchase.id)

    # -- the site's team ------------------------------------------------------------------------
    def for_site(self, *, actor: Actor, site_id: str, status: ResetStatus | None = None,
                 offset: int = 0, limit: int | None = None
                 ) -> tuple[list[ResetRequestView], int]:
        """The site's reset requests, newest first (optionally of one status)."""
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.MONETIZATION_MANAGE).site
            filters: dict = {"site_id": site.id}
            if status:
                filters["status"] = ResetStatus(status)
            items = uow.download_reset_requests.list(order_by=NEWEST, offset=offset,
                                                     limit=limit, **filters)
            return _views(uow, items), uow.download_reset_requests.count(**filters)

    def approve(self, *, actor: Actor, site_id: str, request_id: str,
                note: str | None = None) -> ResetRequestView:
        """The purchase's downloads start again (count and window); 409
        reset_request_approved / reset_request_rejected once reviewed."""
        return self._review(actor, site_id, request_id, note, approve=True)

    def reject(self, *, actor: Actor, site_id: str, request_id: str,
               note: str | None = None) -> ResetRequestView:
        return self._review(actor, site_id, request_id, note, approve=False)

    def _review(self, actor: Actor, site_id: str, request_id: str, note: str | None, *,
                approve: bool) -> ResetRequestView:
        now = self.clock.now()
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.MONETIZATION_MANAGE).site
            found = uow.download_reset_requests.get(request_id) if request_id else None
            if found is None or found.site_id != site.id:
                raise reset_request_not_found()
            # the purchase first, then the request: the order a reader's new request takes
            purchase = uow.purchases.get_by(id=found.purchase_id, for_update=True)
            request = uow.download_reset_requests.get_by(id=found.id, for_update=True)
            if purchase is None or request is None:
                raise reset_request_not_found()
            with domain_rules():
                if approve:
                    request.approve(purchase, reviewer_id=actor.user_id, note=note, now=now)
                else:
                    request.reject(reviewer_id=actor.user_id, note=note, now=now)
            view = _views(uow, [request])[0]
            self._notify(uow, view, site.name)
            uow.commit()
            return view

    def _notify(self, uow: UnitOfWork, view: ResetRequestView, site_name: str) -> None:
        buyer = uow.users.get(view.request.buyer_id)
        if buyer is None:
            return
        note = view.request.review_note
        self.emails.send_after_commit(
            uow, to=buyer.email, template=f"download_reset_{view.request.status.lower()}",
            name=buyer.display_name, product=view.product_name or "your purchase",
            site=site_name, note=f"Their note:\n\n\"{note}\"\n\n" if note else "")
