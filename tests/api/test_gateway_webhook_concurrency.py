"""Stripe's two "paid" events for one checkout (``checkout.session.completed`` and
``.async_payment_succeeded``: two event ids), each delivered 25 times at once and 10 more
times in sequence to the real handlers on Postgres: every answer is 200, two events are
stored and processed, and the reader has one payment and one active subscription."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.api.test_gateway_payments import WHSEC, _raw, gateway_checkout
from tests.contract.gateway_harness import StripeHarness
from tests.contract.test_webhook_verifiers import signed_stripe
from tests.support.memberships import GOLD, reader, shop, subscribe

API = "/api/v1"
AT_ONCE, THEN = 25, 10
PAID = ("checkout.session.completed", "checkout.session.async_payment_succeeded")


@pytest.mark.postgres
def test_two_paid_events_delivered_in_parallel_fulfil_the_checkout_once(
        pg_app, pg_client, stripe_standin):
    stripe_standin.reset()
    container = pg_app.container
    mailer, clock = container.mailer(), container.clock()
    author_shop = shop(pg_client, mailer, GOLD)
    headers = author_shop.author.headers
    for path, body in (("connect", {"account_id": "acct_1AbCdEfGhIjKlMnO",
                                    "secret_key": stripe_standin.secret_key}),
                       ("webhook-secret", {"webhook_secret": WHSEC})):
        assert pg_client.post(f"{API}/payment-gateway/stripe/{path}", headers=headers,
                              json=body).status_code == 200
    fan = reader(pg_client, mailer)
    session = subscribe(pg_client, fan, author_shop.site_id,
                        author_shop.tiers["Gold"]["id"]).json
    checkout_id = gateway_checkout(pg_client, session["id"])
    harness = StripeHarness(stripe_standin)
    harness.pay(checkout_id)
    intent = harness.gateway.get_checkout(checkout_id).payment_ref
    url = f"{API}/webhooks/stripe/{author_shop.author.user['id']}"

    def delivery(n: int) -> tuple[bytes, dict]:
        body = _raw({"id": f"evt_paid_{n % 2}", "object": "event", "type": PAID[n % 2],
                     "created": int(clock.now().timestamp()), "data": {"object": {
                         "id": checkout_id, "object": "checkout.session",
                         "payment_intent": intent, "amount_total": 900, "currency": "inr",
                         "status": "complete", "payment_status": "paid"}}})
        return body, {"Content-Type": "application/json",
                      **signed_stripe(body, secret=WHSEC, at=clock.now())}

    start = threading.Barrier(2 * AT_ONCE)

    def deliver(n: int):
        body, signed = delivery(n)
        start.wait()
        return pg_app.test_client().post(url, data=body, headers=signed)

    with ThreadPoolExecutor(max_workers=2 * AT_ONCE) as pool:
        answers = list(pool.map(deliver, range(2 * AT_ONCE)))
    answers += [pg_client.post(url, data=body, headers=signed)
                for body, signed in (delivery(n) for n in range(2 * THEN))]

    assert [a.status_code for a in answers] == [200] * len(answers), [
        a.json for a in answers if a.status_code != 200]
    with container.uow() as uow:
        events = uow.webhook_events.list()
        assert sorted((e.event_type, e.status.value) for e in events) == sorted(
            (t, "PROCESSED") for t in PAID)
        [payment] = uow.payments.list(reader_id=fan.user["id"])
        [sub] = uow.reader_subscriptions.list(reader_id=fan.user["id"])
    assert (payment.status.value, payment.gross_amount, payment.gateway) == (
        "SUCCEEDED", 900, "stripe")
    assert sub.status.value == "ACTIVE"
    done = pg_client.get(f"{API}/checkout/session/{session['id']}", headers=fan.headers).json
    assert (done["status"], done["result_id"]) == ("COMPLETE", sub.id)
