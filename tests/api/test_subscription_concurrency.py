"""Subscriptions under concurrent requests on Postgres: a capped tier never takes more
subscribers than its seats, and a payment confirmed many times at once fulfils once."""

from concurrent.futures import ThreadPoolExecutor

from tests.support.memberships import GOLD, pay, reader, shop, subscribe


def many_readers(client, app, n: int) -> list:
    """``n`` signed-in readers (the sign-up throttle forgotten between them)."""
    readers = []
    for _ in range(n):
        app.container.rate_limiter().windows.clear()
        readers.append(reader(client, app.container.mailer()))
    return readers


def test_concurrent_sign_ups_never_pass_the_tier_cap(pg_client, pg_app):
    mailer = pg_app.container.mailer()
    s = shop(pg_client, mailer, {**GOLD, "max_subscribers": 3})
    readers = many_readers(pg_client, pg_app, 12)
    tier_id = s.tiers["Gold"]["id"]

    def sign_up(who):
        return subscribe(pg_app.test_client(), who, s.site_id, tier_id)

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(sign_up, readers))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] * 3 + [409] * 9, [a.json for a in answers]
    assert {a.json["error"] for a in answers if a.status_code == 409} == {"tier_full"}
    for answer in answers:
        if answer.status_code == 201:
            pay(pg_client, answer.json)
    with pg_app.container.uow() as uow:
        assert uow.tiers.get(tier_id).current_subscribers == 3
        assert uow.reader_subscriptions.count(tier_id=tier_id, status="ACTIVE") == 3


def test_a_payment_confirmed_ten_times_at_once_makes_one_subscription(pg_client, pg_app):
    mailer = pg_app.container.mailer()
    s = shop(pg_client, mailer)
    ana = reader(pg_client, mailer)
    session = subscribe(pg_client, ana, s.site_id, s.tiers["Gold"]["id"]).json
    pg_app.container.payment_gateway().complete(session["checkout_url"].rsplit("/", 1)[-1])
    checkout = pg_app.container.checkout()
    gateway_id = session["checkout_url"].rsplit("/", 1)[-1]

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(lambda _: checkout.confirm(gateway_id), range(10)))
    assert {r.status.value for r in results} == {"COMPLETE"}
    assert len({r.result_id for r in results}) == 1
    with pg_app.container.uow() as uow:
        assert uow.reader_subscriptions.count(reader_id=ana.user["id"]) == 1
        assert uow.subscription_invoices.count(reader_id=ana.user["id"]) == 1
        assert uow.tiers.get(s.tiers["Gold"]["id"]).current_subscribers == 1


def test_a_code_capped_at_five_is_redeemed_five_times_by_thirty_readers(pg_client, pg_app):
    mailer = pg_app.container.mailer()
    s = shop(pg_client, mailer)
    made = pg_client.post(f"/api/v1/sites/{s.site_id}/discount-codes", headers=s.author.headers,
                          json={"code": "FIRST5", "kind": "PERCENT", "value": 30,
                                "max_redemptions": 5})
    assert made.status_code == 201, made.json
    readers = many_readers(pg_client, pg_app, 30)
    tier_id = s.tiers["Gold"]["id"]

    def redeem(who):
        return subscribe(pg_app.test_client(), who, s.site_id, tier_id, discount_code="first5")

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(redeem, readers))
    won = [a for a in answers if a.status_code == 201]
    assert len(won) == 5 and {a.json["amount"] for a in won} == {630}
    assert {(a.status_code, a.json["error"]) for a in answers if a.status_code != 201} == {
        (409, "code_exhausted")}
    for answer in won:
        pay(pg_client, answer.json)
    stats = pg_client.get(f"/api/v1/discount-codes/{made.json['id']}",
                          headers=s.author.headers).json
    assert stats["redemption_count"] == 5
    with pg_app.container.uow() as uow:
        assert uow.discount_redemptions.count(code_id=made.json["id"],
                                              status="CONFIRMED") == 5
        assert uow.reader_subscriptions.count(discount_code_id=made.json["id"]) == 5
