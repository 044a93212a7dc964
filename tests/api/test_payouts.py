"""Payout statements over HTTP: a FREE-tier author's January (a subscription, a partly
refunded tip, a wholly refunded product, a chapter lost to a chargeback, all through the
sandbox, and a Stripe payment whose fee the gateway reported) settles into one statement per
gateway whose nets add up to what the payments kept minus the gateway's and the platform's
fees, the platform's agreeing with January's invoice; generating again (or eight times at once
on Postgres) makes nothing twice; the author lists, filters, reads, adds up and exports their
statements, nobody else finds them; the list costs the same whatever its length."""

import csv
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from ownverso.domain.payments.payment import Payment, PaymentType
from ownverso.entrypoints.workers.jobs.payouts import generate_payouts
from ownverso.services.errors import ValidationFailed
from tests.api.test_disputes import disputed, mark
from tests.api.test_payment_refunds import payment_of, refund
from tests.api.test_payments import paid, subscribed, tipped
from tests.api.test_purchases import buy, product
from tests.support.coins import admin_headers
from tests.support.paywall import API, Paywall
from tests.support.sql_counter import count_statements

PAYOUTS = f"{API}/payouts"
JAN_10, FEB_2 = datetime(2026, 1, 10, 12, tzinfo=UTC), datetime(2026, 2, 2, 9, tzinfo=UTC)


@dataclass
class January:
    wall: Paywall
    reader_id: str


def move_to_free(wall: Paywall) -> None:
    """The author leaves their paid platform plan (the fee applies to FREE-tier authors as
    the month's statements are made)."""
    with wall.container.uow() as uow:
        uow.users.get(wall.author_id).platform_tier = "FREE"
        uow.commit()


def stripe_payment(wall: Paywall, reader_id: str, gross: int, fee: int) -> str:
    """A Stripe charge to the author whose fee the gateway reported, stored as the webhook
    recording does."""
    container = wall.container
    ids, now = container.ids(), container.clock().now()
    payment, _ = Payment.open(
        id=ids.new_id("pay"), event_id=ids.new_id("pev"), now=now, reader_id=reader_id,
        author_id=wall.author_id, site_id=wall.site_id, type=PaymentType.ONE_TIME_PURCHASE,
        gross_amount=gross, currency="INR", gateway="stripe",
        gateway_payment_id=ids.new_id("ch"))
    payment.succeed(event_id=ids.new_id("pev"), now=now, gateway_fee=fee)
    with container.uow() as uow:
        uow.payments.add(payment)
        uow.commit()
    return payment.id


