"""Refund requests over HTTP: a reader asks for a bought chapter back, the author sees and
approves it (the sandbox refunds once, the purchase is REFUNDED, the chapter no longer
readable, the reader emailed); a declined request with its note; withdrawing; the window; bad
input; other readers and other authors; the administrators' routes; a list that costs the
same whatever its length."""

from dependency_injector import providers

from ownverso.domain.identity.values import UserRole
from tests.api.test_purchases import priced_chapter, product
from tests.support.memberships import pay
from tests.support.paywall import API, Paywall
from tests.support.sql_counter import count_statements


def bought_chapter(wall: Paywall, reader_id: str, price: int = 300) -> tuple[dict, str]:
    """A chapter the reader bought and paid for, and the purchase id."""
    chapter = priced_chapter(wall, price)
    opened = wall.client.post(f"{API}/chapters/{chapter['id']}/purchase",
                              headers=wall.headers(reader_id), json={})
    assert opened.status_code == 201, opened.json
    pay(wall.client, opened.json)
    return chapter, opened.json["purchase_id"]


def ask(wall: Paywall, reader_id: str, purchase_id: str, **body):
    body = {"reason": "NOT_AS_DESCRIBED", "message": "Not what the blurb said.", **body}
    return wall.client.post(f"{API}/purchases/{purchase_id}/refund-request",
                            headers=wall.headers(reader_id), json=body)


def decide(wall: Paywall, request_id: str, action: str, headers: dict | None = None,
           site_id: str | None = None, **body):
    site_id = site_id or wall.site_id
    return wall.client.post(f"{API}/sites/{site_id}/refund-requests/{request_id}/{action}",
                            headers=headers or wall.author, json=body)


def gateway(wall: Paywall):
    return wall.container.payment_gateway()


def email_of(wall: Paywall, user_id: str) -> str:
    with wall.container.uow() as uow:
        return uow.users.get(user_id).email


def test_an_approved_refund_gives_the_money_back_once_and_takes_the_chapter_back(client,
                                                                                 mailer):
    wall = Paywall.build(client)
    ana_id = wall.reader()
    chapter, purchase_id = bought_chapter(wall, ana_id)
    access = f"{API}/chapters/{chapter['id']}/access-check"
    assert client.get(access, headers=wall.headers(ana_id)).json["has_access"] is True

    filed = ask(wall, ana_id, purchase_id)
    assert filed.status_code == 201, filed.json
    request = filed.json
    assert (request["status"], request["amount"], request["currency"], request["reason"],
            request["chapter_id"]) == ("OPEN", 300, "INR", "NOT_AS_DESCRIBED", chapter["id"])
    again = ask(wall, ana_id, purchase_id)
    assert (again.status_code, again.json["error"]) == (409, "refund_request_open")
    mine = client.get(f"{API}/purchases/{purchase_id}/refund-request",
                      headers=wall.headers(ana_id))
    assert (mine.status_code, mine.json["id"]) == (200, request["id"])

    listed = client.get(f"{API}/sites/{wall.site_id}/refund-requests?status=OPEN",
                        headers=wall.author)
    assert listed.status_code == 200
    assert [(r["id"], r["message"]) for r in listed.json] == [
        (request["id"], "Not what the blurb said.")]
    assert listed.headers["X-Pagination"]

    approved = decide(wall, request["id"], "approve", note="Sorry about that.")
    assert approved.status_code == 200, approved.json
    assert (approved.json["status"], approved.json["review_note"]) == (
        "REFUNDED", "Sorry about that.")
    assert approved.json["gateway_refund_id"] and approved.json["refunded_at"]
    refunds = list(gateway(wall).refunds.values())
    assert [(r.id, r.amount) for r in refunds] == [(approved.json["gateway_refund_id"], 300)]

    purchase = client.get(f"{API}/purchases/{purchase_id}", headers=wall.headers(ana_id)).json
    assert purchase["status"] == "REFUNDED"
    check = client.get(access, headers=wall.headers(ana_id)).json
    assert (check["has_access"], check["needs_purchase"]) == (False, True)
    read = client.get(f"{API}/chapters/{chapter['id']}/read", headers=wall.headers(ana_id))
    assert "Four." not in str(read.json)
    message = mailer.last_to(email_of(wall, ana_id))
    assert "refund" in message.subject.lower() and "3.00 INR" in message.text

    twice = decide(wall, request["id"], "approve")
    assert (twice.status_code, twice.json["error"]) == (409, "refund_request_refunded")
    assert len(gateway(wall).refunds) == 1
    after = ask(wall, ana_id, purchase_id)
    assert (after.status_code, after.json["error"]) == (409, "purchase_not_refundable")


