"""No endpoint hands gated text to a reader without the right.

A unique marker is planted past the preview paragraphs of a chapter under every gated rule
(SUBSCRIBERS, SPECIFIC_TIER, SCHEDULED_FREE before its date, FREE in early access, a draft, a
deleted chapter), in an author's note, an autosave and an imported draft. Then every GET route
of the app under /api/v1 (read from the URL map, so new endpoints are covered as they land) is
called with every chapter, series, site and job id, by readers who may not read them:
anonymous, signed in without a subscription, on a lower tier, expired, paused, cancelled past
the period end, with an unpaid checkout. No response may contain a marker. A gold subscriber
reading the same chapters proves the markers are there to be found. The pages of a gated comic
chapter past its one-page preview are markers too (their ids, in any signed link).
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import product

import pytest

from tests.api.test_comic_pages import comic_chapter, comic_series
from tests.support.paywall import API, Paywall
from tests.support.subscriptions import subscribe

PARAM = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
READERS = ("anonymous", "free", "lower_tier", "expired", "paused", "cancelled_past_end",
           "unpaid")


def text(marker: str) -> str:
    return f"One.\n\nTwo.\n\nThree.\n\nFour.\n\nThe hidden part: {marker}."


@dataclass
class World:
    wall: Paywall
    markers: dict[str, str] = field(default_factory=dict)  # marker -> chapter id
    values: dict[str, list] = field(default_factory=dict)  # URL parameter -> values
    readers: dict[str, str | None] = field(default_factory=dict)
    gold_reader: str = ""


def build(client) -> World:
    wall = Paywall.build(client, early_access_days=7)
    world = World(wall=wall)
    silver = wall.tier("Silver", 300)
    gold = wall.tier("Gold", 900, early_access_days=7)

    def gated(name: str, publish: bool = True, **body) -> str:
        marker = f"LEAKMARK{name.upper()}Q7Z"
        made = wall.chapter(content=text(marker), title=f"Chapter {name}", publish=publish,
                            **body)
        world.markers[marker] = made["id"]
        return made["id"]

    gated("subs", access_level="SUBSCRIBERS", price=199)
    tier_id = gated("tier", access_level="SPECIFIC_TIER", minimum_tier_id=gold,
                    author_note="A note that says LEAKMARKNOTEQ7Z.")
    world.markers["LEAKMARKNOTEQ7Z"] = tier_id
    scheduled = gated("sched", access_level="SUBSCRIBERS")
    wall.schedule_free(scheduled, wall.container.clock().now() + timedelta(days=30))
    wall.set_access(scheduled, access_level="SCHEDULED_FREE", minimum_tier_id=gold)
    gated("early")  # FREE, in the series' 7 days of early access
    gated("draft", publish=False)
    deleted = gated("deleted", access_level="SUBSCRIBERS")
    assert client.delete(f"{API}/chapters/{deleted}", headers=wall.author).status_code == 204
    autosaved = client.post(f"{API}/chapters/{tier_id}/autosave", headers=wall.author,
                            json={"content": "Draft: LEAKMARKAUTOSAVEQ7Z"})
    assert autosaved.status_code == 200, autosaved.json
    world.markers["LEAKMARKAUTOSAVEQ7Z"] = tier_id
    imported = client.post(f"{API}/series/{wall.series_id}/chapters/import/markdown",
                           headers=wall.author,
                           json={"markdown": "# Imported\n\nLEAKMARKIMPORTQ7Z here."})
    assert imported.status_code == 202, imported.json
    exported = client.get(f"{API}/series/{wall.series_id}/chapters/export?format=markdown",
                          headers=wall.author)
    assert exported.status_code == 202, exported.json

    comic_id = comic_series(wall)
    comic, pages = comic_chapter(wall, series_id=comic_id, pages=3, preview_paragraphs=1,
                                 access_level="SPECIFIC_TIER", minimum_tier_id=gold)
    world.markers.update({page["id"]: comic for page in pages[1:]})

    container = wall.container
    with container.uow() as uow:
        author = uow.users.get(wall.author_id)
        site, series = uow.sites.get(wall.site_id), uow.series.get(wall.series_id)
        chapter_ids = [c.id for c in uow.chapters.list(series_id=wall.series_id)] + [comic]
    world.values = {
        "chapter_id": chapter_ids, "series_id": [wall.series_id, comic_id],
        "site_id": [wall.site_id], "image_id": [pages[1]["id"]],
        "version_number": [1, 2], "first": [1], "second": [2],
        "format": ["markdown", "txt", "epub"], "slug": [site.slug, series.slug],
        "job_id": [imported.json["id"], exported.json["id"]], "username": [author.username],
        "user_id": [wall.author_id], "tier_id": [gold, silver],
    }

    states = {"lower_tier": (silver, "active"), "expired": (gold, "expired"),
              "paused": (gold, "paused"), "cancelled_past_end": (gold, "cancelled_past_end"),
              "unpaid": (gold, "unpaid")}
    world.readers = {"anonymous": None, "free": wall.reader()}
    for name, (tier, state) in states.items():
        world.readers[name] = wall.reader()
        subscribe(container, world.readers[name], wall.site_id, tier, state=state)
    world.gold_reader = wall.reader()
    subscribe(container, world.gold_reader, wall.site_id, gold)
    return world


def get_urls(app, values: dict[str, list]) -> list[tuple[str, str]]:
    """(rule, URL) for every GET route under /api/v1, with every combination of values."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not rule.rule.startswith(API):
            continue
        names = PARAM.findall(rule.rule)
        for combo in product(*(values.get(name, ["x"]) for name in names)):
            url = rule.rule
            for value in combo:
                url = PARAM.sub(str(value), url, count=1)
            urls.append((rule.rule, url))
            if "export" in rule.rule:
                urls += [(rule.rule, f"{url}?format={f}&sync=true") for f in ("markdown", "txt")]
    return urls


