"""Reader coins on Postgres under concurrent requests: one reader's unlocks of one chapter
spend once, a coin checkout confirmed ten times at once credits once, unlocks never overspend
the balance, and the ledger always rebuilds the wallet. The ledger list costs the same
whatever its length."""

from concurrent.futures import ThreadPoolExecutor

from ownverso.domain.commerce.coins import replay
from tests.support.coins import add_package, admin_headers, buy_coins, coin_chapter, unlock
from tests.support.paywall import API, Paywall
from tests.support.sql_counter import count_statements


def ledger_matches_wallet(container, user_id: str) -> int:
    with container.uow() as uow:
        wallet = uow.coin_wallets.get_by(user_id=user_id)
        rebuilt = replay(uow.coin_ledger.list(wallet_id=wallet.id))
    assert (rebuilt.paid, rebuilt.bonus, rebuilt.entries) == (
        wallet.paid_balance, wallet.bonus_balance, wallet.entry_count)
    return wallet.balance


def test_ten_concurrent_unlocks_of_one_chapter_spend_once(pg_client, pg_app):
    wall = Paywall.build(pg_client)
    package = add_package(wall, admin_headers(wall))
    reader_id = wall.reader()
    me = wall.headers(reader_id)
    buy_coins(pg_client, me, package["id"])
    chapter = coin_chapter(wall, 50)

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(lambda _: unlock(pg_app.test_client(), me, chapter["id"]),
                                range(10)))
    assert {a.status_code for a in answers} == {200}, [a.json for a in answers]
    assert sorted(a.json["status"] for a in answers) == ["already_unlocked"] * 9 + ["unlocked"]
    with pg_app.container.uow() as uow:
        assert uow.coin_ledger.count(user_id=reader_id, kind="UNLOCK") == 1
        assert uow.chapter_entitlements.count(user_id=reader_id) == 1
        assert uow.coin_earnings.count(reader_id=reader_id) == 1
    assert ledger_matches_wallet(pg_app.container, reader_id) == 70


def test_a_coin_checkout_confirmed_ten_times_at_once_credits_once(pg_client, pg_app):
    wall = Paywall.build(pg_client)
    package = add_package(wall, admin_headers(wall))
    reader_id = wall.reader()
    opened = pg_client.post(f"{API}/checkout/coins", headers=wall.headers(reader_id),
                            json={"package_id": package["id"], "currency": "INR"}).json
    gateway_id = opened["checkout_url"].rsplit("/", 1)[-1]
    pg_app.container.payment_gateway().complete(gateway_id)
    checkout = pg_app.container.checkout()

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(lambda _: checkout.confirm(gateway_id), range(10)))
    assert {r.status.value for r in results} == {"COMPLETE"}
    assert len({r.result_id for r in results}) == 1
    with pg_app.container.uow() as uow:
        assert uow.coin_ledger.count(user_id=reader_id) == 2  # PURCHASE and BONUS
    assert ledger_matches_wallet(pg_app.container, reader_id) == 120


def test_concurrent_unlocks_of_many_chapters_never_overspend(pg_client, pg_app):
    wall = Paywall.build(pg_client)
    package = add_package(wall, admin_headers(wall))  # 100 + 20 bonus
    reader_id = wall.reader()
    me = wall.headers(reader_id)
    buy_coins(pg_client, me, package["id"])
    chapters = [coin_chapter(wall, 50) for _ in range(5)]

    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(pool.map(lambda c: unlock(pg_app.test_client(), me, c["id"]),
                                chapters))
    assert sorted(a.status_code for a in answers) == [200, 200, 402, 402, 402]
    assert {a.json["error"] for a in answers if a.status_code == 402} == {"insufficient_coins"}
    assert ledger_matches_wallet(pg_app.container, reader_id) == 20
    with pg_app.container.uow() as uow:
        assert uow.chapter_entitlements.count(user_id=reader_id) == 2


def test_the_ledger_costs_the_same_for_one_or_many_entries(pg_client, pg_app):
    wall = Paywall.build(pg_client)
    package = add_package(wall, admin_headers(wall), bonus_coins=0)
    me = wall.headers(wall.reader())
    buy_coins(pg_client, me, package["id"])
    engine = pg_app.container.engine()
    with count_statements(engine) as one:
        pg_client.get(f"{API}/wallet/ledger", headers=me)
    for _ in range(4):
        buy_coins(pg_client, me, package["id"])
    with count_statements(engine) as many:
        answer = pg_client.get(f"{API}/wallet/ledger", headers=me)
    assert len(answer.json) == 5 and answer.json[0]["balance_after"] == 500
    assert len(many) == len(one)
