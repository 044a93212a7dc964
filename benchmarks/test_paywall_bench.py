"""How fast the paywall answers, on the in-memory suite and on SQLite: a subscriber reading a
gated chapter, an anonymous reader's preview, and a reader's subscription list.

Run: ``.venv/bin/pytest benchmarks --benchmark-only``. Numbers are read by people, not
asserted.
"""

import pytest

from ownverso.entrypoints.app import create_app
from ownverso.entrypoints.bootstrap import wire
from tests.support.paywall import API, Paywall
from tests.support.subscriptions import subscribe

TEXT = "\n\n".join(f"Paragraph {n} of a long chapter." for n in range(200))


@pytest.fixture(params=["memory", "sqlite"])
def shelf(request, tmp_path):
    overrides = {} if request.param == "memory" else {
        "persistence": "sql", "database_url": f"sqlite:///{tmp_path / 'bench.db'}"}
    app = create_app(env="test", **overrides)
    if request.param == "sqlite":
        app.container.migrate()
    wire(app.container)
    client = app.test_client()
    wall = Paywall.build(client)
    tiers = [wall.tier(f"Tier {n}", 100 * (n + 1)) for n in range(10)]
    chapter = wall.chapter(content=TEXT, access_level="SPECIFIC_TIER", minimum_tier_id=tiers[5])
    reader = wall.reader()
    subscribe(wall.container, reader, wall.site_id, tiers[7])
    return client, wall, chapter["id"], wall.headers(reader)


def test_a_subscriber_reads_a_gated_chapter(benchmark, shelf):
    client, _, chapter_id, headers = shelf
    response = benchmark(client.get, f"{API}/chapters/{chapter_id}/read", headers=headers)
    assert response.json["access"]["granted"]


def test_an_anonymous_reader_gets_the_preview(benchmark, shelf):
    client, _, chapter_id, _ = shelf
    response = benchmark(client.get, f"{API}/chapters/{chapter_id}/read")
    assert not response.json["access"]["granted"]


def test_a_reader_lists_their_subscriptions(benchmark, shelf):
    client, _, _, headers = shelf
    response = benchmark(client.get, f"{API}/my-subscriptions", headers=headers)
    assert len(response.json) == 1
