"""Issue 5's journey over HTTP, in memory, on the embedded default (SQLite) and on Postgres:
an author lists a limited product with a file and readers buy it through the sandbox; the
buyer downloads within the limits and is refused past them; a licensed product's key is
accepted by the verify endpoint until a refund revokes it; a chapter is bought singly and read
with no subscription, refunded, and bought again; coins unlock a chapter once and the ledger
adds up to the wallet; a tip with a message reaches the author anonymously."""

import pytest

from tests.api.test_purchases import buy, priced_chapter, product
from tests.support.coins import add_package, admin_headers, buy_coins, coin_chapter
from tests.support.memberships import pay
from tests.support.paywall import API, Paywall


@pytest.fixture(params=["client", "sqlite_client", "pg_client"])
def any_client(request):
    """The in-memory suite, the embedded default (SQLite) and Postgres."""
    return request.getfixturevalue(request.param)


def paid(client, headers: dict, opened) -> str:
    """Pay an opened purchase checkout: the purchase id."""
    assert opened.status_code == 201, opened.json
    pay(client, opened.json)
    purchase = client.get(f"{API}/purchases/{opened.json['purchase_id']}", headers=headers)
    assert purchase.json["status"] == "SUCCEEDED", purchase.json
    return purchase.json["id"]


def refunded(wall: Paywall, buyer: dict, purchase_id: str) -> None:
    asked = wall.client.post(f"{API}/purchases/{purchase_id}/refund-request", headers=buyer,
                             json={"reason": "ACCIDENTAL_PURCHASE", "message": "Oops."})
    assert asked.status_code == 201, asked.json
    done = wall.client.post(
        f"{API}/sites/{wall.site_id}/refund-requests/{asked.json['id']}/approve",
        headers=wall.author, json={})
    assert (done.status_code, done.json["status"]) == (200, "REFUNDED"), done.json


def test_the_commerce_journey(any_client):
    client = any_client
    wall = Paywall.build(client)

    # a limited product with a file: two units, two downloads each
    pack = product(wall, total_quantity=2, max_downloads=2, download_window_days=14)
    slug = client.get(f"{API}/sites/{wall.site_id}", headers=wall.author).json["slug"]
    shop = client.get(f"{API}/s/{slug}/shop").json
    assert [(p["slug"], p["remaining"]) for p in shop] == [(pack["slug"], 2)]
    assert "file_media_id" not in shop[0]
    ana, ben, cy = (wall.headers(wall.reader()) for _ in range(3))
    first = paid(client, ana, buy(client, ana, product_id=pack["id"]))
    paid(client, ben, buy(client, ben, product_id=pack["id"]))
    gone = buy(client, cy, product_id=pack["id"])
    assert (gone.status_code, gone.json["error"]) == (409, "sold_out")

    # downloads: within the limit through a signed link, refused past it
    for used in (1, 2):
        link = client.get(f"{API}/purchases/{first}/download", headers=ana)
        assert link.status_code == 200, link.json
        assert (link.json["downloads_used"], link.json["downloads_remaining"]) == (used, 2 - used)
        file = client.get("/" + link.json["url"].split("://", 1)[1].split("/", 1)[1])
        assert file.status_code == 200 and file.data.startswith(b"%PDF")
    past = client.get(f"{API}/purchases/{first}/download", headers=ana)
    assert (past.status_code, past.json["error"]) == (409, "download_limit_reached")
    assert client.get(f"{API}/purchases/{first}/download", headers=ben).status_code == 404

    # a licensed product: the key verifies until the purchase is refunded
    tool = product(wall, slug="tool", total_quantity=None, is_licensed=True,
                   license_type="COMMERCIAL")
    licensed = paid(client, cy, buy(client, cy, product_id=tool["id"]))
    key = client.get(f"{API}/purchases/{licensed}", headers=cy).json["license"]["key"]
    check = client.post(f"{API}/licenses/verify", json={"key": key, "instance_id": "m-1"})
    assert (check.json["valid"], check.json["license_type"], check.json["activations"]) == (
        True, "COMMERCIAL", 1)
    refunded(wall, cy, licensed)
    check = client.post(f"{API}/licenses/verify", json={"key": key})
    assert (check.json["valid"], check.json["reason"]) == (False, "revoked")
    gone = client.get(f"{API}/purchases/{licensed}/download", headers=cy)
    assert (gone.status_code, gone.json["error"]) == (403, "purchase_not_paid")

    # a chapter bought singly, read with no subscription; refunded; bought again
    chapter = priced_chapter(wall, 300)
    url = f"{API}/chapters/{chapter['id']}"
    offer = client.get(f"{url}/access-check", headers=ana).json
    assert (offer["has_access"], offer["needs_purchase"], offer["price"]) == (False, True, 300)
    bought = paid(client, ana, client.post(f"{url}/purchase", headers=ana, json={}))
    read = client.get(f"{url}/read", headers=ana).json
    assert (read["access"]["reason"], "Four." in read["content_html"]) == ("purchase", True)
    assert client.get(f"{API}/my-subscriptions", headers=ana).json == []
    refunded(wall, ana, bought)
    assert client.get(f"{url}/access-check", headers=ana).json["has_access"] is False
    paid(client, ana, client.post(f"{url}/purchase", headers=ana, json={}))
    assert client.get(f"{url}/access-check", headers=ana).json["has_access"] is True

    # coins: one unlock spends once; the ledger adds up to the wallet
    package = add_package(wall, admin_headers(wall), coins=100, bonus_coins=10)
    buy_coins(client, ben, package["id"])
    priced = coin_chapter(wall, 60)
    unlocks = [client.post(f"{API}/chapters/{priced['id']}/unlock", headers=ben,
                           json={"method": "COINS"}).json for _ in range(2)]
    assert [(u["status"], u["coins_spent"]) for u in unlocks] == [
        ("unlocked", 60), ("already_unlocked", None)]
    wallet = client.get(f"{API}/wallet", headers=ben).json
    ledger = client.get(f"{API}/wallet/ledger", headers=ben).json
    assert wallet["balance"] == sum(e["amount"] for e in ledger) == ledger[0]["balance_after"] \
        == 50

    # a tip with a message, anonymously
    tip = client.post(f"{API}/checkout/tip", headers=cy,
                      json={"site_id": wall.site_id, "amount": 5000, "currency": "INR",
                            "message": "Thank you!", "is_anonymous": True})
    assert tip.status_code == 201, tip.json
    pay(client, tip.json)
    [received] = client.get(f"{API}/author/tips", headers=wall.author).json
    assert (received["message"], received["amount"], received["tipper"]) == (
        "Thank you!", 5000, None)
