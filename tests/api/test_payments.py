"""Payments over HTTP: every way a reader pays through the sandbox (a tier, an upgrade, a
product, an anonymous tip, coins) leaves a payment in /my/payments and, except coins (the
platform sells them), in the author's /payments; a renewal charge and a declined one appear;
an approved refund marks the payment REFUNDED with its log line; the stats, the timeline and
the CSV add up exactly; a receipt is a PDF naming the amount; other people find nothing; bad
input is a 422; lists cost the same whatever their length."""

import csv
import io
import re
import zlib
from datetime import timedelta

from tests.api.test_purchases import buy, product
from tests.api.test_refund_requests import ask, decide
from tests.support.coins import add_package, admin_headers, buy_coins
from tests.support.memberships import pay, run_billing
from tests.support.paywall import API, Paywall
from tests.support.sql_counter import count_statements

EVERYTHING = {"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"}


def paid(client, headers: dict, opened) -> dict:
    """Pay an opened checkout: the completed session."""
    assert opened.status_code == 201, opened.json
    pay(client, opened.json)
    done = client.get(f"{API}/checkout/session/{opened.json['id']}", headers=headers).json
    assert done["status"] == "COMPLETE", done
    return {**opened.json, **done}


def subscribed(wall: Paywall, headers: dict, tier_id: str) -> str:
    opened = wall.client.post(f"{API}/sites/{wall.site_id}/subscribe", headers=headers,
                              json={"tier_id": tier_id})
    return paid(wall.client, headers, opened)["result_id"]


def tipped(wall: Paywall, headers: dict, amount: int = 2000) -> dict:
    return paid(wall.client, headers, wall.client.post(
        f"{API}/checkout/tip", headers=headers,
        json={"author_id": wall.author_id, "amount": amount, "currency": "INR",
              "is_anonymous": True}))


def pdf_text(data: bytes) -> str:
    """The text of a PDF's content streams (fpdf2 compresses them with zlib)."""
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            chunks.append(stream.decode("latin-1"))
    return "".join(chunks)