def test_a_refunded_product_stays_sold_and_leaves_the_library(client):
    wall = Paywall.build(client)
    pack = product(wall, total_quantity=2)
    ana_id = wall.reader()
    opened = client.post(f"{API}/purchases", headers=wall.headers(ana_id),
                         json={"product_id": pack["id"]})
    pay(client, opened.json)
    purchase_id = opened.json["purchase_id"]
    request = ask(wall, ana_id, purchase_id, reason="DOWNLOAD_PROBLEM").json
    assert request["product_id"] == pack["id"]
    assert decide(wall, request["id"], "approve").json["status"] == "REFUNDED"
    shown = client.get(f"{API}/sites/{wall.site_id}/products/{pack['id']}",
                       headers=wall.author).json
    assert (shown["sold_count"], shown["remaining"]) == (1, 1)
    mine = client.get(f"{API}/purchases?status=SUCCEEDED", headers=wall.headers(ana_id))
    assert mine.json == []


def test_a_declined_request_is_final_and_the_reader_hears_why(client, mailer):
    wall = Paywall.build(client)
    ana_id = wall.reader()
    chapter, purchase_id = bought_chapter(wall, ana_id)
    request = ask(wall, ana_id, purchase_id, reason="OTHER", message=None).json
    no_note = decide(wall, request["id"], "decline")
    assert no_note.status_code == 422 and "note" in no_note.json["errors"]["json"]
    declined = decide(wall, request["id"], "decline", note="You read all of it.")
    assert declined.status_code == 200, declined.json
    assert (declined.json["status"], declined.json["review_note"]) == (
        "DECLINED", "You read all of it.")
    assert "You read all of it." in mailer.last_to(email_of(wall, ana_id)).text
    assert gateway(wall).refunds == {}
    again = ask(wall, ana_id, purchase_id)
    assert (again.status_code, again.json["error"]) == (409, "refund_declined")
    late = decide(wall, request["id"], "approve")
    assert (late.status_code, late.json["error"]) == (409, "refund_request_declined")
    check = client.get(f"{API}/chapters/{chapter['id']}/access-check",
                       headers=wall.headers(ana_id)).json
    assert check["has_access"] is True


def test_a_reader_withdraws_and_may_ask_again(client):
    wall = Paywall.build(client)
    ana_id = wall.reader()
    _, purchase_id = bought_chapter(wall, ana_id)
    url = f"{API}/purchases/{purchase_id}/refund-request"
    assert client.get(url, headers=wall.headers(ana_id)).json["error"] == \
        "refund_request_not_found"
    first = ask(wall, ana_id, purchase_id, reason="ACCIDENTAL_PURCHASE").json
    withdrawn = client.delete(url, headers=wall.headers(ana_id))
    assert (withdrawn.status_code, withdrawn.json["status"]) == (200, "WITHDRAWN")
    twice = client.delete(url, headers=wall.headers(ana_id))
    assert (twice.status_code, twice.json["error"]) == (409, "refund_request_withdrawn")
    gone = decide(wall, first["id"], "approve")
    assert (gone.status_code, gone.json["error"]) == (409, "refund_request_withdrawn")
    second = ask(wall, ana_id, purchase_id, reason="DUPLICATE")
    assert second.status_code == 201, second.json
    assert client.get(url, headers=wall.headers(ana_id)).json["id"] == second.json["id"]


def test_the_window_closes_thirty_days_after_the_purchase(client, clock):
    wall = Paywall.build(client)
    ana_id = wall.reader()
    _, purchase_id = bought_chapter(wall, ana_id)
    clock.advance(days=31)
    late = ask(wall, ana_id, purchase_id)
    assert (late.status_code, late.json["error"]) == (409, "refund_window_passed")
    assert "purchase_id" in late.json["errors"]["json"]


def test_bad_input_is_refused_with_its_fields(client):
    wall = Paywall.build(client)
    ana_id = wall.reader()
    _, purchase_id = bought_chapter(wall, ana_id)
    for body, field in (({"reason": "BORED"}, "reason"), ({"message": "x"}, "reason"),
                        ({"reason": "OTHER", "message": "x" * 2001}, "message"),
                        ({"reason": "OTHER", "extra": 1}, "extra")):
        sent = client.post(f"{API}/purchases/{purchase_id}/refund-request",
                           headers=wall.headers(ana_id), json=body)
        assert sent.status_code == 422, sent.json
        assert field in sent.json["errors"]["json"], sent.json
    listed = client.get(f"{API}/sites/{wall.site_id}/refund-requests?status=NOPE",
                        headers=wall.author)
    assert listed.status_code == 422 and "status" in listed.json["errors"]["query"]


def test_other_readers_and_other_authors_find_nothing(client):
    wall = Paywall.build(client)
    ana_id, bob_id = wall.reader(), wall.reader()
    _, purchase_id = bought_chapter(wall, ana_id)
    request = ask(wall, ana_id, purchase_id).json
    url = f"{API}/purchases/{purchase_id}/refund-request"
    for answer in (ask(wall, bob_id, purchase_id),
                   client.get(url, headers=wall.headers(bob_id)),
                   client.delete(url, headers=wall.headers(bob_id))):
        assert (answer.status_code, answer.json["error"]) == (404, "purchase_not_found")
    assert client.get(url).status_code == 401

    other = Paywall.build(client)
    theirs = decide(wall, request["id"], "approve", headers=other.author,
                    site_id=other.site_id)
    assert (theirs.status_code, theirs.json["error"]) == (404, "refund_request_not_found")
    for answer in (decide(wall, request["id"], "approve", headers=other.author),
                   decide(wall, request["id"], "decline", headers=other.author, note="No"),
                   client.get(f"{API}/sites/{wall.site_id}/refund-requests",
                              headers=other.author)):
        assert answer.status_code == 404, answer.json
    assert client.get(f"{API}/sites/{other.site_id}/refund-requests",
                      headers=other.author).json == []
    reader = client.get(f"{API}/admin/refund-requests", headers=wall.headers(ana_id))
    assert (reader.status_code, reader.json["error"]) == (403, "admin_required")
    assert client.get(url, headers=wall.headers(ana_id)).json["status"] == "OPEN"
    assert gateway(wall).refunds == {}


