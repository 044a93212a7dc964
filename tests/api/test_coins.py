"""Reader coins over HTTP: buying a package through the sandbox, the wallet and its ledger,
a coin-priced chapter unlocked once, the 402 with the shortfall, and the administrators'
packages."""

from tests.support.coins import add_package, admin_headers, buy_coins, coin_chapter, unlock
from tests.support.memberships import pay
from tests.support.paywall import API, Paywall


def ledger_of(client, headers) -> list:
    answer = client.get(f"{API}/wallet/ledger", headers=headers)
    assert answer.status_code == 200, answer.json
    return answer.json


def test_a_reader_buys_coins_and_unlocks_a_chapter_exactly_once(client):
    wall = Paywall.build(client)
    package = add_package(wall, admin_headers(wall))
    me = wall.headers(wall.reader())
    assert client.get(f"{API}/wallet", headers=me).json["balance"] == 0

    session = buy_coins(client, me, package["id"])
    assert (session["kind"], session["amount"], session["currency"]) == ("COINS", 9900, "INR")
    wallet = client.get(f"{API}/wallet", headers=me).json
    assert (wallet["paid_balance"], wallet["bonus_balance"], wallet["balance"]) == (100, 20, 120)
    assert wallet["balance_values"]["INR"] == 12000 and wallet["balance_values"]["USD"] == 120

    chapter = coin_chapter(wall, 50)
    read = client.get(f"{API}/chapters/{chapter['id']}/read", headers=me).json
    options = read["access"]["unlock_options"]
    assert not read["access"]["granted"] and options["coin_price"] == 50
    assert (options["coin_values"]["INR"], options["coin_values"]["USD"]) == (5000, 50)

    first = unlock(client, me, chapter["id"])
    assert first.status_code == 200, first.json
    assert (first.json["status"], first.json["coins_spent"], first.json["balance"]) == (
        "unlocked", 50, 70)
    assert (first.json["coin_value"], first.json["currency"]) == (5000, "INR")
    assert (first.json["entry"]["bonus_amount"], first.json["entry"]["paid_amount"]) == (-20, -30)
    assert first.json["access"]["reason"] == "coin_unlock"

    again = unlock(client, me, chapter["id"])
    assert (again.status_code, again.json["status"], again.json["coins_spent"]) == (
        200, "already_unlocked", 0)
    assert again.json["balance"] == 70

    read = client.get(f"{API}/chapters/{chapter['id']}/read", headers=me).json
    assert read["access"] == {**read["access"], "granted": True, "reason": "coin_unlock"}
    assert "Four." in read["content_html"]

    entries = ledger_of(client, me)
    assert [e["kind"] for e in entries] == ["UNLOCK", "BONUS", "PURCHASE"]
    assert sum(e["amount"] for e in entries) == entries[0]["balance_after"] == 70
    assert client.get(f"{API}/wallet", headers=me).json["balance"] == 70


def test_too_few_coins_is_a_402_with_the_shortfall(client):
    wall = Paywall.build(client)
    package = add_package(wall, admin_headers(wall), coins=30, bonus_coins=0)
    me = wall.headers(wall.reader())
    chapter = coin_chapter(wall, 50)
    refused = unlock(client, me, chapter["id"])
    assert (refused.status_code, refused.json["error"]) == (402, "insufficient_coins")
    assert refused.json["errors"]["json"] == {"shortfall": 50, "balance": 0, "price": 50,
                                              "coin_value": 5000, "currency": "INR"}
    buy_coins(client, me, package["id"])
    refused = unlock(client, me, chapter["id"])
    assert refused.json["errors"]["json"]["shortfall"] == 20
    assert client.get(f"{API}/wallet", headers=me).json["balance"] == 30
    assert len(ledger_of(client, me)) == 1


def test_chapters_without_a_coin_price_or_already_readable_spend_nothing(client):
    wall = Paywall.build(client)
    package = add_package(wall, admin_headers(wall))
    me = wall.headers(wall.reader())
    buy_coins(client, me, package["id"])
    free = wall.chapter(content="Free.")
    answer = unlock(client, me, free["id"])
    assert (answer.status_code, answer.json["status"]) == (200, "already_readable")
    assert answer.json["access"]["reason"] == "free"
    gated = wall.chapter(content="Gated.")
    wall.set_access(gated["id"], access_level="SUBSCRIBERS")
    answer = unlock(client, me, gated["id"])
    assert (answer.status_code, answer.json["error"]) == (422, "not_coin_priced")
    priced = coin_chapter(wall, 10)
    author = unlock(client, wall.author, priced["id"])
    assert (author.status_code, author.json["status"]) == (200, "already_readable")
    assert client.get(f"{API}/wallet", headers=me).json["balance"] == 120
    assert unlock(client, me, "chp_missing").status_code == 404
    assert unlock(client, {}, priced["id"]).status_code == 401


