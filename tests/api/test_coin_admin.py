"""Administrators correct readers' coins (ADJUSTMENT entries with a reason, once per
reference) and audit a wallet against its ledger; authors list what coins earned them."""

from concurrent.futures import ThreadPoolExecutor

from tests.support.coins import add_package, admin_headers, buy_coins, coin_chapter, unlock
from tests.support.paywall import API, Paywall
from tests.support.sql_counter import count_statements


def adjust(client, admin, user_id, **body):
    return client.post(f"{API}/admin/wallets/{user_id}/adjustments", headers=admin,
                       json={"reason": "Support ticket", "reference": "T-100", **body})


def test_an_administrator_corrects_a_wallet_once_per_reference(client):
    wall = Paywall.build(client)
    admin = admin_headers(wall)
    ana = wall.reader()
    given = adjust(client, admin, ana, bonus=25)
    assert given.status_code == 200, given.json
    assert (given.json["created"], given.json["entry"]["kind"], given.json["entry"]["amount"]) \
        == (True, "ADJUSTMENT", 25)
    assert given.json["entry"]["description"] == "Support ticket"
    repeated = adjust(client, admin, ana, bonus=25)
    assert (repeated.json["created"], repeated.json["entry"]["id"]) == (
        False, given.json["entry"]["id"])
    mine = client.get(f"{API}/wallet", headers=wall.headers(ana)).json
    assert (mine["bonus_balance"], mine["balance"]) == (25, 25)

    taken = adjust(client, admin, ana, bonus=-30, reference="T-101")
    assert (taken.status_code, taken.json["error"]) == (422, "insufficient_coins")
    assert taken.json["errors"]["json"]["shortfall"] == 5
    taken = adjust(client, admin, ana, bonus=-5, reference="T-101")
    assert taken.json["wallet"]["balance"] == 20

    audit = client.get(f"{API}/admin/wallets/{ana}", headers=admin).json
    assert (audit["consistent"], audit["ledger_balance"], audit["wallet"]["balance"]) == (
        True, 20, 20)
    ledger = client.get(f"{API}/admin/wallets/{ana}/ledger", headers=admin).json
    assert [(e["amount"], e["source_id"]) for e in ledger] == [(-5, "T-101"), (25, "T-100")]


def test_adjustments_are_for_administrators_and_checked(client):
    wall = Paywall.build(client)
    admin = admin_headers(wall)
    ana = wall.reader()
    as_reader = adjust(client, wall.headers(ana), ana, paid=10)
    assert (as_reader.status_code, as_reader.json["error"]) == (403, "admin_required")
    assert client.get(f"{API}/admin/wallets/{ana}", headers=wall.author).status_code == 403
    assert adjust(client, admin, "usr_nobody", paid=10).status_code == 404
    for body, field in (({"paid": "ten"}, "paid"), ({"reason": ""}, "reason"),
                        ({"reference": None}, "reference")):
        bad = adjust(client, admin, ana, **body)
        assert bad.status_code == 422 and field in bad.json["errors"]["json"], bad.json
    nothing = adjust(client, admin, ana)
    assert (nothing.status_code, nothing.json["error"]) == (422, "invalid_coin_amount")
    assert client.get(f"{API}/wallet", headers=wall.headers(ana)).json["balance"] == 0


def test_authors_see_what_coins_earned_them(client):
    wall = Paywall.build(client)
    package = add_package(wall, admin_headers(wall))
    ana = wall.headers(wall.reader())
    buy_coins(client, ana, package["id"])
    chapter = coin_chapter(wall, 40)
    assert unlock(client, ana, chapter["id"]).status_code == 200
    earned = client.get(f"{API}/author/coin-earnings", headers=wall.author)
    assert earned.status_code == 200 and earned.headers["X-Pagination"]
    [row] = earned.json
    assert (row["chapter_id"], row["chapter_title"], row["coins"], row["money_value"],
            row["currency"]) == (chapter["id"], chapter["title"], 40, 4000, "INR")
    assert client.get(f"{API}/author/coin-earnings", headers=ana).json == []
    other = client.get(f"{API}/author/coin-earnings?site_id=site_other", headers=wall.author)
    assert other.json == []


def test_earnings_list_runs_a_flat_number_of_statements(pg_client):
    wall = Paywall.build(pg_client)
    package = add_package(wall, admin_headers(wall), coins=500)
    ana = wall.headers(wall.reader())
    buy_coins(pg_client, ana, package["id"])
    engine = wall.container.engine()

    def counted() -> int:
        with count_statements(engine) as statements:
            assert pg_client.get(f"{API}/author/coin-earnings",
                                 headers=wall.author).status_code == 200
        return len(statements)

    assert unlock(pg_client, ana, coin_chapter(wall, 10)["id"]).status_code == 200
    one = counted()
    for _ in range(3):
        assert unlock(pg_client, ana, coin_chapter(wall, 10)["id"]).status_code == 200
    assert counted() == one


def test_one_adjustment_sent_ten_times_at_once_moves_coins_once(pg_client, pg_app):
    wall = Paywall.build(pg_client)
    admin, ana = admin_headers(wall), wall.reader()

    def send(_):
        return adjust(pg_app.test_client(), admin, ana, paid=30, reference="INC-7")

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(send, range(10)))
    assert {a.status_code for a in answers} == {200}, [a.json for a in answers]
    assert sorted(a.json["created"] for a in answers) == [False] * 9 + [True]
    assert {a.json["entry"]["id"] for a in answers} == {answers[0].json["entry"]["id"]}
    audit = pg_client.get(f"{API}/admin/wallets/{ana}", headers=admin).json
    assert (audit["wallet"]["balance"], audit["consistent"]) == (30, True)