def test_administrators_list_approve_and_decline_any_site(client):
    wall = Paywall.build(client)
    admin = wall.headers(wall.reader(role=UserRole.ADMIN))
    ana_id = wall.reader()
    chapter, first = bought_chapter(wall, ana_id)
    _, second = bought_chapter(wall, ana_id)
    one = ask(wall, ana_id, first).json
    two = ask(wall, ana_id, second).json
    listed = client.get(f"{API}/admin/refund-requests?status=OPEN&site_id={wall.site_id}",
                        headers=admin)
    assert {r["id"] for r in listed.json} == {one["id"], two["id"]}
    approved = client.post(f"{API}/admin/refund-requests/{one['id']}/approve",
                           headers=admin, json={})
    assert (approved.status_code, approved.json["status"]) == (200, "REFUNDED")
    declined = client.post(f"{API}/admin/refund-requests/{two['id']}/decline",
                           headers=admin, json={"note": "Duplicate of a refunded one."})
    assert (declined.status_code, declined.json["status"]) == (200, "DECLINED")
    missing = client.post(f"{API}/admin/refund-requests/rfr_nope/approve", headers=admin,
                          json={})
    assert (missing.status_code, missing.json["error"]) == (404, "refund_request_not_found")
    assert len(gateway(wall).refunds) == 1
    assert client.get(f"{API}/chapters/{chapter['id']}/access-check",
                      headers=wall.headers(ana_id)).json["has_access"] is False


def test_a_site_list_costs_the_same_whatever_its_length(pg_client):
    client = pg_client
    wall = Paywall.build(client)
    engine = client.application.container.engine()

    def one_more() -> None:
        ana_id = wall.reader()
        _, purchase_id = bought_chapter(wall, ana_id)
        assert ask(wall, ana_id, purchase_id).status_code == 201

    def statements() -> int:
        headers = wall.author
        with count_statements(engine) as seen:
            response = client.get(f"{API}/sites/{wall.site_id}/refund-requests",
                                  headers=headers)
            assert response.status_code == 200 and response.json
        return len(seen)

    one_more()
    first = statements()
    for _ in range(4):
        one_more()
    assert statements() == first
    assert len(client.get(f"{API}/sites/{wall.site_id}/refund-requests",
                          headers=wall.author).json) == 5


def test_a_gateway_that_does_not_answer_leaves_the_request_open_to_retry(client, monkeypatch):
    wall = Paywall.build(client)
    ana_id = wall.reader()
    chapter, purchase_id = bought_chapter(wall, ana_id)
    request = ask(wall, ana_id, purchase_id).json
    sandbox = gateway(wall)
    refund = sandbox.refund

    def down(**kwargs):
        raise ConnectionError("timeout")

    monkeypatch.setattr(sandbox, "refund", down)
    failed = decide(wall, request["id"], "approve")
    assert (failed.status_code, failed.json["error"]) == (503, "gateway_unavailable")
    shown = client.get(f"{API}/purchases/{purchase_id}/refund-request",
                       headers=wall.headers(ana_id)).json
    assert (shown["status"], shown["failure_code"]) == ("OPEN", "gateway_unavailable")
    assert client.get(f"{API}/purchases/{purchase_id}",
                      headers=wall.headers(ana_id)).json["status"] == "SUCCEEDED"

    monkeypatch.setattr(sandbox, "refund", refund)
    retried = decide(wall, request["id"], "approve")
    assert (retried.status_code, retried.json["status"], retried.json["failure_code"]) == (
        200, "REFUNDED", None)
    assert len(sandbox.refunds) == 1
    assert client.get(f"{API}/chapters/{chapter['id']}/access-check",
                      headers=wall.headers(ana_id)).json["has_access"] is False


def test_the_revokers_take_back_what_the_purchase_granted(client):
    wall = Paywall.build(client)
    ana_id = wall.reader()
    _, purchase_id = bought_chapter(wall, ana_id)
    request = ask(wall, ana_id, purchase_id).json
    seen = []

    class Recorder:
        def revoke_for_purchase(self, uow, purchase_id, *, reason, actor_id, now):
            seen.append((purchase_id, uow.purchases.get(purchase_id).status, reason, actor_id))

    with wall.container.purchase_revokers.override(
            providers.List(providers.Object(Recorder()))):
        assert decide(wall, request["id"], "approve").status_code == 200
    assert seen == [(purchase_id, "REFUNDED", "refunded", wall.author_id)]
