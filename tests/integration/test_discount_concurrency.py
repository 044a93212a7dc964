"""Discount codes under concurrent checkouts, on Postgres: each thread reserves a use in its
own unit of work at the same moment, and the row lock on the code keeps the cap and the
per-reader limit exact."""

import threading
from concurrent.futures import ThreadPoolExecutor
from itertools import count

import pytest

from ownverso.container import build_container
from ownverso.domain.memberships.discounts import DiscountCode
from ownverso.domain.memberships.redemption import RedemptionStatus
from ownverso.domain.sites.site import Site
from ownverso.services.errors import ServiceError
from ownverso.services.memberships.discount_redemptions import (
    release_redemption,
    reserve_code,
)
from tests.factories.identity import UserFactory
from tests.support.services import drop_postgres_database, make_postgres_database

_numbers = count(1)


@pytest.fixture(scope="module")
def container():
    url = make_postgres_database()
    built = build_container(env="test", persistence="sql", database_url=url)
    built.migrate()
    yield built
    built.engine().dispose()
    drop_postgres_database(url)


def users(container, n: int) -> list[str]:
    made = [UserFactory(id=f"usr_cc_{next(_numbers):05d}",
                        username=f"cc{next(_numbers):05d}") for _ in range(n)]
    with container.uow() as uow:
        for user in made:
            uow.users.add(user)
        uow.commit()
    return [u.id for u in made]


def site_with_code(container, **fields) -> DiscountCode:
    (author,) = users(container, 1)
    now, n = container.clock().now(), next(_numbers)
    site = Site(id=f"site_cc_{n:05d}", author_id=author, slug=f"cc-site-{n}",
                name="Concurrent", created_at=now, updated_at=now)
    code = DiscountCode.create(now=now, id=f"dc_cc_{n:05d}", site_id=site.id, code="RUSH",
                               kind="PERCENT", value=50, **fields)
    with container.uow() as uow:
        uow.sites.add(site)
        uow.commit()
    with container.uow() as uow:
        uow.discount_codes.add(code)
        uow.commit()
    return code


def reserve(container, code: DiscountCode, reader_id: str, checkout_id: str,
            start: threading.Barrier | None = None) -> str:
    if start is not None:
        start.wait()
    try:
        with container.uow() as uow:
            reserve_code(uow, site_id=code.site_id, code="rush", reader_id=reader_id,
                         target_kind="TIER", target_id="tier_any", billing_cycle="MONTHLY",
                         amount=1000, currency="USD", now=container.clock().now(),
                         checkout_id=checkout_id)
            uow.commit()
        return "ok"
    except ServiceError as error:
        return f"{error.status} {error.code}"


def all_at_once(container, code: DiscountCode, readers: list[str]) -> list[str]:
    start = threading.Barrier(len(readers))
    prefix = f"cs_cc_{next(_numbers):05d}"
    with ThreadPoolExecutor(max_workers=len(readers)) as pool:
        futures = [pool.submit(reserve, container, code, reader, f"{prefix}_{i}", start)
                   for i, reader in enumerate(readers)]
        return [f.result(timeout=120) for f in futures]


def state(container, code: DiscountCode) -> tuple[int, int]:
    with container.uow() as uow:
        stored = uow.discount_codes.get(code.id)
        reserved = uow.discount_redemptions.count(code_id=code.id,
                                                  status=RedemptionStatus.RESERVED)
        return stored.redemption_count, reserved


def test_a_cap_of_5_is_redeemed_exactly_5_times_by_30_concurrent_readers(container):
    code = site_with_code(container, max_redemptions=5)
    results = all_at_once(container, code, users(container, 30))
    assert results.count("ok") == 5, results
    assert sorted(set(results) - {"ok"}) == ["409 code_exhausted"]
    assert state(container, code) == (5, 5)


def test_a_release_makes_room_again(container):
    code = site_with_code(container, max_redemptions=5)
    first = all_at_once(container, code, users(container, 8))
    assert first.count("ok") == 5
    with container.uow() as uow:
        taken = uow.discount_redemptions.list(code_id=code.id, order_by=("checkout_id",))
        for redemption in taken[:2]:
            release_redemption(uow, checkout_id=redemption.checkout_id,
                               now=container.clock().now())
        uow.commit()
    assert state(container, code) == (3, 3)
    with container.uow() as uow:  # a second release of the same checkout changes nothing
        release_redemption(uow, checkout_id=taken[0].checkout_id, now=container.clock().now())
        uow.commit()
    assert state(container, code) == (3, 3)
    again = all_at_once(container, code, users(container, 10))
    assert again.count("ok") == 2, again
    assert state(container, code) == (5, 5)


def test_concurrent_releases_give_a_use_back_once(container):
    code = site_with_code(container, max_redemptions=5)
    (reader,) = users(container, 1)
    assert reserve(container, code, reader, "cs_cc_release_once") == "ok"
    start = threading.Barrier(6)

    def release() -> None:
        start.wait()
        with container.uow() as uow:
            release_redemption(uow, checkout_id="cs_cc_release_once",
                               now=container.clock().now())
            uow.commit()

    with ThreadPoolExecutor(max_workers=6) as pool:
        for future in [pool.submit(release) for _ in range(6)]:
            future.result(timeout=120)
    assert state(container, code) == (0, 0)


def test_one_reader_with_a_limit_of_1_redeems_once_from_10_concurrent_checkouts(container):
    code = site_with_code(container, max_redemptions=None, per_reader_limit=1)
    (reader,) = users(container, 1)
    results = all_at_once(container, code, [reader] * 10)
    assert results.count("ok") == 1, results
    assert sorted(set(results) - {"ok"}) == ["422 reader_limit_reached"]
    assert state(container, code) == (1, 1)
