"""Recording under concurrent delivery on Postgres: a paid checkout confirmed ten times at
once (the sandbox button, polls, webhooks) leaves one payment with one SUCCEEDED line."""

from concurrent.futures import ThreadPoolExecutor

from tests.support.memberships import GOLD, reader, shop, subscribe


def test_a_checkout_confirmed_ten_times_at_once_records_one_payment(pg_client, pg_app):
    mailer = pg_app.container.mailer()
    s = shop(pg_client, mailer, GOLD)
    ana = reader(pg_client, mailer)
    session = subscribe(pg_client, ana, s.site_id, s.tiers["Gold"]["id"]).json
    gateway_id = session["checkout_url"].rsplit("/", 1)[-1]
    pg_app.container.payment_gateway().complete(gateway_id)
    checkout = pg_app.container.checkout()

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(lambda _: checkout.confirm(gateway_id), range(10)))
    assert {r.status.value for r in results} == {"COMPLETE"}
    checkout.confirm(gateway_id)  # and once more, late
    with pg_app.container.uow() as uow:
        [payment] = uow.payments.list(reader_id=ana.user["id"])
        events = uow.payment_events.list(payment_id=payment.id, order_by=("sequence",))
    assert (payment.status.value, payment.gross_amount, payment.gateway_payment_id,
            payment.subscription_id) == ("SUCCEEDED", 900, gateway_id, results[0].result_id)
    assert [(e.sequence, e.new_status.value) for e in events] == [(1, "PENDING"),
                                                                  (2, "SUCCEEDED")]
