"""Idempotency keys under concurrent retries on Postgres: ten identical tip POSTs sent at
once with one key open exactly one checkout; every other answer is the first one replayed or
409 idempotency_request_in_progress, never a 5xx, and a later retry gets the first answer."""

from concurrent.futures import ThreadPoolExecutor

from tests.support.paywall import API, Paywall

KEY = "tip-2026-12-03-0001"


def test_ten_concurrent_retries_with_one_key_open_one_checkout(pg_client, pg_app):
    wall = Paywall.build(pg_client)
    gia = wall.reader()
    headers = {**wall.headers(gia), "Idempotency-Key": KEY}
    body = {"site_id": wall.site_id, "amount": 25000, "currency": "INR"}

    def one(_):
        return pg_app.test_client().post(f"{API}/checkout/tip", headers=headers, json=body)

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(one, range(10)))

    statuses = sorted(a.status_code for a in answers)
    assert set(statuses) <= {201, 409}, [a.json for a in answers]
    made = [a for a in answers if a.status_code == 201]
    assert made and len({a.json["id"] for a in made}) == 1
    assert sum("Idempotent-Replayed" not in a.headers for a in made) == 1
    assert {a.json["error"] for a in answers if a.status_code == 409} <= {
        "idempotency_request_in_progress"}
    with pg_app.container.uow() as uow:
        assert uow.checkout_sessions.count(user_id=gia, kind="TIP") == 1

    later = pg_client.post(f"{API}/checkout/tip", headers=headers, json=body)
    assert (later.status_code, later.json) == (201, made[0].json)
    assert later.headers["Idempotent-Replayed"] == "true"
    with pg_app.container.uow() as uow:
        assert uow.checkout_sessions.count(user_id=gia, kind="TIP") == 1
        assert uow.idempotency_records.count(user_id=gia) == 1
