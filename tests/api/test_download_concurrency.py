"""Downloads under concurrent requests on Postgres: ten at once of a purchase allowed three
give exactly three links and seven 409 download_limit_reached, and three Download records."""

from concurrent.futures import ThreadPoolExecutor

from tests.api.test_downloads import bought
from tests.support.paywall import API, Paywall

WORKERS = 10


def test_ten_concurrent_downloads_of_three_allowed_give_three_links(pg_client, pg_app):
    wall = Paywall.build(pg_client)
    purchase_id, ana, _ = bought(wall, max_downloads=3)

    def one(_):
        return pg_app.test_client().get(f"{API}/purchases/{purchase_id}/download",
                                        headers=ana)

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        answers = list(pool.map(one, range(10)))

    won = [a for a in answers if a.status_code == 200]
    assert len(won) == 3, [a.json for a in answers if a.status_code not in (200, 409)]
    assert sorted(a.json["downloads_used"] for a in won) == [1, 2, 3]
    assert [(a.status_code, a.json["error"]) for a in answers if a.status_code != 200] == [
        (409, "download_limit_reached")] * 7
    with pg_app.container.uow() as uow:
        assert uow.purchases.get(purchase_id).download_count == 3
        assert uow.downloads.count(purchase_id=purchase_id) == 3
