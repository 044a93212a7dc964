"""The download rules: only a paid purchase of a product with a file, within max_downloads
and the window (both from the delivery or the last approved reset), and the reset requests
(filed only once nothing is left, reviewed once)."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.commerce.downloads import (
    DownloadRefused,
    DownloadResetRequest,
    ResetStatus,
    allowance,
    attachment,
    check_download,
    take_download,
)
from ownverso.domain.commerce.product import Product
from ownverso.domain.commerce.purchase import Purchase
from ownverso.domain.errors import InvalidTransition, RuleViolation

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def product(**fields) -> Product:
    values = {"id": "prd_1", "site_id": "s1", "author_id": "a1", "name": "Pack",
              "slug": "pack", "file_media_id": "med_1", "file_name": "pack.pdf",
              "file_size": 10, "file_content_type": "application/pdf", "max_downloads": 3,
              "download_window_days": 7, **fields}
    return Product(**values)


def paid(**fields) -> Purchase:
    purchase = Purchase.pending(now=NOW, id="pur_1", buyer_id="u1", site_id="s1",
                                author_id="a1", product_id="prd_1", amount=100,
                                original_amount=100, **fields)
    purchase.succeed(now=NOW)
    return purchase


def take(purchase: Purchase, item: Product | None, when: datetime = NOW, n: int = 1) -> None:
    for i in range(n):
        take_download(purchase, item, id=f"dl_{i}", now=when, ip_hash="h", user_agent="ua")


def refused(purchase: Purchase, item: Product | None, when: datetime = NOW) -> str:
    with pytest.raises(DownloadRefused) as error:
        check_download(purchase, item, when)
    return error.value.code


def test_a_download_is_counted_and_recorded():
    purchase, item = paid(), product()
    record = take_download(purchase, item, id="dl_1", now=NOW + timedelta(hours=1),
                           ip_hash="abc", user_agent="  Firefox " + "x" * 600)
    assert (record.purchase_id, record.buyer_id, record.product_id) == ("pur_1", "u1", "prd_1")
    assert record.downloaded_at == NOW + timedelta(hours=1) and record.ip_hash == "abc"
    assert record.user_agent.startswith("Firefox") and len(record.user_agent) == 500
    assert purchase.download_count == 1
    assert purchase.last_downloaded_at == NOW + timedelta(hours=1)
    left = allowance(purchase, item)
    assert (left.used, left.remaining, left.window_ends_at) == (1, 2, NOW + timedelta(days=7))


def test_only_a_paid_purchase_is_downloaded():
    pending = Purchase.pending(now=NOW, id="pur_1", buyer_id="u1", site_id="s1",
                               author_id="a1", product_id="prd_1")
    assert refused(pending, product()) == "purchase_not_paid"
    refunded = paid()
    refunded.refund(now=NOW)
    assert refused(refunded, product()) == "purchase_not_paid"


def test_a_product_without_a_file_has_nothing_to_download():
    assert refused(paid(), product(file_media_id=None)) == "product_has_no_file"
    assert refused(paid(), None) == "product_has_no_file"
    assert refused(paid(), product(id="prd_other")) == "product_has_no_file"


def test_the_limit_counts_downloads_of_the_purchase():
    purchase, item = paid(), product()
    take(purchase, item, n=3)
    assert refused(purchase, item) == "download_limit_reached"
    assert purchase.download_count == 3
    with pytest.raises(DownloadRefused):
        take(purchase, item)
    assert purchase.download_count == 3  # a refused download is not counted


def test_unlimited_downloads_and_no_window():
    purchase, item = paid(), product(max_downloads=None, download_window_days=None)
    take(purchase, item, when=NOW + timedelta(days=3000), n=50)
    left = allowance(purchase, item)
    assert (left.used, left.remaining, left.window_ends_at) == (50, None, None)
    assert not left.is_used_up(NOW + timedelta(days=5000))


def test_the_window_starts_at_the_delivery():
    purchase, item = paid(), product(download_window_days=2)
    take(purchase, item, when=NOW + timedelta(days=2) - timedelta(seconds=1))
    assert refused(purchase, item, NOW + timedelta(days=2)) == "download_window_closed"


def test_the_limit_is_refused_before_the_window():
    purchase, item = paid(), product(max_downloads=1, download_window_days=1)
    take(purchase, item)
    assert refused(purchase, item, NOW + timedelta(days=2)) == "download_limit_reached"


def request(purchase: Purchase, item: Product, when: datetime = NOW,
            reason: str = "Lost my laptop") -> DownloadResetRequest:
    return DownloadResetRequest.file(id="dlr_1", purchase=purchase, product=item,
                                     reason=reason, now=when)


def test_a_reset_is_asked_only_once_nothing_is_left():
    purchase, item = paid(), product()
    take(purchase, item, n=2)
    with pytest.raises(InvalidTransition) as error:
        request(purchase, item)
    assert error.value.code == "downloads_available"
    take(purchase, item)
    filed = request(purchase, item)
    assert (filed.status, filed.pending_slot, filed.reason, filed.site_id) == (
        ResetStatus.PENDING, "pur_1", "Lost my laptop", "s1")
    closed = paid()
    assert request(closed, item, NOW + timedelta(days=7)).status == ResetStatus.PENDING


def test_a_reset_needs_a_reason_and_a_paid_purchase_with_a_file():
    purchase, item = paid(), product(max_downloads=1)
    take(purchase, item)
    for reason in ("", "   ", "x" * 1001):
        with pytest.raises(RuleViolation) as error:
            request(purchase, item, reason=reason)
        assert error.value.code == "invalid_reason"
    with pytest.raises(DownloadRefused) as error:
        request(purchase, product(file_media_id=None))
    assert error.value.code == "product_has_no_file"


def test_approving_restarts_the_count_and_the_window():
    purchase, item = paid(), product(max_downloads=1, download_window_days=2)
    take(purchase, item)
    later = NOW + timedelta(days=5)
    filed = request(purchase, item, later)
    filed.approve(purchase, reviewer_id="a1", note=" Sure ", now=later)
    assert (filed.status, filed.pending_slot, filed.reviewer_id, filed.review_note,
            filed.reviewed_at) == (ResetStatus.APPROVED, None, "a1", "Sure", later)
    assert (purchase.download_count, purchase.downloads_reset_at) == (0, later)
    assert allowance(purchase, item).window_ends_at == later + timedelta(days=2)
    take(purchase, item, when=later + timedelta(days=1))
    assert refused(purchase, item, later + timedelta(days=1)) == "download_limit_reached"


def test_a_rejected_request_changes_nothing_and_is_reviewed_once():
    purchase, item = paid(), product(max_downloads=1)
    take(purchase, item)
    filed = request(purchase, item)
    filed.reject(reviewer_id="a1", note=None, now=NOW)
    assert (filed.status, filed.pending_slot, filed.review_note) == (
        ResetStatus.REJECTED, None, None)
    assert purchase.download_count == 1
    for review in (lambda: filed.approve(purchase, reviewer_id="a1", note=None, now=NOW),
                   lambda: filed.reject(reviewer_id="a1", note=None, now=NOW)):
        with pytest.raises(InvalidTransition) as error:
            review()
        assert error.value.code == "reset_request_rejected"


def test_a_review_note_is_at_most_a_thousand_characters():
    purchase, item = paid(), product(max_downloads=1)
    take(purchase, item)
    filed = request(purchase, item)
    with pytest.raises(RuleViolation) as error:
        filed.reject(reviewer_id="a1", note="x" * 1001, now=NOW)
    assert error.value.code == "invalid_note" and filed.status == ResetStatus.PENDING


def test_the_attachment_header_keeps_the_name_safe():
    assert attachment("pack.pdf") == (
        "attachment; filename=\"pack.pdf\"; filename*=UTF-8''pack.pdf")
    assert attachment('a "b".pdf') == (
        "attachment; filename=\"a _b_.pdf\"; filename*=UTF-8''a%20%22b%22.pdf")
    assert attachment("été.pdf") == (
        "attachment; filename=\"_t_.pdf\"; filename*=UTF-8''%C3%A9t%C3%A9.pdf")
