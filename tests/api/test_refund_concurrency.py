"""Approving one refund request ten times at once on Postgres: one approval asks the gateway
(one refund at the sandbox, the purchase REFUNDED once, the chapter entitlement ended), the other
nine are 409 and change nothing."""

from concurrent.futures import ThreadPoolExecutor

from tests.api.test_refund_requests import ask, bought_chapter
from tests.support.paywall import API, Paywall


def test_ten_concurrent_approvals_refund_once(pg_client, pg_app, monkeypatch):
    wall = Paywall.build(pg_client)
    ana_id = wall.reader()
    chapter, purchase_id = bought_chapter(wall, ana_id)
    request = ask(wall, ana_id, purchase_id).json
    url = f"{API}/sites/{wall.site_id}/refund-requests/{request['id']}/approve"
    authors = [wall.author for _ in range(10)]
    gateway = pg_app.container.payment_gateway()
    before, calls = len(gateway.refunds), []
    refund = gateway.refund

    def counted(**kwargs):
        calls.append(kwargs)
        return refund(**kwargs)

    monkeypatch.setattr(gateway, "refund", counted)

    def approve(headers):
        return pg_app.test_client().post(url, headers=headers, json={})

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(approve, authors))

    assert sorted(a.status_code for a in answers) == [200] + [409] * 9, [
        a.json for a in answers]
    assert {a.json["error"] for a in answers if a.status_code == 409} <= {
        "refund_request_approved", "refund_request_refunded"}
    assert len(gateway.refunds) == before + 1
    assert [c["idempotency_key"] for c in calls] == [f"refund:purchase:{purchase_id}"]
    assert gateway.refunds[f"refund:purchase:{purchase_id}"].amount == 300
    with pg_app.container.uow() as uow:
        assert uow.purchases.get(purchase_id).status == "REFUNDED"
        assert uow.refund_requests.get(request["id"]).status == "REFUNDED"
        held = uow.chapter_entitlements.list(user_id=ana_id, chapter_id=chapter["id"])
        assert [e.state for e in held] == ["REFUNDED"]
    check = pg_client.get(f"{API}/chapters/{chapter['id']}/access-check",
                          headers=wall.headers(ana_id)).json
    assert check["has_access"] is False
