"""Generating a month's platform invoices eight times at once on Postgres (the year's number
counter not made yet): one set of invoices, numbered 1..n without a gap or a repeat, every
answer a 200; the next month's numbers follow on."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from ownverso.domain.identity.values import UserRole
from tests.api.test_platform_invoices import ADMIN, add_payment, generate
from tests.support.chapters import add_user, author_kit
from tests.support.paywall import bearer


def test_concurrent_generation_makes_one_gap_free_set(pg_client, pg_app):
    container = pg_app.container
    authors = [author_kit(container, tier="FREE").user for _ in range(4)]
    for n, author in enumerate(authors):
        add_payment(container, author.id, 1000 * (n + 1), at=datetime(2026, 10, 9, tzinfo=UTC))
        add_payment(container, author.id, 500, at=datetime(2026, 11, 9, tzinfo=UTC))
    container.clock().set(datetime(2026, 12, 2, tzinfo=UTC))
    admins = [bearer(container, add_user(container, role=UserRole.ADMIN).id)
              for _ in range(8)]

    def run(headers: dict):
        return generate(pg_app.test_client(), headers, year=2026, month=10)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(run, admins))

    assert [a.status_code for a in answers] == [200] * 8, [a.json for a in answers]
    assert sorted(a.json["created"] for a in answers) == [0] * 7 + [4]
    listed = pg_client.get(f"{ADMIN}/invoices", headers=admins[0]).json
    assert sorted(i["number"] for i in listed) == [f"OV-2026-{n:06d}" for n in range(1, 5)]
    assert sorted(i["author"]["id"] for i in listed) == sorted(a.id for a in authors)

    november = generate(pg_client, admins[0], year=2026, month=11)
    assert sorted(i["number"] for i in november.json["invoices"]) == [
        f"OV-2026-{n:06d}" for n in range(5, 9)]
