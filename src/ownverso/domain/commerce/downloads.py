"""Downloads of a bought product's file, and the requests to restart them.

A SUCCEEDED purchase of a product with a file may be downloaded ``max_downloads`` times
(``None``: unlimited) inside ``download_window_days`` (``None``: no window). Both count from
the delivery, or from the last approved reset: approving a ``DownloadResetRequest`` restarts
the count and the window. Every download is kept as a ``Download`` record (the IP only as a
keyed hash).

A reader may ask for a reset only once nothing is left (no downloads, or the window closed)
and only one request of a purchase is PENDING at a time:

    PENDING --approve--> APPROVED   (the purchase's count and window restart)
    PENDING --reject---> REJECTED
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import quote

from ownverso.domain.commerce.product import Product
from ownverso.domain.commerce.purchase import Purchase, PurchaseStatus
from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation

REASON_MAX = 1000
NOTE_MAX = 1000
USER_AGENT_MAX = 500

# the codes a refused download answers with
NOT_PAID = "purchase_not_paid"
NO_FILE = "product_has_no_file"
LIMIT_REACHED = "download_limit_reached"
WINDOW_CLOSED = "download_window_closed"


class DownloadRefused(InvalidTransition):
    """A download this purchase does not allow now (``code`` says why)."""


@dataclass(frozen=True)
class Allowance:
    """What a purchase may still download: used since the last (re)start, remaining
    (``None``: unlimited) and the end of its window (``None``: no window)."""

    used: int
    remaining: int | None
    window_ends_at: datetime | None

    def is_used_up(self, now: datetime) -> bool:
        return self.remaining == 0 or (self.window_ends_at is not None
                                       and now >= self.window_ends_at)


def counting_from(purchase: Purchase) -> datetime | None:
    """Where the count and the window start: the last approved reset, else the delivery."""
    return purchase.downloads_reset_at or purchase.delivered_at


def allowance(purchase: Purchase, product: Product) -> Allowance:
    start = counting_from(purchase)
    window_ends_at = None
    if product.download_window_days is not None and start is not None:
        window_ends_at = start + timedelta(days=product.download_window_days)
    remaining = None if product.max_downloads is None else \
        max(product.max_downloads - purchase.download_count, 0)
    return Allowance(used=purchase.download_count, remaining=remaining,
                     window_ends_at=window_ends_at)


def _downloadable(purchase: Purchase, product: Product | None) -> Product:
    if purchase.status != PurchaseStatus.SUCCEEDED:
        raise DownloadRefused("Only a paid purchase is downloaded.", code=NOT_PAID,
                              fields={"status": [purchase.status.value]})
    if product is None or not product.has_file or purchase.product_id != product.id:
        raise DownloadRefused("There is no file to download.", code=NO_FILE)
    return product


def check_download(purchase: Purchase, product: Product | None, now: datetime) -> Allowance:
    """The allowance before one more download; raises ``DownloadRefused`` when there is
    none left (the limit first, then the window)."""
    product = _downloadable(purchase, product)
    left = allowance(purchase, product)
    if left.remaining == 0:
        raise DownloadRefused("Every download of this purchase was used.", code=LIMIT_REACHED,
                              fields={"max_downloads": [str(product.max_downloads)]})
    if left.window_ends_at is not None and now >= left.window_ends_at:
        raise DownloadRefused("The download window of this purchase has closed.",
                              code=WINDOW_CLOSED,
                              fields={"window_ends_at": [left.window_ends_at.isoformat()]})
    return left


def _clip(text: str | None, limit: int) -> str | None:
    text = (text or "").strip()
    return text[:limit] or None


@dataclass(eq=False, kw_only=True)
class Download(Entity):
    purchase_id: str
    buyer_id: str
    product_id: str
    downloaded_at: datetime
    ip_hash: str | None = None
    user_agent: str | None = None


def take_download(purchase: Purchase, product: Product | None, *, id: str, now: datetime,
                  ip_hash: str | None, user_agent: str | None) -> Download:
    """Count one download on the purchase (checked first) and the record of it."""
    check_download(purchase, product, now)
    purchase.download_count += 1
    purchase.last_downloaded_at = purchase.updated_at = now
    return Download(id=id, purchase_id=purchase.id, buyer_id=purchase.buyer_id,
                    product_id=purchase.product_id or "", downloaded_at=now, ip_hash=ip_hash,
                    user_agent=_clip(user_agent, USER_AGENT_MAX))


def attachment(filename: str) -> str:
    """A ``Content-Disposition`` that saves the file as ``filename``: an ASCII fallback and
    the exact name in RFC 5987 form."""
    ascii_name = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_"
                         for c in filename) or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


# -- reset requests -------------------------------------------------------------------------
class ResetStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


@dataclass(eq=False, kw_only=True)
class DownloadResetRequest(Entity):
    purchase_id: str
    buyer_id: str
    product_id: str
    site_id: str
    reason: str
    status: ResetStatus = ResetStatus.PENDING
    # the purchase's id while PENDING, else None: unique, so one pending request a purchase
    pending_slot: str | None = None
    reviewer_id: str | None = None
    reviewed_at: datetime | None = None
    review_note: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def file(cls, *, id: str, purchase: Purchase, product: Product | None, reason: str,
             now: datetime) -> "DownloadResetRequest":
        """A reader's request: refused while the purchase still has downloads left (409
        ``downloads_available``) or for a purchase that has none to give."""
        text = (reason or "").strip()
        if not text or len(text) > REASON_MAX:
            raise RuleViolation(f"Say why, in 1 to {REASON_MAX} characters.",
                                code="invalid_reason", fields={"reason": ["1 to 1000."]})
        product = _downloadable(purchase, product)
        if not allowance(purchase, product).is_used_up(now):
            raise InvalidTransition("This purchase still has downloads left.",
                                    code="downloads_available")
        return cls(id=id, purchase_id=purchase.id, buyer_id=purchase.buyer_id,
                   product_id=product.id, site_id=purchase.site_id, reason=text,
                   pending_slot=purchase.id, created_at=now, updated_at=now)

    def _review(self, status: ResetStatus, reviewer_id: str, note: str | None,
                now: datetime) -> None:
        if self.status != ResetStatus.PENDING:
            raise InvalidTransition(f"This request was already {self.status.lower()}.",
                                    code=f"reset_request_{self.status.lower()}",
                                    fields={"status": [self.status.value]})
        if note is not None and len(note.strip()) > NOTE_MAX:
            raise RuleViolation(f"At most {NOTE_MAX} characters.", code="invalid_note",
                                fields={"note": [f"At most {NOTE_MAX} characters."]})
        self.status, self.pending_slot = status, None
        self.reviewer_id, self.review_note = reviewer_id, _clip(note, NOTE_MAX)
        self.reviewed_at = self.updated_at = now

    def approve(self, purchase: Purchase, *, reviewer_id: str, note: str | None,
                now: datetime) -> None:
        """Approved: the purchase's count and window start again from ``now``."""
        self._review(ResetStatus.APPROVED, reviewer_id, note, now)
        purchase.download_count = 0
        purchase.downloads_reset_at = purchase.updated_at = now

    def reject(self, *, reviewer_id: str, note: str | None, now: datetime) -> None:
        self._review(ResetStatus.REJECTED, reviewer_id, note, now)
