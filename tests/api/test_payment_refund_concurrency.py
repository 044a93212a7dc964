"""Refunding one payment in full ten times at once on Postgres: one refund is made (one call
to the gateway, the payment REFUNDED once, the chapter entitlement ended), the other nine are
409 and change nothing."""

from concurrent.futures import ThreadPoolExecutor

from tests.api.test_refund_requests import bought_chapter
from tests.support.paywall import API, Paywall


def test_ten_concurrent_full_refunds_refund_once(pg_client, pg_app, monkeypatch):
    wall = Paywall.build(pg_client)
    ana_id = wall.reader()
    chapter, purchase_id = bought_chapter(wall, ana_id)
    with pg_app.container.uow() as uow:
        payment_id = uow.payments.get_by(purchase_id=purchase_id).id
    url = f"{API}/payments/{payment_id}/refund"
    gateway = pg_app.container.payment_gateway()
    calls = []
    answer = gateway.refund

    def counted(**kwargs):
        calls.append(kwargs)
        return answer(**kwargs)

    monkeypatch.setattr(gateway, "refund", counted)

    def refund(_):
        return pg_app.test_client().post(url, headers=wall.author,
                                         json={"reason": "Duplicate charge"})

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(refund, range(10)))

    assert sorted(a.status_code for a in answers) == [201] + [409] * 9, [
        a.json for a in answers]
    assert {a.json["error"] for a in answers if a.status_code == 409} <= {
        "refund_in_progress", "nothing_to_refund"}
    assert [c["idempotency_key"] for c in calls] == [f"refund:payment:{payment_id}:1"]
    with pg_app.container.uow() as uow:
        payment = uow.payments.get(payment_id)
        assert (payment.status, payment.refunded_amount) == ("REFUNDED", 300)
        assert [r.status for r in uow.payment_refunds.list(payment_id=payment_id)] == [
            "SUCCEEDED"]
        held = uow.chapter_entitlements.list(user_id=ana_id, chapter_id=chapter["id"])
        assert [e.state for e in held] == ["REFUNDED"]
