"""The product's rules: prices, licensing, delivery limits, stock, the availability window,
the author's and the administrators' state moves, and what a purchase will check."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.commerce.product import Product, remaining_of
from ownverso.domain.commerce.values import LicenseType, ProductType
from ownverso.domain.errors import InvalidTransition, RuleViolation

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def product(**fields) -> Product:
    values = {"id": "prd_1", "site_id": "site_1", "author_id": "usr_1", "name": "Art pack",
              "slug": "art-pack", "price": 500, **fields}
    made = Product(**values)
    made.validate()
    return made


def broken(**fields) -> str:
    with pytest.raises(RuleViolation) as caught:
        product(**fields)
    return caught.value.code


def test_a_valid_product_normalizes_its_fields():
    made = product(name="  Art pack ", currency="usd", product_type="EBOOK")
    assert (made.name, made.currency, made.product_type) == ("Art pack", "USD",
                                                             ProductType.EBOOK)
    assert (made.is_limited, made.remaining, made.is_sold_out) == (False, None, False)


@pytest.mark.parametrize(("fields", "code"), [
    ({"name": " "}, "invalid_name"),
    ({"slug": "Not A Slug"}, "invalid_slug"),
    ({"product_type": "POSTER"}, "invalid_product_type"),
    ({"price": -1}, "invalid_price"),
    ({"price": True}, "invalid_price"),
    ({"compare_at_price": 500}, "invalid_compare_at_price"),
    ({"currency": "EURO"}, "invalid_currency"),
    ({"short_description": "x" * 201}, "invalid_short_description"),
    ({"max_downloads": 0}, "invalid_max_downloads"),
    ({"download_window_days": 0}, "invalid_download_window_days"),
    ({"total_quantity": 0}, "invalid_total_quantity"),
    ({"display_order": -1}, "invalid_display_order"),
    ({"available_from": NOW, "available_until": NOW}, "invalid_availability_window"),
    ({"is_licensed": True}, "license_type_required"),
    ({"is_licensed": True, "license_type": "TEAM", "license_seats": 1},
     "invalid_license_seats"),
])
def test_broken_fields_are_refused_with_their_code(fields, code):
    assert broken(**fields) == code


def test_a_compare_at_price_is_above_the_price():
    assert product(compare_at_price=900).compare_at_price == 900


def test_licenses():
    team = product(is_licensed=True, license_type="TEAM", license_seats=5)
    assert (team.license_type, team.license_seats) == (LicenseType.TEAM, 5)
    personal = product(is_licensed=True, license_type=LicenseType.PERSONAL)
    assert personal.license_seats == 1
    unlicensed = product(is_licensed=False, license_type="TEAM", license_seats=3)
    assert (unlicensed.license_type, unlicensed.license_seats) == (None, None)


def test_stock_never_goes_below_what_was_sold():
    limited = product(total_quantity=10, sold_count=4)
    assert (limited.is_limited, limited.remaining) == (True, 6)
    limited.total_quantity = 3
    with pytest.raises(RuleViolation) as caught:
        limited.validate()
    assert caught.value.code == "quantity_below_sold"
    assert remaining_of(2, 5) == 0 and remaining_of(None, 5) is None


def test_the_listing_follows_state_and_window():
    made = product(available_from=NOW, available_until=NOW + timedelta(days=1))
    assert not made.is_listed(NOW - timedelta(seconds=1))
    assert made.is_listed(NOW)
    assert not made.is_listed(NOW + timedelta(days=1))
    made.deactivate(now=NOW)
    assert not made.is_listed(NOW)


def test_what_a_purchase_checks():
    made = product(product_type=ProductType.DIGITAL_DOWNLOAD, total_quantity=1)
    with pytest.raises(InvalidTransition, match="no file"):
        made.check_sellable(NOW)
    made.attach_file(media_id="med_1", name="pack.zip", size=10, content_type="application/zip")
    made.check_sellable(NOW)
    made.sold_count = 1
    with pytest.raises(InvalidTransition) as caught:
        made.check_sellable(NOW)
    assert caught.value.code == "product_sold_out"
    product(product_type=ProductType.COMMISSION_SLOT).check_sellable(NOW)
    made.attach_file(media_id=None)
    assert (made.file_name, made.file_size, made.file_content_type) == (None, None, None)


def test_author_moves_and_the_admin_hold():
    made = product()
    with pytest.raises(InvalidTransition):
        made.activate(now=NOW)
    with pytest.raises(RuleViolation):
        made.force(active=False, reason=" ", admin_id="usr_admin", now=NOW)
    made.force(active=False, reason="Stolen art", admin_id="usr_admin", now=NOW)
    assert (made.is_active, made.admin_hold, made.admin_reason) == (False, True, "Stolen art")
    with pytest.raises(InvalidTransition) as caught:
        made.activate(now=NOW)
    assert caught.value.code == "product_on_admin_hold"
    with pytest.raises(InvalidTransition):
        made.check_sellable(NOW)
    made.force(active=True, reason="Cleared", admin_id="usr_admin", now=NOW)
    assert (made.is_active, made.admin_hold) == (True, False)
    made.deactivate(now=NOW)
    made.activate(now=NOW)
    assert made.is_active
