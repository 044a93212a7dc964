"""Purchases over HTTP: a limited product bought through the sandbox (PENDING -> SUCCEEDED,
sold_count, my purchases), a chapter bought singly and read with no subscription, a discount
code on a chapter and on a product, an unpaid checkout returning its unit, sold out, and the
refusals (own item, already owned, not for sale, someone else's purchase)."""

import io

from tests.support.media import PDF
from tests.support.memberships import pay
from tests.support.paywall import API, Paywall
from tests.support.sql_counter import count_statements

PACK = {"name": "Wallpaper pack", "product_type": "WALLPAPER_PACK", "price": 499,
        "currency": "INR", "total_quantity": 2, "max_downloads": 3}


def product(wall: Paywall, **fields) -> dict:
    sent = wall.client.post(f"{API}/media/upload", headers=wall.author,
                            content_type="multipart/form-data",
                            data={"file": (io.BytesIO(PDF), "pack.pdf", "application/pdf")})
    assert sent.status_code == 201, sent.json
    made = wall.client.post(f"{API}/sites/{wall.site_id}/products", headers=wall.author,
                            json={**PACK, "file_media_id": sent.json["id"], **fields})
    assert made.status_code == 201, made.json
    return made.json


def priced_chapter(wall: Paywall, price: int = 300) -> dict:
    chapter = wall.chapter(content="One.\n\nTwo.\n\nThree.\n\nFour.")
    wall.set_access(chapter["id"], access_level="SUBSCRIBERS", price=price)
    return chapter


def buy(client, headers, **body):
    return client.post(f"{API}/purchases", headers=headers, json=body)


def sold(wall: Paywall, product_id: str) -> dict:
    return wall.client.get(f"{API}/sites/{wall.site_id}/products/{product_id}",
                           headers=wall.author).json


def test_a_reader_buys_a_limited_product_through_the_sandbox(client):
    wall = Paywall.build(client)
    pack = product(wall)
    ana = wall.headers(wall.reader())
    opened = buy(client, ana, product_id=pack["id"])
    assert opened.status_code == 201, opened.json
    session = opened.json
    assert (session["kind"], session["status"], session["amount"], session["item_type"]) == (
        "PURCHASE", "OPEN", 499, "PRODUCT")
    purchase_id = session["purchase_id"]
    pending = client.get(f"{API}/purchases/{purchase_id}", headers=ana).json
    assert (pending["status"], pending["delivered_at"]) == ("PENDING", None)
    again = buy(client, ana, product_id=pack["id"])
    assert again.json["id"] == session["id"]  # the same pending purchase
    assert sold(wall, pack["id"])["sold_count"] == 0

    pay(client, session)
    done = client.get(f"{API}/checkout/session/{session['id']}", headers=ana).json
    assert (done["status"], done["result_id"]) == ("COMPLETE", purchase_id)
    mine = client.get(f"{API}/purchases", headers=ana)
    assert mine.status_code == 200
    assert [(p["id"], p["status"], p["item_name"], p["product_type"]) for p in mine.json] == [
        (purchase_id, "SUCCEEDED", "Wallpaper pack", "WALLPAPER_PACK")]
    assert mine.json[0]["delivered_at"] is not None and mine.json[0]["download_count"] == 0
    assert client.get(f"{API}/purchases?status=PENDING", headers=ana).json == []
    counted = sold(wall, pack["id"])
    assert (counted["sold_count"], counted["remaining"]) == (1, 1)
    assert buy(client, ana, product_id=pack["id"]).json["error"] == "already_owned"

    bob = wall.headers(wall.reader())
    assert client.get(f"{API}/purchases/{purchase_id}", headers=bob).status_code == 404
    assert client.get(f"{API}/purchases/{purchase_id}").status_code == 401


