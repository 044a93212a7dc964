"""Chapters on Postgres: the author's scenario over HTTP, the scheduler publishing exactly
once under concurrency, and lists whose statement count does not grow with their length."""

import threading
from datetime import timedelta
from itertools import count

import pytest

from ownverso.domain.publishing.chapter_values import ChapterStatus
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.entrypoints.workers.jobs.publishing import publish_due_chapters
from tests.support.chapters import api_author, api_member, new_chapter
from tests.support.sql_counter import count_statements

API = "/api/v1"
_addresses = count(1)


@pytest.fixture
def clock(pg_client):
    """The session's fixed clock, put back where it was after the test."""
    clock = pg_client.application.container.clock()
    start = clock.now()
    yield clock
    clock.set(start)


@pytest.fixture
def author(pg_client):
    # an address of our own: the session-wide sign-up and login throttles are not ours to use up
    pg_client.environ_base["REMOTE_ADDR"] = f"10.66.{next(_addresses)}.1"
    app = pg_client.application
    return api_author(pg_client, app.container.mailer(), email="pg@example.com",
                      username="pgauthor", tier="STARTER")


def test_an_author_writes_restores_schedules_and_readers_see_only_what_is_published(
        pg_client, clock, author):
    client = pg_client
    who, _, series_id = author
    chapter = new_chapter(client, who, series_id, title="The Storm", content=(
        "# The Storm\n\nRain <script>alert('x')</script> and "
        "<img src=x onerror=alert(1)> [home](javascript:alert(2))"))
    html = chapter["content_html"]
    assert "<script" not in html and "onerror" not in html and 'href="javascript' not in html
    url = f"{API}/chapters/{chapter['id']}"
    client.put(f"{url}/content", headers=who.headers,
               json={"content": "Rewritten.", "change_note": "Second draft"})
    versions = client.get(f"{url}/versions", headers=who.headers).json
    assert [(v["version_number"], v["change_note"]) for v in versions] == [
        (2, "Second draft"), (1, "Created")]
    restored = client.post(f"{url}/versions/1/restore", headers=who.headers).json
    assert restored["current_version"] == 3 and restored["content"].startswith("# The Storm")
    draft = new_chapter(client, who, series_id, title="Not yet", content="Hidden.")
    scheduled = client.post(f"{url}/schedule", headers=who.headers, json={
        "publish_at": (clock.now() + timedelta(minutes=5)).isoformat()})
    assert scheduled.status_code == 200, scheduled.json
    assert client.get(f"{url}/public").status_code == 404
    assert client.get(f"{API}/series/{series_id}/chapters/public").json == []

    clock.advance(minutes=5)
    assert publish_due_chapters() == {"published": 1, "failed": 0, "skipped": 0}
    assert publish_due_chapters()["published"] == 0
    public = client.get(f"{API}/series/{series_id}/chapters/public").json
    assert [c["id"] for c in public] == [chapter["id"]]
    reader_view = client.get(f"{url}/public").json
    assert reader_view["content_html"].startswith("<h1>The Storm</h1>")
    assert client.get(f"{API}/chapters/{draft['id']}/public").status_code == 404
    mine = client.get(f"{API}/series/{series_id}/chapters", headers=who.headers)
    assert mine.status_code == 200, mine.json
    assert {c["status"] for c in mine.json} == {"PUBLISHED", "DRAFT"}


def test_editors_write_analysts_do_not_and_strangers_see_nothing_on_postgres(pg_client,
                                                                              author):
    client, mailer = pg_client, pg_client.application.container.mailer()
    who, site_id, series_id = author
    chapter = new_chapter(client, who, series_id, content="Text.")
    url = f"{API}/chapters/{chapter['id']}"
    editor = api_member(client, mailer, site_id, CollaboratorRole.EDITOR,
                        owner_id=who.user["id"], email="e@example.com", username="editor")
    analyst = api_member(client, mailer, site_id, CollaboratorRole.ANALYST,
                         owner_id=who.user["id"], email="a@example.com", username="analyst")
    stranger, _, _ = api_author(client, mailer, email="s@example.com", username="stranger")
    assert client.put(f"{url}/content", headers=editor.headers,
                      json={"content": "Edited."}).status_code == 200
    assert client.get(url, headers=analyst.headers).json["content"] == "Edited."
    assert client.put(f"{url}/content", headers=analyst.headers,
                      json={"content": "No."}).status_code == 403
    assert client.get(url, headers=stranger.headers).status_code == 404
    assert client.post(f"{url}/publish", headers=stranger.headers).status_code == 404