def test_every_payment_is_recorded_refunded_counted_and_exported(client, clock):
    wall = Paywall.build(client)
    silver, gold = wall.tier("Silver", 300), wall.tier("Gold", 900)
    ana_id, bob_id = wall.reader(), wall.reader()
    ana, bob = wall.headers(ana_id), wall.headers(bob_id)
    gateway = wall.container.payment_gateway()
    day_one = clock.now()

    sub_id = subscribed(wall, ana, silver)
    upgraded = client.patch(f"{API}/my-subscriptions/{sub_id}", headers=ana,
                            json={"tier_id": gold})
    assert upgraded.status_code == 200, upgraded.json
    [upgrade_charge] = gateway.charges.values()
    pack = product(wall)
    bought = paid(client, ana, buy(client, ana, product_id=pack["id"]))
    tipped(wall, ana)
    package = add_package(wall, admin_headers(wall))
    coins = buy_coins(client, ana, package["id"])
    subscribed(wall, bob, gold)

    mine = client.get(f"{API}/my/payments", headers=ana)
    assert mine.status_code == 200 and mine.headers["X-Pagination"]
    assert [(p["type"], p["status"], p["gross_amount"], p["currency"]) for p in mine.json] == [
        ("COINS", "SUCCEEDED", 9900, "INR"),
        ("TIP", "SUCCEEDED", 2000, "INR"),
        ("ONE_TIME_PURCHASE", "SUCCEEDED", 499, "INR"),
        ("SUBSCRIPTION", "SUCCEEDED", upgrade_charge.amount, "INR"),
        ("SUBSCRIPTION", "SUCCEEDED", 300, "INR")]
    coin_payment, tip_payment, pack_payment, upgrade_payment, first_payment = mine.json
    assert coin_payment["author"] is None and coin_payment["site"] is None
    assert coin_payment["gateway_payment_id"] == coins["checkout_url"].rsplit("/", 1)[-1]
    assert (pack_payment["purchase_id"], pack_payment["site"]["id"]) == (
        bought["purchase_id"], wall.site_id)
    assert (first_payment["subscription_id"], upgrade_payment["subscription_id"]) == (
        sub_id, sub_id)
    assert upgrade_payment["gateway_payment_id"] == upgrade_charge.id
    assert client.get(f"{API}/my/payments?type=TIP", headers=ana).json == [tip_payment]

    received = client.get(f"{API}/payments", headers=wall.author)
    assert received.status_code == 200
    assert [p["id"] for p in received.json][1:] == [p["id"] for p in mine.json[1:]]
    assert received.json[0]["payer"]["id"] == bob_id
    by_id = {p["id"]: p for p in received.json}
    assert by_id[tip_payment["id"]]["payer"] is None  # an anonymous tip
    assert by_id[pack_payment["id"]]["payer"]["id"] == ana_id

    detail = client.get(f"{API}/payments/{pack_payment['id']}", headers=wall.author).json
    assert [(e["event_type"], e["previous_status"], e["new_status"]) for e in
            detail["events"]] == [("created", None, "PENDING"),
                                  ("succeeded", "PENDING", "SUCCEEDED")]

    # an approved refund marks the purchase's payment REFUNDED, with its log line
    request = ask(wall, ana_id, bought["purchase_id"]).json
    approved = decide(wall, request["id"], "approve")
    assert approved.status_code == 200, approved.json
    refunded = client.get(f"{API}/my/payments/{pack_payment['id']}", headers=ana).json
    assert (refunded["status"], refunded["refunded_amount"]) == ("REFUNDED", 499)
    assert refunded["events"][-1] == {
        **refunded["events"][-1], "event_type": "refunded", "previous_status": "SUCCEEDED",
        "new_status": "REFUNDED", "amount": 499,
        "metadata": {"gateway_refund_id": approved.json["gateway_refund_id"]}}

    # a month later: ana's renewal is charged, bob's card is declined
    gateway.decline(bob_id)
    clock.advance(days=32)
    assert run_billing(client)["renewed"] == 1
    author = wall.author
    failed = client.get(f"{API}/payments?status=FAILED", headers=author).json
    assert [(p["payer"]["id"], p["gross_amount"], p["failure_code"]) for p in failed] == [
        (bob_id, 900, "card_declined")]
    renewal = client.get(f"{API}/my/payments", headers=wall.headers(ana_id)).json[0]
    assert (renewal["type"], renewal["status"], renewal["gross_amount"],
            renewal["description"]) == ("SUBSCRIPTION", "SUCCEEDED", 900,
                                        "Subscription renewal")

    # the stats: period [day one, day one + 31 days) and all time
    collected = [300, upgrade_charge.amount, 499, 2000, 900]
    period = {"from": day_one.isoformat(), "to": (day_one + timedelta(days=31)).isoformat()}
    stats = client.get(f"{API}/payments/stats", query_string=period, headers=author)
    assert stats.status_code == 200, stats.json
    [inr] = stats.json["currencies"]
    lifetime = sum(collected) + 900
    assert inr == {"currency": "INR", "gross": sum(collected), "refunded": 499,
                   "net": sum(collected) - 499, "count": 5, "payers": 2,
                   "arpu": sum(collected) // 2, "lifetime_gross": lifetime,
                   "lifetime_payers": 2, "ltv": lifetime // 2, "mrr": 1800}

    timeline = client.get(f"{API}/payments/timeline", headers=author, query_string={
        "interval": "day", "from": day_one.isoformat(),
        "to": (day_one + timedelta(days=33)).isoformat()}).json
    days = {b["start"][:10]: b["totals"] for b in timeline["buckets"]}
    midnight = day_one.replace(hour=0, minute=0, second=0, microsecond=0)
    assert len(days) == (33 if day_one == midnight else 34)
    assert days[day_one.date().isoformat()] == [
        {"currency": "INR", "gross": sum(collected), "count": 5}]
    assert days[clock.now().date().isoformat()] == [
        {"currency": "INR", "gross": 900, "count": 1}]
    assert sum(t["gross"] for totals in days.values() for t in totals) == lifetime
    months = client.get(f"{API}/payments/timeline?interval=month", headers=author).json
    assert len(months["buckets"]) == 12
    assert sum(t["count"] for b in months["buckets"] for t in b["totals"]) == 6

    exported = client.get(f"{API}/payments/export", headers=author)
    assert exported.status_code == 200
    assert exported.headers["Content-Type"].startswith("text/csv")
    assert exported.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert [r["payment_id"] for r in rows] == [
        p["id"] for p in client.get(f"{API}/payments", headers=author).json]
    tip_row = next(r for r in rows if r["type"] == "TIP")
    assert (tip_row["payer_username"], tip_row["gross_amount"]) == ("", "2000")
    refunds = client.get(f"{API}/payments/export?status=REFUNDED", headers=author)
    assert [(r["payment_id"], r["refunded_amount"]) for r in csv.DictReader(
        io.StringIO(refunds.get_data(as_text=True)))] == [(pack_payment["id"], "499")]


def test_a_receipt_is_a_pdf_naming_the_merchant_the_amount_and_the_refund(client):
    wall = Paywall.build(client)
    ana_id = wall.reader()
    ana = wall.headers(ana_id)
    pack = product(wall, price=12345)
    bought = paid(client, ana, buy(client, ana, product_id=pack["id"]))
    request = ask(wall, ana_id, bought["purchase_id"]).json
    assert decide(wall, request["id"], "approve").status_code == 200
    buy_coins(client, ana, add_package(wall, admin_headers(wall))["id"])
    coins, purchase = client.get(f"{API}/my/payments", headers=ana).json

    receipt = client.get(f"{API}/my/payments/{purchase['id']}/receipt", headers=ana)
    assert receipt.status_code == 200
    assert receipt.headers["Content-Type"] == "application/pdf"
    assert receipt.headers["Content-Disposition"] == (
        f'attachment; filename="receipt-{purchase["id"]}.pdf"')
    assert receipt.data.startswith(b"%PDF")
    text = pdf_text(receipt.data)
    for expected in ("123.45 INR", purchase["id"], purchase["site"]["name"],
                     "Wallpaper pack", "Refunded"):
        assert expected in text, expected
    coin_text = pdf_text(client.get(f"{API}/my/payments/{coins['id']}/receipt",
                                    headers=ana).data)
    assert "Ownverso" in coin_text and "99.00 INR" in coin_text


def test_other_readers_and_other_authors_find_nothing(client):
    wall, other = Paywall.build(client), Paywall.build(client)
    ana_id = wall.reader()
    ana = wall.headers(ana_id)
    tipped(wall, ana)
    [payment] = client.get(f"{API}/my/payments", headers=ana).json
    bob = wall.headers(wall.reader())
    for path, headers in ((f"/my/payments/{payment['id']}", bob),
                          (f"/my/payments/{payment['id']}/receipt", bob),
                          (f"/my/payments/{payment['id']}", wall.author),
                          (f"/payments/{payment['id']}", other.author),
                          (f"/payments/{payment['id']}", ana),
                          ("/payments/pay_nope", wall.author)):
        answer = client.get(f"{API}{path}", headers=headers)
        assert (answer.status_code, answer.json["error"]) == (404, "payment_not_found"), path
    assert client.get(f"{API}/payments", headers=other.author).json == []
    assert client.get(f"{API}/my/payments", headers=bob).json == []
    assert client.get(f"{API}/payments", headers=ana).json == []
    assert client.get(f"{API}/my/payments").status_code == 401


def test_bad_input_is_refused_with_its_fields(client):
    wall = Paywall.build(client)
    author = wall.author
    for path, field in (("/payments?status=PAID", "status"), ("/payments?type=X", "type"),
                        ("/payments/timeline?interval=week", "interval"),
                        ("/payments/export?nope=1", "nope"),
                        ("/payments/stats?from=yesterday", "from")):
        answer = client.get(f"{API}{path}", headers=author)
        assert answer.status_code == 422, path
        assert field in str(answer.json["errors"]), (path, answer.json)
    backwards = {"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}
    for path in ("/payments", "/payments/stats", "/payments/timeline", "/payments/export"):
        answer = client.get(f"{API}{path}", headers=author, query_string=backwards)
        assert (answer.status_code, answer.json["error"]) == (422, "invalid_period"), path
    too_long = client.get(f"{API}/payments/timeline", headers=author, query_string={
        "interval": "day", "from": "2020-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"})
    assert (too_long.status_code, too_long.json["error"]) == (422, "period_too_long")


def test_a_failed_payment_has_no_receipt(client, clock):
    wall = Paywall.build(client)
    bob_id = wall.reader()
    subscribed(wall, wall.headers(bob_id), wall.tier("Gold", 900))
    wall.container.payment_gateway().decline(bob_id)
    clock.advance(days=32)
    run_billing(client)
    bob = wall.headers(bob_id)
    declined = client.get(f"{API}/my/payments?status=FAILED", headers=bob).json[0]
    answer = client.get(f"{API}/my/payments/{declined['id']}/receipt", headers=bob)
    assert (answer.status_code, answer.json["error"]) == (409, "payment_not_collected")
    assert declined["failure_code"] == "card_declined"


def test_the_lists_cost_the_same_whatever_their_length(pg_client):
    client = pg_client
    wall = Paywall.build(client)
    engine = client.application.container.engine()
    ana_id = wall.reader()

    def one_more() -> None:
        tipped(wall, wall.headers(ana_id))
        tipped(wall, wall.headers(wall.reader()))

    def statements(path: str, headers: dict) -> int:
        with count_statements(engine) as seen:
            response = client.get(f"{API}{path}", headers=headers)
            assert response.status_code == 200 and response.json
        return len(seen)

    one_more()
    first = (statements("/payments", wall.author), statements("/my/payments",
                                                              wall.headers(ana_id)))
    for _ in range(4):
        one_more()
    assert (statements("/payments", wall.author),
            statements("/my/payments", wall.headers(ana_id))) == first
    assert len(client.get(f"{API}/payments", headers=wall.author).json) == 10
    assert len(client.get(f"{API}/my/payments", headers=wall.headers(ana_id)).json) == 5
    # the aggregates and the files on Postgres too
    stats = client.get(f"{API}/payments/stats", headers=wall.author).json
    assert [(c["gross"], c["count"], c["payers"], c["arpu"]) for c in stats["currencies"]] == [
        (20000, 10, 6, 3333)]
    timeline = client.get(f"{API}/payments/timeline", headers=wall.author).json
    assert sum(t["gross"] for b in timeline["buckets"] for t in b["totals"]) == 20000
    exported = client.get(f"{API}/payments/export?type=TIP", headers=wall.author)
    assert len(exported.get_data(as_text=True).strip().splitlines()) == 11
    mine = client.get(f"{API}/my/payments", headers=wall.headers(ana_id)).json
    receipt = client.get(f"{API}/my/payments/{mine[0]['id']}/receipt",
                         headers=wall.headers(ana_id))
    assert receipt.status_code == 200 and "20.00 INR" in pdf_text(receipt.data)