def test_the_author_prices_a_chapter_in_coins_with_its_money_value(client):
    wall = Paywall.build(client)
    chapter = wall.chapter(content="Text.")
    access = wall.set_access(chapter["id"], access_level="SUBSCRIBERS", coin_price=25)
    assert (access["coin_price"], access["coin_value"]) == (25, 2500)
    refused = client.patch(f"{API}/chapters/{chapter['id']}/access", headers=wall.author,
                           json={"access_level": "FREE"})
    assert refused.status_code == 422 and "coin_price" in refused.json["errors"]["json"]
    cleared = wall.set_access(chapter["id"], access_level="FREE", coin_price=None)
    assert (cleared["coin_price"], cleared["coin_value"]) == (None, None)


def test_the_author_earns_the_money_value_of_the_coins(client):
    wall = Paywall.build(client)
    package = add_package(wall, admin_headers(wall))
    reader_id = wall.reader()
    buy_coins(client, wall.headers(reader_id), package["id"])
    chapter = coin_chapter(wall, 40)
    assert unlock(client, wall.headers(reader_id), chapter["id"]).status_code == 200
    with wall.container.uow() as uow:
        [earning] = uow.coin_earnings.list(author_id=wall.author_id)
        [entitlement] = uow.chapter_entitlements.list(user_id=reader_id)
    assert (earning.coins, earning.bonus_coins, earning.paid_coins) == (40, 20, 20)
    assert (earning.money_value, earning.currency, earning.chapter_id) == (4000, "INR",
                                                                          chapter["id"])
    assert (entitlement.kind, entitlement.source_id) == ("COIN_UNLOCK", earning.ledger_entry_id)


def test_packages_are_for_administrators_to_define(client):
    wall = Paywall.build(client)
    admin, reader = admin_headers(wall), wall.headers(wall.reader())
    small = add_package(wall, admin, name="Small", display_order=1)
    big = add_package(wall, admin, name="Big", coins=500, bonus_coins=100,
                      prices={"INR": 45000}, display_order=2)
    assert (big["total_coins"], big["coin_values"]["INR"]) == (600, 60000)
    refused = client.post(f"{API}/admin/coin-packages", headers=reader,
                          json={"name": "Mine", "coins": 1, "prices": {"INR": 1}})
    assert (refused.status_code, refused.json["error"]) == (403, "admin_required")
    assert client.get(f"{API}/admin/coin-packages", headers=reader).status_code == 403
    bad = client.post(f"{API}/admin/coin-packages", headers=admin,
                      json={"name": "Bad", "coins": 0, "prices": {"INR": 0}})
    assert (bad.status_code, bad.json["error"]) == (422, "invalid_coin_package")

    shown = client.get(f"{API}/coin-packages").json
    assert [p["name"] for p in shown] == ["Small", "Big"]
    assert [p["name"] for p in client.get(f"{API}/coin-packages?currency=USD").json] == [
        "Small"]
    changed = client.patch(f"{API}/admin/coin-packages/{small['id']}", headers=admin,
                           json={"is_active": False})
    assert changed.status_code == 200 and changed.json["is_active"] is False
    assert [p["name"] for p in client.get(f"{API}/coin-packages").json] == ["Big"]
    assert len(client.get(f"{API}/admin/coin-packages", headers=admin).json) == 2

    no_usd = client.post(f"{API}/checkout/coins", headers=reader,
                         json={"package_id": big["id"], "currency": "USD"})
    assert (no_usd.status_code, no_usd.json["error"]) == (422, "currency_not_offered")
    inactive = client.post(f"{API}/checkout/coins", headers=reader,
                           json={"package_id": small["id"], "currency": "INR"})
    assert (inactive.status_code, inactive.json["error"]) == (404, "coin_package_not_found")

    assert client.delete(f"{API}/admin/coin-packages/{small['id']}",
                         headers=admin).status_code == 204
    assert client.delete(f"{API}/admin/coin-packages/{small['id']}",
                         headers=admin).status_code == 404


def test_a_package_changed_after_the_checkout_opened_credits_what_was_paid_for(client):
    wall = Paywall.build(client)
    admin = admin_headers(wall)
    package = add_package(wall, admin)
    me = wall.headers(wall.reader())
    opened = client.post(f"{API}/checkout/coins", headers=me,
                         json={"package_id": package["id"], "currency": "USD"}).json
    client.patch(f"{API}/admin/coin-packages/{package['id']}", headers=admin,
                 json={"coins": 999})
    pay(client, opened)
    client.get(f"{API}/checkout/session/{opened['id']}", headers=me)
    assert client.get(f"{API}/wallet", headers=me).json["balance"] == 120