def test_stock_is_held_while_a_checkout_is_open_and_returns_when_it_expires(client, clock):
    wall = Paywall.build(client)
    pack = product(wall, total_quantity=1)
    ana_id, bob_id = wall.reader(), wall.reader()
    held = buy(client, wall.headers(ana_id), product_id=pack["id"])
    assert held.status_code == 201, held.json
    refused = buy(client, wall.headers(bob_id), product_id=pack["id"])
    assert (refused.status_code, refused.json["error"]) == (409, "sold_out")

    clock.advance(minutes=31)
    assert wall.container.checkout().expire_stale() == 1
    expired = client.get(f"{API}/purchases/{held.json['purchase_id']}",
                         headers=wall.headers(ana_id)).json
    assert expired["status"] == "EXPIRED"
    bobs = buy(client, wall.headers(bob_id), product_id=pack["id"])
    assert bobs.status_code == 201, bobs.json
    pay(client, bobs.json)
    assert sold(wall, pack["id"])["remaining"] == 0
    late = buy(client, wall.headers(ana_id), product_id=pack["id"])
    assert (late.status_code, late.json["error"]) == (409, "sold_out")
    sales = client.get(f"{API}/sites/{wall.site_id}/products/{pack['id']}/sales",
                       headers=wall.author).json
    assert (sales["sold_count"], sales["orders"], sales["revenue"]) == (
        1, 1, [{"currency": "INR", "amount": 499, "orders": 1}])
    stats = client.get(f"{API}/sites/{wall.site_id}/products/stats", headers=wall.author).json
    assert (stats["units_sold"], stats["orders"], stats["revenue"]) == (
        1, 1, [{"currency": "INR", "amount": 499, "orders": 1}])


def test_a_chapter_bought_singly_is_read_without_a_subscription(client):
    wall = Paywall.build(client)
    chapter = priced_chapter(wall, 300)
    ana = wall.headers(wall.reader())
    check = client.get(f"{API}/chapters/{chapter['id']}/access-check", headers=ana).json
    assert (check["has_access"], check["needs_purchase"], check["price"]) == (False, True, 300)
    opened = client.post(f"{API}/chapters/{chapter['id']}/purchase", headers=ana, json={})
    assert opened.status_code == 201, opened.json
    assert (opened.json["amount"], opened.json["item_type"]) == (300, "CHAPTER")
    pay(client, opened.json)
    read = client.get(f"{API}/chapters/{chapter['id']}/read", headers=ana).json
    assert (read["access"]["granted"], read["access"]["reason"]) == (True, "purchase")
    assert "Four." in read["content_html"]
    check = client.get(f"{API}/chapters/{chapter['id']}/access-check", headers=ana).json
    assert (check["has_access"], check["needs_purchase"]) == (True, False)
    twice = client.post(f"{API}/chapters/{chapter['id']}/purchase", headers=ana, json={})
    assert (twice.status_code, twice.json["error"]) == (409, "already_owned")
    mine = client.get(f"{API}/purchases", headers=ana).json
    assert [(p["item_type"], p["chapter_id"], p["status"]) for p in mine] == [
        ("CHAPTER", chapter["id"], "SUCCEEDED")]


def test_discount_codes_apply_to_chapters_and_products(client):
    wall = Paywall.build(client)
    chapter = priced_chapter(wall, 400)
    pack = product(wall, total_quantity=None)
    codes = f"{API}/sites/{wall.site_id}/discount-codes"
    made = client.post(codes, headers=wall.author, json={
        "code": "HALF", "kind": "PERCENT", "value": 50, "applies_to": "CHAPTERS",
        "target_ids": [chapter["id"]]})
    assert made.status_code == 201, made.json
    made = client.post(codes, headers=wall.author, json={
        "code": "PACK", "kind": "PERCENT", "value": 100, "applies_to": "PRODUCTS",
        "target_ids": [pack["id"]]})
    assert made.status_code == 201, made.json
    assert client.post(codes, headers=wall.author, json={
        "code": "NOPE", "kind": "PERCENT", "value": 10, "applies_to": "PRODUCTS",
        "target_ids": ["prod_nope"]}).json["error"] == "unknown_targets"

    ana = wall.headers(wall.reader())
    opened = client.post(f"{API}/checkout/purchase", headers=ana,
                         json={"chapter_id": chapter["id"], "discount_code": "half"})
    assert opened.status_code == 201, opened.json
    assert (opened.json["amount"], opened.json["original_amount"],
            opened.json["discount_amount"]) == (200, 400, 200)
    pay(client, opened.json)
    bought = client.get(f"{API}/purchases/{opened.json['purchase_id']}", headers=ana).json
    assert (bought["status"], bought["amount"], bought["discount_amount"]) == (
        "SUCCEEDED", 200, 200)
    bob = wall.headers(wall.reader())
    wrong = client.post(f"{API}/checkout/purchase", headers=bob,
                        json={"product_id": pack["id"], "discount_code": "half"})
    assert (wrong.status_code, wrong.json["error"]) == (422, "not_applicable")
    free = client.post(f"{API}/checkout/purchase", headers=ana,
                       json={"product_id": pack["id"], "discount_code": "pack"})
    assert free.status_code == 201, free.json
    assert (free.json["status"], free.json["amount"]) == ("COMPLETE", 0)
    assert sold(wall, pack["id"])["sold_count"] == 1
    quoted = client.post(f"{API}/sites/{wall.site_id}/discount-codes/validate", headers=bob,
                         json={"code": "pack", "product_id": pack["id"]})
    assert quoted.status_code == 200, quoted.json