def body_text(response) -> str:
    data = response.get_data()
    if data.startswith(b"PK"):  # an EPUB: read every file inside
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            data = b"".join(book.read(name) for name in book.namelist())
    return data.decode("utf-8", errors="replace")


def allowed(reader: str) -> set[str]:
    """Markers a reader may see: a live lower tier still reads SUBSCRIBERS chapters."""
    return {"LEAKMARKSUBSQ7Z"} if reader == "lower_tier" else set()


@pytest.mark.parametrize("client_name", ["client", "pg_client"])
def test_no_endpoint_leaks_gated_text(request, client_name):
    client = request.getfixturevalue(client_name)
    world = build(client)
    wall, urls = world.wall, get_urls(client.application, world.values)
    rules = {rule for rule, _ in urls}
    for needed in ("read", "public", "content", "versions/<int:version_number>", "autosave",
                   "export/<format>", "access-check"):
        assert f"{API}/chapters/<chapter_id>/{needed}" in rules, needed

    seen = {marker: False for marker in world.markers}
    for url in (f"{API}/chapters/{cid}/read" for cid in set(world.markers.values())):
        found = body_text(client.get(url, headers=wall.headers(world.gold_reader)))
        seen.update({m: True for m in world.markers if m in found})
    assert not seen["LEAKMARKDRAFTQ7Z"] and seen["LEAKMARKSUBSQ7Z"]
    assert seen["LEAKMARKTIERQ7Z"] and seen["LEAKMARKNOTEQ7Z"] and seen["LEAKMARKEARLYQ7Z"]
    page_markers = [m for m in world.markers if m.startswith("cimg")]
    assert len(page_markers) == 2 and all(seen[m] for m in page_markers)

    author = body_text(client.get(f"{API}/chapters/{world.markers['LEAKMARKDRAFTQ7Z']}/content",
                                  headers=wall.author))
    assert "LEAKMARKDRAFTQ7Z" in author  # staff read drafts: the marker is really there

    statuses: dict[int, int] = {}
    for name in READERS:
        headers = wall.headers(world.readers[name])
        forbidden = set(world.markers) | {"LEAKMARKIMPORTQ7Z"}
        forbidden -= allowed(name)
        for _rule, url in urls:
            response = client.get(url, headers=headers)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            leaked = [m for m in forbidden if m in body_text(response)]
            assert not leaked, (name, url, response.status_code, leaked)
    assert statuses.get(200, 0) > len(READERS) * 10, statuses  # the readers got real answers
