"""Refunding a payment over HTTP: the author (or an administrator) gives back all of a product's
payment and the download and license key stop; a partial refund takes nothing back and a
second one may give back the rest; a chapter stops being readable; a coin package's coins
leave the wallet (never below zero); a subscription ends; nobody else may refund; a gateway
that does not answer is 503 and the retry refunds once; the refund status lists them."""

from dependency_injector import providers

from ownverso.domain.identity.values import UserRole
from ownverso.domain.payments.refund import PaymentRefundStatus
from tests.api.test_downloads import download
from tests.api.test_licenses import bought as licensed
from tests.api.test_payments import paid, subscribed
from tests.api.test_purchases import buy, product
from tests.api.test_refund_requests import bought_chapter
from tests.support.coins import add_package, admin_headers, buy_coins, coin_chapter, unlock
from tests.support.memberships import run_billing
from tests.support.paywall import API, Paywall


def payment_of(wall: Paywall, **where) -> str:
    with wall.container.uow() as uow:
        return uow.payments.get_by(**where).id


def refund(wall: Paywall, payment_id: str, headers: dict | None = None, **body):
    return wall.client.post(f"{API}/payments/{payment_id}/refund",
                            headers=headers or wall.author,
                            json={"reason": "Asked by the reader", **body})


def status_of(wall: Paywall, payment_id: str, headers: dict | None = None):
    return wall.client.get(f"{API}/payments/{payment_id}/refund-status",
                           headers=headers or wall.author)


def gateway_refunds(wall: Paywall) -> list[tuple[str, int]]:
    return sorted((key, r.amount) for key, r in
                  wall.container.payment_gateway().refunds.items())


def test_a_full_refund_of_a_product_stops_its_download_and_its_license(client):
    wall = Paywall.build(client)
    pack = product(wall, total_quantity=None, is_licensed=True, license_type="PERSONAL")
    ana_id = wall.reader()
    ana = wall.headers(ana_id)
    purchase = licensed(wall, ana_id, pack["id"])
    assert download(client, purchase["id"], ana).status_code == 200
    payment_id = payment_of(wall, purchase_id=purchase["id"])

    done = refund(wall, payment_id)
    assert done.status_code == 201, done.json
    assert (done.json["status"], done.json["amount"], done.json["sequence"],
            done.json["currency"]) == ("SUCCEEDED", 499, 1, "INR")
    assert done.json["gateway_refund_id"] and done.json["completed_at"]
    assert gateway_refunds(wall) == [(f"refund:payment:{payment_id}:1", 499)]

    assert client.get(f"{API}/purchases/{purchase['id']}", headers=ana).json["status"] == \
        "REFUNDED"
    assert download(client, purchase["id"], ana).status_code == 403
    key = purchase["license"]["key"]
    checked = client.post(f"{API}/licenses/verify", json={"key": key})
    assert checked.json["valid"] is False
    shown = client.get(f"{API}/payments/{payment_id}", headers=wall.author).json
    assert (shown["status"], shown["refunded_amount"]) == ("REFUNDED", 499)
    again = refund(wall, payment_id)
    assert (again.status_code, again.json["error"]) == (409, "nothing_to_refund")


def test_a_partial_refund_takes_nothing_back_and_a_second_gives_back_the_rest(client):
    wall = Paywall.build(client)
    pack = product(wall, total_quantity=None)
    ana = wall.headers(wall.reader())
    opened = buy(client, ana, product_id=pack["id"])
    paid(client, ana, opened)
    purchase_id = opened.json["purchase_id"]
    payment_id = payment_of(wall, purchase_id=purchase_id)

    too_much = refund(wall, payment_id, amount=500)
    assert (too_much.status_code, too_much.json["error"]) == (422, "refund_exceeds_payment")
    part = refund(wall, payment_id, amount=200)
    assert (part.status_code, part.json["status"]) == (201, "SUCCEEDED")
    assert client.get(f"{API}/purchases/{purchase_id}", headers=ana).json["status"] == \
        "SUCCEEDED"
    assert download(client, purchase_id, ana).status_code == 200
    status = status_of(wall, payment_id).json
    assert (status["payment_status"], status["refunded_amount"],
            status["refundable_amount"]) == ("PARTIALLY_REFUNDED", 200, 299)

    over = refund(wall, payment_id, amount=300)
    assert (over.status_code, over.json["error"]) == (422, "refund_exceeds_payment")
    rest = refund(wall, payment_id)
    assert (rest.status_code, rest.json["amount"], rest.json["sequence"]) == (201, 299, 2)
    assert gateway_refunds(wall) == sorted([(f"refund:payment:{payment_id}:1", 200),
                                            (f"refund:payment:{payment_id}:2", 299)])
    status = status_of(wall, payment_id).json
    assert (status["payment_status"], status["refundable_amount"]) == ("REFUNDED", 0)
    assert [(r["sequence"], r["amount"], r["status"]) for r in status["refunds"]] == [
        (1, 200, "SUCCEEDED"), (2, 299, "SUCCEEDED")]
    assert client.get(f"{API}/purchases/{purchase_id}", headers=ana).json["status"] == \
        "REFUNDED"


