"""Seats under concurrent activations on Postgres: ten distinct instances activating a
2-seat TEAM key at once take exactly two seats (eight answers are seats_exhausted), and the
same instance activating ten times at once takes one."""

from concurrent.futures import ThreadPoolExecutor

from tests.api.test_licenses import TEAM, bought
from tests.api.test_purchases import product
from tests.support.paywall import API, Paywall

WORKERS = 8


def rush(app, key: str, instances: list[str]) -> list:
    def one(instance: str):
        return app.test_client().post(f"{API}/licenses/verify",
                                      json={"key": key, "instance_id": instance})

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(one, instances))


def seats(app, license_id: str) -> tuple[int, int]:
    with app.container.uow() as uow:
        license = uow.licenses.get(license_id)
        return license.active_seats, uow.license_activations.count(
            license_id=license.id, deactivated_at__isnull=True)


def test_ten_instances_at_once_take_exactly_the_two_seats(pg_client, pg_app):
    wall = Paywall.build(pg_client)
    pack = product(wall, **TEAM)
    license = bought(wall, wall.reader(), pack["id"])["license"]

    answers = rush(pg_app, license["key"], [f"pc-{n}" for n in range(10)])
    assert {a.status_code for a in answers} == {200}
    won = [a for a in answers if a.json["valid"]]
    assert len(won) == 2, [a.json for a in answers]
    assert {a.json["reason"] for a in answers if not a.json["valid"]} == {"seats_exhausted"}
    assert seats(pg_app, license["id"]) == (2, 2)


def test_one_instance_activating_at_once_takes_one_seat(pg_client, pg_app):
    wall = Paywall.build(pg_client)
    pack = product(wall, **TEAM)
    license = bought(wall, wall.reader(), pack["id"])["license"]

    answers = rush(pg_app, license["key"], ["laptop"] * 10)
    assert [(a.status_code, a.json["valid"]) for a in answers] == [(200, True)] * 10
    assert seats(pg_app, license["id"]) == (1, 1)
