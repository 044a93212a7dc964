"""``POST /chapters/{id}/unlock`` with the commerce methods: PURCHASE opens the same one-time
checkout as ``/chapters/{id}/purchase``; COINS spends the coin price once."""

from tests.support.coins import add_package, admin_headers, buy_coins, coin_chapter
from tests.support.memberships import pay
from tests.support.paywall import API, Paywall


def unlock(client, headers: dict, chapter_id: str, **body):
    return client.post(f"{API}/chapters/{chapter_id}/unlock", headers=headers, json=body)


def test_purchase_opens_a_checkout_and_the_paid_chapter_is_read(client):
    wall = Paywall.build(client)
    chapter = coin_chapter(wall, 40, price=300)
    ana = wall.headers(wall.reader())
    opened = unlock(client, ana, chapter["id"], method="PURCHASE")
    assert opened.status_code == 200, opened.json
    assert opened.headers["Cache-Control"] == "private, no-store"
    body = opened.json
    assert (body["status"], body["access"]["granted"]) == ("checkout_open", False)
    assert (body["checkout"]["status"], body["checkout"]["amount"]) == ("OPEN", 300)
    assert body["coins_spent"] is None
    again = unlock(client, ana, chapter["id"], method="PURCHASE")
    assert again.json["checkout"]["id"] == body["checkout"]["id"]  # the same pending one
    pay(client, body["checkout"])
    read = client.get(f"{API}/chapters/{chapter['id']}/read", headers=ana).json
    assert (read["access"]["reason"], "Four." in read["content_html"]) == ("purchase", True)
    done = unlock(client, ana, chapter["id"], method="PURCHASE")
    assert (done.json["status"], done.json["checkout"]) == ("already_unlocked", None)
    mine = client.get(f"{API}/purchases", headers=ana).json
    assert [(p["chapter_id"], p["status"], p["amount"]) for p in mine] == [
        (chapter["id"], "SUCCEEDED", 300)]


def test_a_chapter_without_a_price_cannot_be_purchased(client):
    wall = Paywall.build(client)
    chapter = coin_chapter(wall, 40)
    refused = unlock(client, wall.headers(wall.reader()), chapter["id"], method="PURCHASE")
    assert refused.status_code == 422 and refused.json["error"] == "not_for_sale"


def test_coins_are_spent_once_and_a_short_wallet_is_a_402(client):
    wall = Paywall.build(client)
    package = add_package(wall, admin_headers(wall), coins=30, bonus_coins=20)
    chapter = coin_chapter(wall, 40)
    ben = wall.headers(wall.reader())
    short = unlock(client, ben, chapter["id"], method="COINS")
    assert (short.status_code, short.json["error"]) == (402, "insufficient_coins")
    assert short.json["errors"]["json"]["shortfall"] == 40
    buy_coins(client, ben, package["id"])
    spent = unlock(client, ben, chapter["id"], method="COINS")
    assert spent.status_code == 200, spent.json
    assert (spent.json["status"], spent.json["coins_spent"], spent.json["coin_balance"]) == (
        "unlocked", 40, 10)
    assert spent.json["access"] == {**spent.json["access"], "granted": True,
                                    "reason": "coin_unlock"}
    again = unlock(client, ben, chapter["id"], method="COINS")
    assert (again.json["status"], again.json["coins_spent"]) == ("already_unlocked", None)
    assert client.get(f"{API}/wallet", headers=ben).json["balance"] == 10


def test_unlocking_a_chapter_without_a_coin_price_with_coins_is_a_422(client):
    wall = Paywall.build(client)
    chapter = wall.chapter(content="One.\n\nTwo.")
    wall.set_access(chapter["id"], access_level="SUBSCRIBERS", price=300)
    refused = unlock(client, wall.headers(wall.reader()), chapter["id"], method="COINS")
    assert (refused.status_code, refused.json["error"]) == (422, "not_coin_priced")