def test_a_refunded_chapter_is_no_longer_readable(client):
    wall = Paywall.build(client)
    ana_id = wall.reader()
    chapter, purchase_id = bought_chapter(wall, ana_id)
    access = f"{API}/chapters/{chapter['id']}/access-check"
    assert client.get(access, headers=wall.headers(ana_id)).json["has_access"] is True
    done = refund(wall, payment_of(wall, purchase_id=purchase_id))
    assert done.status_code == 201, done.json
    assert client.get(access, headers=wall.headers(ana_id)).json["has_access"] is False
    with wall.container.uow() as uow:
        [held] = uow.chapter_entitlements.list(source_id=purchase_id)
        assert held.state == "REFUNDED"


def test_a_refunded_coin_package_takes_its_coins_back_never_below_zero(client):
    wall = Paywall.build(client)
    admin = admin_headers(wall)
    package = add_package(wall, admin)  # 100 coins + 20 bonus for 9900 INR
    ana = wall.headers(wall.reader())
    buy_coins(client, ana, package["id"])
    chapter = coin_chapter(wall, 50)
    assert unlock(client, ana, chapter["id"]).status_code in (200, 201)
    payment_id = payment_of(wall, type="COINS")

    by_nobody = refund(wall, payment_id)  # the platform sold it: no author
    assert by_nobody.status_code == 404
    done = refund(wall, payment_id, headers=admin)
    assert done.status_code == 201, done.json
    assert (done.json["status"], done.json["coins_shortfall"]) == ("SUCCEEDED", 50)
    wallet = client.get(f"{API}/wallet", headers=ana).json
    assert (wallet["paid_balance"], wallet["bonus_balance"]) == (0, 0)
    [last] = client.get(f"{API}/wallet/ledger", headers=ana).json[:1]
    assert (last["kind"], last["amount"]) == ("REFUND", -70)


def test_a_refunded_subscription_ends_now(client):
    wall = Paywall.build(client)
    tier = wall.tier("Silver", 300)
    ana = wall.headers(wall.reader())
    sub_id = subscribed(wall, ana, tier)
    done = refund(wall, payment_of(wall, subscription_id=sub_id))
    assert done.status_code == 201, done.json
    sub = client.get(f"{API}/my-subscriptions/{sub_id}", headers=ana).json
    assert sub["status"] == "EXPIRED" and sub["auto_renew"] is False
    again = wall.client.post(f"{API}/sites/{wall.site_id}/subscribe", headers=ana,
                             json={"tier_id": tier})
    assert again.status_code == 201, again.json


def test_a_renewal_charged_off_session_is_refunded_through_its_charge(client, clock):
    wall = Paywall.build(client)
    tier = wall.tier("Silver", 300)
    ana_id = wall.reader()
    sub_id = subscribed(wall, wall.headers(ana_id), tier)
    clock.advance(days=32)
    assert run_billing(client)["renewed"] == 1
    with wall.container.uow() as uow:
        renewal = uow.payments.get_by(subscription_id=sub_id, checkout_session_id=None)
    done = refund(wall, renewal.id, amount=100)
    assert done.status_code == 201, done.json
    assert (done.json["status"], done.json["amount"]) == ("SUCCEEDED", 100)
    sandbox = wall.container.payment_gateway()
    assert sandbox.refunded[renewal.gateway_payment_id] == 100  # the charge, not a checkout
    rest = refund(wall, renewal.id)
    assert (rest.status_code, rest.json["amount"]) == (201, 200)
    sub = client.get(f"{API}/my-subscriptions/{sub_id}", headers=wall.headers(ana_id)).json
    assert sub["status"] == "EXPIRED"


def test_only_the_author_or_an_administrator_refunds(client):
    wall, other = Paywall.build(client), Paywall.build(client)
    pack = product(wall, total_quantity=None)
    ana = wall.headers(wall.reader())
    opened = buy(client, ana, product_id=pack["id"])
    paid(client, ana, opened)
    payment_id = payment_of(wall, purchase_id=opened.json["purchase_id"])

    assert refund(wall, payment_id, headers=other.author).status_code == 404
    assert refund(wall, payment_id, headers=ana).status_code == 404
    assert status_of(wall, payment_id, headers=other.author).status_code == 404
    assert status_of(wall, payment_id, headers=ana).status_code == 200
    assert refund(wall, "pay_nope").status_code == 404
    no_reason = client.post(f"{API}/payments/{payment_id}/refund", headers=wall.author,
                            json={})
    assert no_reason.status_code == 422 and "reason" in no_reason.json["errors"]["json"]
    bad = refund(wall, payment_id, amount="lots")
    assert bad.status_code == 422 and "amount" in bad.json["errors"]["json"]
    admin = wall.headers(wall.reader(role=UserRole.ADMIN))
    done = refund(wall, payment_id, headers=admin, amount=99)
    assert (done.status_code, done.json["amount"]) == (201, 99)