def january(client, clock) -> January:
    """An author's January through the sandbox: Gold (900); a tip of 2000 with 500 refunded;
    a product (499) wholly refunded; a chapter (300) lost to a chargeback; and a Stripe charge
    of 10000 with a fee of 320. By the end of it the author is on the FREE tier."""
    clock.set(JAN_10)
    wall = Paywall.build(client)
    ana_id = wall.reader()
    ana = wall.headers(ana_id)
    subscribed(wall, ana, wall.tier("Gold", 900))
    tipped(wall, ana, amount=2000)
    tip_id = payment_of(wall, author_id=wall.author_id, type=PaymentType.TIP)
    assert refund(wall, tip_id, amount=500).status_code == 201
    bought = paid(client, ana, buy(client, ana, product_id=product(wall)["id"]))
    assert refund(wall, payment_of(wall, purchase_id=bought["purchase_id"])).status_code == 201
    chapter_payment, _, _ = disputed(wall)
    assert mark(wall, chapter_payment, "LOST", admin_headers(wall)).status_code == 200
    stripe_payment(wall, ana_id, 10000, 320)
    move_to_free(wall)
    return January(wall=wall, reader_id=ana_id)


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_payouts_add_up_to_payments_minus_fees_and_are_made_once(client, clock):
    container = client.application.container
    month = january(client, clock)
    wall = month.wall
    clock.set(FEB_2)
    [invoice] = container.platform_invoices().generate_last_month().invoices

    made = container.payouts().generate(year=2026, month=1)
    assert (made.created, made.existing) == (2, 0)
    again = container.payouts().generate(year=2026, month=1)
    assert (again.created, again.existing) == (0, 2)
    author = wall.author
    listed = client.get(PAYOUTS, headers=author)
    assert listed.status_code == 200 and listed.headers["X-Pagination"]
    sandbox, stripe = sorted(listed.json, key=lambda p: p["gateway"])

    # invoice revenue 900 + 1500 + 10000 = 12400: fee 1240, GST 223 (shared 2400 : 10000)
    assert (invoice.fee_amount, invoice.gst_amount, invoice.total_amount) == (1240, 223, 1463)
    assert (sandbox["gross_revenue"], sandbox["refunded_amount"],
            sandbox["charged_back_amount"], sandbox["gateway_fees"], sandbox["platform_fees"],
            sandbox["net_payout"], sandbox["transaction_count"]) == (
        900 + 2000 + 499 + 300, 500 + 499, 300, 0, 240 + 43, 2117, 4)
    assert (stripe["gross_revenue"], stripe["gateway_fees"], stripe["platform_fees"],
            stripe["net_payout"], stripe["transaction_count"]) == (10000, 320, 1180, 8500, 1)
    assert {p["invoice_number"] for p in listed.json} == {invoice.number}
    assert {(p["status"], p["period_start"][:10], p["period_end"][:10])
            for p in listed.json} == {("COMPLETED", "2026-01-01", "2026-02-01")}

    with container.uow() as uow:
        payments = uow.payments.list(author_id=wall.author_id)
    assert sum(p["platform_fees"] for p in listed.json) == invoice.total_amount
    assert sum(p["net_payout"] for p in listed.json) == (
        sum(p.kept_amount for p in payments) - sum(p.gateway_fee or 0 for p in payments)
        - invoice.total_amount)

    detail = client.get(f"{PAYOUTS}/{sandbox['id']}", headers=author)
    assert detail.status_code == 200
    breakdown = detail.json["breakdown"]
    assert breakdown["unknown_fee_count"] == 4  # the sandbox reports no fee: none invented
    assert breakdown["by_type"]["TIP"] == {"count": 1, "gross": 2000, "refunded": 500,
                                           "charged_back": 0, "gateway_fees": 0,
                                           "unknown_fees": 1, "net": 1500}
    assert breakdown["by_type"]["ONE_TIME_PURCHASE"]["charged_back"] == 300
    assert breakdown["platform_fee"] == {"revenue": 2400, "fee": 240, "gst": 43,
                                         "invoice_number": invoice.number}

    # February's tip is next month's, and so is February's refund of January's Gold: an
    # adjustment there, January's statement stays as it was; the job makes it early in March
    tipped(wall, wall.headers(month.reader_id), amount=3000)
    gold = payment_of(wall, author_id=wall.author_id, type=PaymentType.SUBSCRIPTION)
    assert refund(wall, gold, amount=200).status_code == 201
    clock.set(datetime(2026, 3, 1, 1, tzinfo=UTC))
    assert (generate_payouts(), generate_payouts()) == (1, 0)
    february, *january_again = client.get(PAYOUTS, headers=wall.author).json
    assert [p["period_start"][:7] for p in (february, *january_again)] == [
        "2026-02", "2026-01", "2026-01"]
    assert (february["gross_revenue"], february["refunded_amount"],
            february["transaction_count"]) == (3000, 200, 1)
    assert client.get(f"{PAYOUTS}/{february['id']}", headers=wall.author).json[
        "breakdown"]["adjustments"] == {"count": 1, "refunded": 200, "charged_back": 0}
    assert sandbox in january_again
    with pytest.raises(ValidationFailed) as unfinished:
        container.payouts().generate(year=2026, month=3)
    assert unfinished.value.code == "period_not_ended"