def test_concurrent_scheduler_runs_publish_each_chapter_exactly_once(pg_client, clock, author):
    client = pg_client
    who, _, series_id = author
    ids = []
    for n in range(6):
        chapter = new_chapter(client, who, series_id, title=f"C{n}", content="Words here.")
        client.post(f"{API}/chapters/{chapter['id']}/schedule", headers=who.headers,
                    json={"publish_at": (clock.now() + timedelta(minutes=5)).isoformat()})
        ids.append(chapter["id"])
    clock.advance(minutes=5)
    container = client.application.container
    runs, barrier = [], threading.Barrier(3)

    def run():
        barrier.wait()
        runs.append(container.chapter_publishing().publish_due())

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    published = [i for r in runs for i in r.published]
    assert sorted(published) == sorted(ids)  # each once, whoever got it
    assert not [i for r in runs for i in r.failed]
    with container.uow() as uow:
        series = uow.series.get(series_id)
        assert {uow.chapters.get(i).status for i in ids} == {ChapterStatus.PUBLISHED}
    assert (series.published_chapter_count, series.word_count) == (6, 12)


def test_a_run_waits_for_the_lock_and_then_skips_what_the_other_published(pg_client, clock,
                                                                           author):
    client = pg_client
    who, _, series_id = author
    chapter = new_chapter(client, who, series_id, content="Words.")
    client.post(f"{API}/chapters/{chapter['id']}/schedule", headers=who.headers,
                json={"publish_at": (clock.now() + timedelta(minutes=1)).isoformat()})
    clock.advance(minutes=1)
    container = client.application.container
    other = {}
    with container.uow() as uow:  # a first run holds the series and the chapter
        uow.series.get_by(id=series_id, for_update=True)
        mine = uow.chapters.get_by(id=chapter["id"], for_update=True)
        thread = threading.Thread(target=lambda: other.setdefault(
            "run", container.chapter_publishing().publish_due()))
        thread.start()
        thread.join(timeout=1)
        assert thread.is_alive()  # blocked on the lock
        mine.publish(now=clock.now())
        uow.commit()
    thread.join(timeout=30)
    assert other["run"].published == [] and other["run"].skipped == [chapter["id"]]


@pytest.mark.parametrize("listing", ["private", "public", "versions"])
def test_chapter_lists_cost_the_same_for_one_or_many(pg_client, author, listing):
    client = pg_client
    who, _, series_id = author
    engine = client.application.container.engine()
    first = new_chapter(client, who, series_id, content="Words.")

    def add_more():
        for n in range(7):
            if listing == "versions":
                client.put(f"{API}/chapters/{first['id']}/content", headers=who.headers,
                           json={"content": f"Version {n}"})
            else:
                made = new_chapter(client, who, series_id, content="Words.")
                client.post(f"{API}/chapters/{made['id']}/publish", headers=who.headers)

    def fetch():
        if listing == "private":
            return client.get(f"{API}/series/{series_id}/chapters", headers=who.headers)
        if listing == "public":
            return client.get(f"{API}/series/{series_id}/chapters/public")
        return client.get(f"{API}/chapters/{first['id']}/versions", headers=who.headers)

    client.post(f"{API}/chapters/{first['id']}/publish", headers=who.headers)
    with count_statements(engine) as one:
        assert len(fetch().json) == 1
    add_more()
    with count_statements(engine) as many:
        assert len(fetch().json) == 8
    assert len(many) == len(one)