def test_a_gateway_that_does_not_answer_is_retried_with_the_same_key(client, monkeypatch):
    wall = Paywall.build(client)
    pack = product(wall, total_quantity=None)
    ana = wall.headers(wall.reader())
    opened = buy(client, ana, product_id=pack["id"])
    paid(client, ana, opened)
    payment_id = payment_of(wall, purchase_id=opened.json["purchase_id"])
    sandbox = wall.container.payment_gateway()
    answer = sandbox.refund

    def down(**kwargs):
        answer(**kwargs)  # the money went back, the answer was lost
        raise ConnectionError("timeout")

    with wall.container.payment_gateway.override(providers.Object(sandbox)):
        monkeypatch.setattr(sandbox, "refund", down)
        lost = refund(wall, payment_id)
        assert (lost.status_code, lost.json["error"]) == (503, "gateway_unavailable")
        [pending] = status_of(wall, payment_id).json["refunds"]
        assert (pending["status"], pending["failure_code"]) == ("PENDING",
                                                                "gateway_unavailable")
        monkeypatch.setattr(sandbox, "refund", answer)
        retried = refund(wall, payment_id, amount=10)  # the pending refund comes first
        assert retried.status_code == 201, retried.json
        assert (retried.json["id"], retried.json["amount"], retried.json["status"]) == (
            pending["id"], 499, "SUCCEEDED")
    assert gateway_refunds(wall) == [(f"refund:payment:{payment_id}:1", 499)]


def test_reconciliation_asks_again_for_a_refund_whose_answer_was_lost(client, monkeypatch):
    wall = Paywall.build(client)
    pack = product(wall, total_quantity=None)
    bought = []
    for _ in range(2):
        reader = wall.headers(wall.reader())
        opened = buy(client, reader, product_id=pack["id"])
        paid(client, reader, opened)
        bought.append(payment_of(wall, purchase_id=opened.json["purchase_id"]))
    sandbox = wall.container.payment_gateway()
    answer = sandbox.refund

    def down(**kwargs):
        answer(**kwargs)  # the money went back, the answer was lost
        raise ConnectionError("timeout")

    clock, reconciliation = wall.container.clock(), wall.container.reconciliation()
    with wall.container.payment_gateway.override(providers.Object(sandbox)):
        monkeypatch.setattr(sandbox, "refund", down)
        assert refund(wall, bought[0]).status_code == 503
        clock.advance(hours=25)  # older than the gateway keeps idempotency keys
        assert refund(wall, bought[1]).status_code == 503
        monkeypatch.setattr(sandbox, "refund", answer)
        clock.advance(minutes=1)

        first = reconciliation.run()
        second = reconciliation.run()

    [lost] = status_of(wall, bought[1]).json["refunds"]
    assert (lost["status"], lost["amount"]) == ("SUCCEEDED", 499)
    assert status_of(wall, bought[1]).json["payment_status"] == "REFUNDED"
    assert (first.refunds_settled, second.counts()["refunds_settled"]) == ([lost["id"]], 0)
    [old] = status_of(wall, bought[0]).json["refunds"]
    assert old["status"] == "PENDING"  # left to its author: the key may be forgotten
    assert gateway_refunds(wall) == sorted(
        [(f"refund:payment:{bought[0]}:1", 499), (f"refund:payment:{bought[1]}:1", 499)])


def test_a_pending_answer_waits_for_the_gateway_to_complete_it(client, monkeypatch):
    wall = Paywall.build(client)
    pack = product(wall, total_quantity=None)
    ana = wall.headers(wall.reader())
    opened = buy(client, ana, product_id=pack["id"])
    paid(client, ana, opened)
    purchase_id = opened.json["purchase_id"]
    payment_id = payment_of(wall, purchase_id=purchase_id)
    sandbox = wall.container.payment_gateway()
    answer = sandbox.refund

    def later(**kwargs):
        made = answer(**kwargs)
        return type(made)(id=made.id, amount=made.amount, status="pending")

    with wall.container.payment_gateway.override(providers.Object(sandbox)):
        monkeypatch.setattr(sandbox, "refund", later)
        waiting = refund(wall, payment_id)
    assert (waiting.status_code, waiting.json["status"]) == (201, "PENDING")
    busy = refund(wall, payment_id)
    assert (busy.status_code, busy.json["error"]) == (409, "refund_in_progress")
    assert client.get(f"{API}/purchases/{purchase_id}", headers=ana).json["status"] == \
        "SUCCEEDED"

    service = wall.container.payment_refunds()
    done = service.complete_refund(refund_id=waiting.json["id"], gateway_status="succeeded",
                                   gateway_refund_id=waiting.json["gateway_refund_id"])
    assert done.status == PaymentRefundStatus.SUCCEEDED
    again = service.complete_refund(refund_id=waiting.json["id"], gateway_status="failed")
    assert again.status == PaymentRefundStatus.SUCCEEDED
    assert client.get(f"{API}/purchases/{purchase_id}", headers=ana).json["status"] == \
        "REFUNDED"
    assert status_of(wall, payment_id).json["payment_status"] == "REFUNDED"