def test_the_author_filters_adds_up_and_exports_and_nobody_else_finds_them(client, clock):
    container = client.application.container
    month = january(client, clock)
    wall = month.wall
    clock.set(FEB_2)
    container.payouts().generate(year=2026, month=1)
    tipped(wall, wall.headers(month.reader_id), amount=2000)  # February so far
    author, other = wall.author, Paywall.build(client)
    statements = client.get(PAYOUTS, headers=author).json

    stripe_only = client.get(f"{PAYOUTS}?gateway=stripe", headers=author).json
    assert [(p["gateway"], p["net_payout"]) for p in stripe_only] == [("stripe", 8500)]
    assert len(client.get(f"{PAYOUTS}?status=COMPLETED&from=2026-01-01T00:00:00Z"
                          "&to=2026-02-01T00:00:00Z", headers=author).json) == 2
    assert client.get(f"{PAYOUTS}?from=2026-02-01T00:00:00Z", headers=author).json == []
    for query, field in (("status=PAID", "status"), ("gateway=paypal", "gateway")):
        bad = client.get(f"{PAYOUTS}?{query}", headers=author)
        assert bad.status_code == 422 and field in str(bad.json["errors"]), query
    backwards = client.get(f"{PAYOUTS}?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
                           headers=author)
    assert (backwards.status_code, backwards.json["error"]) == (422, "invalid_period")

    stats = client.get(f"{PAYOUTS}/stats", headers=author)
    assert stats.status_code == 200, stats.json
    [total] = stats.json["totals"]
    assert (total["currency"], total["gross_revenue"], total["gateway_fees"],
            total["platform_fees"], total["net_payout"], total["payouts"]) == (
        "INR", 13699, 320, 1463, 10617, 2)
    assert [(g["gateway"], g["net_payout"]) for g in stats.json["by_gateway"]] == [
        ("sandbox", 2117), ("stripe", 8500)]
    assert stats.json["last_month"]["period_start"].startswith("2026-01-01")
    assert stats.json["last_month"]["totals"] == stats.json["totals"]
    [so_far] = stats.json["this_month"]["totals"]  # the rule on February's 2000: 200 + 36
    assert (so_far["gross_revenue"], so_far["platform_fees"], so_far["net_payout"]) == (
        2000, 236, 1764)

    exported = client.get(f"{PAYOUTS}/export", headers=author)
    assert exported.status_code == 200
    assert exported.headers["Content-Type"].startswith("text/csv")
    assert exported.headers["Content-Disposition"].startswith("attachment;")
    lines = rows(exported)
    assert [r["payout_id"] for r in lines] == [p["id"] for p in statements]
    assert {(r["gateway"], r["net_payout"], r["unknown_fee_count"]) for r in lines} == {
        ("sandbox", "2117", "4"), ("stripe", "8500", "0")}
    assert [r["gateway"] for r in rows(client.get(f"{PAYOUTS}/export?gateway=stripe",
                                                  headers=author))] == ["stripe"]
    assert client.get(f"{PAYOUTS}/export?nope=1", headers=author).status_code == 422

    reader = wall.headers(month.reader_id)
    for headers in (other.author, reader):
        hidden = client.get(f"{PAYOUTS}/{statements[0]['id']}", headers=headers)
        assert (hidden.status_code, hidden.json["error"]) == (404, "payout_not_found")
        assert client.get(PAYOUTS, headers=headers).json == []
        assert rows(client.get(f"{PAYOUTS}/export", headers=headers)) == []
    named = client.get(f"{PAYOUTS}?author_id={wall.author_id}", headers=other.author)
    assert (named.status_code, named.json["error"]) == (403, "admin_required")
    assert client.get(f"{PAYOUTS}/stats?author_id={wall.author_id}",
                      headers=reader).status_code == 403
    admin = admin_headers(wall)
    assert [p["id"] for p in client.get(f"{PAYOUTS}?author_id={wall.author_id}",
                                        headers=admin).json] == [p["id"] for p in statements]
    assert client.get(f"{PAYOUTS}/{statements[0]['id']}", headers=admin).status_code == 200
    assert client.get(f"{PAYOUTS}/apo_nope", headers=author).status_code == 404
    assert client.get(PAYOUTS).status_code == 401


def test_concurrent_generation_makes_one_statement_per_group(pg_client, pg_app):
    container = pg_app.container
    clock = container.clock()
    clock.set(JAN_10)
    walls = [Paywall.build(pg_client) for _ in range(3)]
    for wall in walls:
        tipped(wall, wall.headers(wall.reader()), amount=1000)
    stripe_payment(walls[0], walls[0].reader(), 5000, 150)
    clock.set(FEB_2)

    def run(_: int) -> int:
        return container.payouts().generate(year=2026, month=1).created

    with ThreadPoolExecutor(max_workers=8) as pool:
        created = list(pool.map(run, range(8)))

    assert sum(created) == 4, created
    with container.uow() as uow:
        stored = uow.author_payouts.list()
    assert sorted((p.author_id, p.gateway) for p in stored) == sorted(
        [(w.author_id, "sandbox") for w in walls] + [(walls[0].author_id, "stripe")])
    assert sorted(p.net_payout for p in stored) == [1000, 1000, 1000, 4850]


def test_the_list_costs_the_same_whatever_its_length(pg_client, pg_app):
    container = pg_app.container
    clock = container.clock()
    clock.set(JAN_10)
    wall = Paywall.build(pg_client)
    reader_id = wall.reader()
    for month in range(1, 6):
        clock.set(JAN_10.replace(month=month))
        tipped(wall, wall.headers(reader_id), amount=1000 * month)
    clock.set(datetime(2026, 6, 2, tzinfo=UTC))
    engine = container.engine()

    def statements() -> int:
        author = wall.author
        with count_statements(engine) as seen:
            listed = pg_client.get(PAYOUTS, headers=author)
            assert listed.status_code == 200 and listed.json
        return len(seen)

    container.payouts().generate(year=2026, month=1)
    first = statements()
    for month in range(2, 6):
        container.payouts().generate(year=2026, month=month)
    assert statements() == first
    listed = pg_client.get(PAYOUTS, headers=wall.author).json
    assert [p["net_payout"] for p in listed] == [5000, 4000, 3000, 2000, 1000]
    exported = rows(pg_client.get(f"{PAYOUTS}/export", headers=wall.author))
    assert [r["payout_id"] for r in exported] == [p["id"] for p in listed]
    one = pg_client.get(f"{PAYOUTS}/{listed[0]['id']}", headers=wall.author).json
    assert one["breakdown"]["by_type"]["TIP"]["gross"] == 5000
    stats = pg_client.get(f"{PAYOUTS}/stats", headers=wall.author).json
    assert [(t["net_payout"], t["payouts"]) for t in stats["totals"]] == [(15000, 5)]
    assert [t["net_payout"] for t in stats["last_month"]["totals"]] == [5000]
