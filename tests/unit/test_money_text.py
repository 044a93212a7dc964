"""Amounts read as text with their currency's own decimals (emails, receipts, invoices)."""

import pytest

from ownverso.domain.money import money_text


@pytest.mark.parametrize(("amount", "currency", "text"), [
    (12345, "INR", "123.45 INR"),
    (5, "USD", "0.05 USD"),
    (123456789, "IDR", "1,234,567.89 IDR"),
    (500, "JPY", "500 JPY"),
    (1500000, "KRW", "1,500,000 KRW"),
    (12345, "KWD", "12.345 KWD"),
    (-2550, "EUR", "-25.50 EUR"),
    (0, "usd", "0.00 usd"),
])
def test_each_currency_has_its_own_decimals(amount, currency, text):
    assert money_text(amount, currency) == text
