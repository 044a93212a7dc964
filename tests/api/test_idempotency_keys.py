"""The Idempotency-Key header on money-moving POSTs, over HTTP (a tip checkout as the
example): a retry with the key gets the first answer and opens no second checkout; the key
used for another body is refused; keys are per user; without the header nothing changes; a
4xx from the use case is replayed, a refused body and a 5xx are not kept; a key is free again
after 24 hours; bad keys are refused; the header is in the OpenAPI document."""

import pytest
from dependency_injector import providers

from ownverso.services.errors import Unavailable
from tests.support.paywall import API, Paywall

KEY = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"


@pytest.fixture
def wall(client):
    return Paywall.build(client)


def tip(wall, who: str, key: str | None = KEY, **body):
    headers = {**wall.headers(who), **({"Idempotency-Key": key} if key is not None else {})}
    return wall.client.post(f"{API}/checkout/tip", headers=headers,
                            json={"site_id": wall.site_id, "amount": 25000, "currency": "INR",
                                  **body})


def tip_checkouts(wall, user_id: str) -> int:
    with wall.container.uow() as uow:
        return uow.checkout_sessions.count(user_id=user_id, kind="TIP")


def test_a_retried_tip_with_the_key_gets_the_first_answer_and_one_checkout(wall):
    gia = wall.reader()
    first = tip(wall, gia, message="Thanks!")
    assert first.status_code == 201, first.json
    assert "Idempotent-Replayed" not in first.headers
    again = tip(wall, gia, message="Thanks!")
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json == first.json
    assert tip_checkouts(wall, gia) == 1

    # the same data serialized another way is the same request
    reordered = wall.client.post(
        f"{API}/checkout/tip", headers={**wall.headers(gia), "Idempotency-Key": KEY,
                                        "Content-Type": "application/json"},
        data='{ "message" : "Thanks!", "currency":"INR",\n "amount": 25000, '
             f'"site_id": "{wall.site_id}" }}')
    assert (reordered.status_code, reordered.json) == (201, first.json)
    assert tip_checkouts(wall, gia) == 1


def test_the_key_with_another_body_or_route_is_refused(wall):
    gia = wall.reader()
    assert tip(wall, gia).status_code == 201
    other = tip(wall, gia, amount=30000)
    assert other.status_code == 422
    assert other.json["error"] == "idempotency_key_reused"
    assert "Idempotency-Key" in other.json["errors"]["headers"]
    coins = wall.client.post(f"{API}/checkout/coins", json={"package_id": "nope"},
                             headers={**wall.headers(gia), "Idempotency-Key": KEY})
    assert (coins.status_code, coins.json["error"]) == (422, "idempotency_key_reused")
    assert tip_checkouts(wall, gia) == 1


def test_keys_belong_to_their_user_and_no_header_runs_every_time(wall):
    gia, ben = wall.reader(), wall.reader()
    mine, theirs = tip(wall, gia), tip(wall, ben)
    assert mine.status_code == theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs.headers
    assert mine.json["id"] != theirs.json["id"]
    assert (tip_checkouts(wall, gia), tip_checkouts(wall, ben)) == (1, 1)

    plain = [tip(wall, gia, key=None) for _ in range(2)]
    assert [p.status_code for p in plain] == [201, 201]
    assert plain[0].json["id"] != plain[1].json["id"]
    assert tip_checkouts(wall, gia) == 3


def test_a_refusal_of_the_use_case_is_replayed_but_a_refused_body_is_not_kept(wall):
    gia = wall.reader()
    refused = tip(wall, gia, amount=10)  # below the INR minimum
    assert (refused.status_code, refused.json["error"]) == (422, "amount_out_of_bounds")
    again = tip(wall, gia, amount=10)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert (again.status_code, again.json) == (422, refused.json)  # request_id included

    malformed = tip(wall, gia, key="other", amount="lots")
    assert malformed.status_code == 422 and "Idempotent-Replayed" not in malformed.headers
    fixed = tip(wall, gia, key="other")
    assert fixed.status_code == 201 and "Idempotent-Replayed" not in fixed.headers
    assert tip_checkouts(wall, gia) == 1