def test_what_cannot_be_bought(client):
    wall = Paywall.build(client)
    pack = product(wall)
    chapter = priced_chapter(wall)
    free = wall.chapter(content="Free.")
    unpriced = wall.chapter(content="Locked.")
    wall.set_access(unpriced["id"], access_level="SUBSCRIBERS")
    own = buy(client, wall.author, product_id=pack["id"])
    assert (own.status_code, own.json["error"]) == (422, "own_item")
    own = client.post(f"{API}/chapters/{chapter['id']}/purchase", headers=wall.author, json={})
    assert (own.status_code, own.json["error"]) == (422, "own_item")
    ana = wall.headers(wall.reader())
    readable = client.post(f"{API}/chapters/{free['id']}/purchase", headers=ana, json={})
    assert (readable.status_code, readable.json["error"]) == (422, "already_readable")
    unsold = client.post(f"{API}/chapters/{unpriced['id']}/purchase", headers=ana, json={})
    assert (unsold.status_code, unsold.json["error"]) == (422, "not_for_sale")
    assert buy(client, ana, product_id="prod_nope").status_code == 404
    assert client.post(f"{API}/chapters/chap_nope/purchase", headers=ana,
                       json={}).status_code == 404
    both = client.post(f"{API}/checkout/purchase", headers=ana,
                       json={"product_id": pack["id"], "chapter_id": chapter["id"]})
    assert (both.status_code, both.json["error"]) == (422, "invalid_target")
    client.post(f"{API}/sites/{wall.site_id}/products/{pack['id']}/deactivate",
                headers=wall.author)
    assert buy(client, ana, product_id=pack["id"]).status_code == 404
    assert buy(client, {}, product_id=pack["id"]).status_code == 401


def test_my_purchases_cost_the_same_whatever_their_length(pg_client):
    client = pg_client
    wall = Paywall.build(client)
    ana_id = wall.reader()
    engine = client.application.container.engine()

    def bought(**body) -> None:
        opened = client.post(f"{API}/checkout/purchase", headers=wall.headers(ana_id),
                             json=body)
        assert opened.status_code == 201, opened.json
        if opened.json["status"] == "OPEN":
            pay(client, opened.json)

    def statements() -> int:
        headers = wall.headers(ana_id)
        with count_statements(engine) as seen:
            response = client.get(f"{API}/purchases", headers=headers)
            assert response.status_code == 200 and response.json
        return len(seen)

    bought(chapter_id=priced_chapter(wall)["id"])
    bought(product_id=product(wall, name="One", total_quantity=None)["id"])
    bought(product_id=product(wall, name="Free", price=0)["id"])  # settled at once
    one = statements()
    for name in ("Two", "Three", "Four"):
        bought(product_id=product(wall, name=name, total_quantity=None)["id"])
    bought(chapter_id=priced_chapter(wall)["id"])
    assert statements() == one
    assert len(client.get(f"{API}/purchases", headers=wall.headers(ana_id)).json) == 7
    with client.application.container.uow() as uow:
        assert uow.purchases.count(buyer_id=ana_id, status="SUCCEEDED") == 7
