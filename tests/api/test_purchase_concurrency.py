"""Limited stock under concurrent buyers on Postgres: 200 buyers of 10 units open exactly 10
checkouts (190 answers are 409 sold_out), the paid ones make the sales, the unpaid ones return
their units once their window passes, and the stock never goes below zero."""

from concurrent.futures import ThreadPoolExecutor

from tests.api.test_purchases import product
from tests.support.memberships import pay
from tests.support.paywall import API, Paywall, bearer

WORKERS = 8


def rush(app, headers: list[dict], product_id: str) -> list:
    def one(who):
        return app.test_client().post(f"{API}/purchases", headers=who,
                                      json={"product_id": product_id})

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(one, headers))


def stock(app, product_id: str) -> tuple[int, dict]:
    with app.container.uow() as uow:
        sold = uow.products.get(product_id).sold_count
        counts = {status: uow.purchases.count(product_id=product_id, status=status)
                  for status in ("PENDING", "SUCCEEDED", "EXPIRED", "FAILED")}
    return sold, counts


def test_two_hundred_buyers_of_ten_units_make_ten_sales(pg_client, pg_app):
    wall = Paywall.build(pg_client)
    pack = product(wall, total_quantity=10)
    buyers = [wall.reader() for _ in range(200)]
    answers = rush(pg_app, [bearer(pg_app.container, b) for b in buyers], pack["id"])

    won = [a for a in answers if a.status_code == 201]
    assert len(won) == 10, [a.json for a in answers if a.status_code not in (201, 409)]
    assert {(a.status_code, a.json["error"]) for a in answers if a.status_code != 201} == {
        (409, "sold_out")}
    assert stock(pg_app, pack["id"]) == (0, {"PENDING": 10, "SUCCEEDED": 0, "EXPIRED": 0,
                                             "FAILED": 0})

    paid, unpaid = won[:7], won[7:]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(lambda a: pay(pg_app.test_client(), a.json), paid))
    assert stock(pg_app, pack["id"])[0] == 7

    pg_app.container.clock().advance(minutes=31)
    assert pg_app.container.checkout().expire_stale() == len(unpaid)
    for answer in unpaid:  # paying after the window: the gateway closed it, nothing sells
        pg_client.post(f"{API}/sandbox/checkouts/"
                       f"{answer.json['checkout_url'].rsplit('/', 1)[-1]}/complete")
    assert stock(pg_app, pack["id"]) == (7, {"PENDING": 0, "SUCCEEDED": 7, "EXPIRED": 3,
                                             "FAILED": 0})

    winners = {a.json["purchase_id"] for a in won}
    again = rush(pg_app, [bearer(pg_app.container, b) for b in buyers[:40]], pack["id"])
    second = [a for a in again if a.status_code == 201]
    assert len(second) == 3, [a.json for a in again if a.status_code not in (201, 409)]
    assert {a.json["error"] for a in again if a.status_code != 201} <= {
        "sold_out", "already_owned"}
    assert not winners & {a.json["purchase_id"] for a in second}
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(lambda a: pay(pg_app.test_client(), a.json), second))
    sold, counts = stock(pg_app, pack["id"])
    assert (sold, counts["SUCCEEDED"], counts["PENDING"]) == (10, 10, 0)
    shown = pg_client.get(f"{API}/sites/{wall.site_id}/products/{pack['id']}",
                          headers=wall.author).json
    assert (shown["sold_count"], shown["remaining"]) == (10, 0)
    stats = pg_client.get(f"{API}/sites/{wall.site_id}/products/stats",
                          headers=wall.author).json
    assert (stats["orders"], stats["revenue"]) == (
        10, [{"currency": "INR", "amount": 4990, "orders": 10}])