class FailingOnce:
    """The tip service, but its first call fails on our side."""

    def __init__(self, real, error: Exception):
        self.real, self.error = real, error

    def tip(self, **kwargs):
        error, self.error = self.error, None
        if error:
            raise error
        return self.real.tip(**kwargs)


@pytest.mark.parametrize("error", [
    Unavailable("The gateway is not answering.", code="gateway_unavailable"),
    RuntimeError("the database went away"),
])
def test_a_server_error_is_not_kept_so_the_retry_runs(wall, error):
    gia = wall.reader()
    failing = FailingOnce(wall.container.tips(), error)
    with wall.container.tips.override(providers.Object(failing)):
        failed = tip(wall, gia)
        assert failed.status_code in (500, 503)
        assert tip_checkouts(wall, gia) == 0
        retried = tip(wall, gia)
    assert retried.status_code == 201, retried.json
    assert "Idempotent-Replayed" not in retried.headers
    assert tip(wall, gia).headers["Idempotent-Replayed"] == "true"
    assert tip_checkouts(wall, gia) == 1


def test_a_key_is_free_again_after_24_hours(wall, clock):
    gia = wall.reader()
    first = tip(wall, gia)
    clock.advance(hours=23, minutes=59)
    assert tip(wall, gia, amount=30000).status_code == 422
    clock.advance(minutes=1)
    later = tip(wall, gia, amount=30000)
    assert later.status_code == 201 and "Idempotent-Replayed" not in later.headers
    assert later.json["id"] != first.json["id"] and later.json["amount"] == 30000
    assert tip_checkouts(wall, gia) == 2

    from ownverso.entrypoints.workers.jobs.idempotency import purge_expired_keys

    clock.advance(hours=24)
    assert purge_expired_keys() == 1
    assert tip(wall, gia).status_code == 201  # not a replay of a purged answer
    assert tip_checkouts(wall, gia) == 3


@pytest.mark.parametrize("key", ["", "x" * 256, "caf\u00e9", "a\tb"])
def test_invalid_keys_are_refused_and_nothing_runs(wall, key):
    gia = wall.reader()
    headers = {**wall.headers(gia), "Idempotency-Key": key}
    answer = wall.client.post(f"{API}/checkout/tip", headers=headers,
                              json={"site_id": wall.site_id, "amount": 25000,
                                    "currency": "INR"})
    assert (answer.status_code, answer.json["error"]) == (422, "invalid_idempotency_key")
    assert "Idempotency-Key" in answer.json["errors"]["headers"]
    assert tip_checkouts(wall, gia) == 0


def test_every_money_moving_route_documents_the_header(client):
    paths = client.get("/api/openapi.json").json["paths"]
    money = [("post", "/checkout/tip"), ("post", "/checkout/subscription"),
             ("post", "/sites/{site_id}/subscribe"), ("post", "/checkout/purchase"),
             ("post", "/purchases"), ("post", "/chapters/{chapter_id}/purchase"),
             ("post", "/checkout/coins"), ("post", "/sites/{site_id}/gift"),
             ("post", "/chapters/{chapter_id}/unlock"),
             ("post", "/chapters/{chapter_id}/unlock-with-coins"),
             ("post", "/purchases/{purchase_id}/refund-request"),
             ("post", "/sites/{site_id}/refund-requests/{request_id}/approve"),
             ("post", "/admin/refund-requests/{request_id}/approve"),
             ("patch", "/my-subscriptions/{subscription_id}"),
             ("post", "/admin/wallets/{user_id}/adjustments")]
    for method, path in money:
        parameters = paths[f"{API}{path}"][method].get("parameters", [])
        assert any(p["in"] == "header" and p["name"] == "Idempotency-Key"
                   for p in parameters), (method, path)
    assert not any(p.get("name") == "Idempotency-Key"
                   for p in paths[f"{API}/purchases"]["get"].get("parameters", []))
