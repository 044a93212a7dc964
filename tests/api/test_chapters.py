"""The chapters API through the Flask test client on the in-memory suite."""

from datetime import timedelta

import pytest

from ownverso.entrypoints.bootstrap import wire
from ownverso.entrypoints.workers.jobs.publishing import publish_due_chapters
from tests.support.chapters import api_author, new_chapter

API = "/api/v1"


@pytest.fixture
def author(client, mailer):
    return api_author(client, mailer, email="mira@example.com", username="mira",
                      tier="STARTER")


def test_an_author_writes_versions_and_publishes_a_chapter(client, author):
    who, _, series_id = author
    created = new_chapter(client, who, series_id, title="The Storm",
                          content="Rain. <script>alert(1)</script>")
    assert created["status"] == "DRAFT" and created["slug"] == "the-storm"
    assert "<script" not in created["content_html"]
    chapter = f"{API}/chapters/{created['id']}"
    put = client.put(f"{chapter}/content", headers=who.headers,
                     json={"content": "Rain, and wind.", "change_note": "More weather"})
    assert put.status_code == 200 and put.json["current_version"] == 2
    versions = client.get(f"{chapter}/versions", headers=who.headers)
    assert [v["version_number"] for v in versions.json] == [2, 1]
    assert "content" not in versions.json[0]
    assert versions.headers["X-Pagination"]
    diff = client.get(f"{chapter}/versions/1/diff", headers=who.headers).json
    assert "+Rain, and wind." in diff["diff"] and diff["to_label"] == "current"
    compare = client.get(f"{chapter}/versions/compare/1/2", headers=who.headers).json
    assert compare["additions"] == 1 and compare["deletions"] == 1
    restored = client.post(f"{chapter}/versions/1/restore", headers=who.headers)
    assert restored.status_code == 200 and restored.json["current_version"] == 3
    assert client.get(f"{chapter}/versions/1", headers=who.headers).json[
        "content"].startswith("Rain. <script>")
    published = client.post(f"{chapter}/publish", headers=who.headers)
    assert published.status_code == 200 and published.json["status"] == "PUBLISHED"
    public = client.get(f"{chapter}/public")
    assert public.status_code == 200 and public.json["content_html"].startswith("<p>Rain.")
    assert "content" not in public.json and not public.json["is_locked"]


def test_the_series_lists_and_the_public_list(client, author):
    who, _, series_id = author
    draft = new_chapter(client, who, series_id, title="Draft")
    shown = new_chapter(client, who, series_id, title="Shown", content="Words.")
    client.post(f"{API}/chapters/{shown['id']}/publish", headers=who.headers)
    mine = client.get(f"{API}/series/{series_id}/chapters", headers=who.headers)
    assert [c["id"] for c in mine.json] == [draft["id"], shown["id"]]
    drafts = client.get(f"{API}/series/{series_id}/chapters?status=DRAFT", headers=who.headers)
    assert [c["id"] for c in drafts.json] == [draft["id"]]
    public = client.get(f"{API}/series/{series_id}/chapters/public")
    assert [c["id"] for c in public.json] == [shown["id"]]
    assert client.get(f"{API}/chapters/{draft['id']}/public").status_code == 404
    assert client.get(f"{API}/series/{series_id}/chapters").status_code == 401


def test_create_and_edit_validate_their_bodies(client, author):
    who, _, series_id = author
    url = f"{API}/series/{series_id}/chapters"
    for body in ({"slug": "Not A Slug"}, {"chapter_number": -1}, {"surprise": 1},
                 {"price": "12"}, {"volume_number": 1.5}):
        response = client.post(url, json=body, headers=who.headers)
        assert response.status_code == 422, body
    one = new_chapter(client, who, series_id, title="One")
    taken = client.post(url, json={"slug": one["slug"]}, headers=who.headers)
    assert taken.status_code == 409 and taken.json["error"] == "slug_taken"
    edited = client.patch(f"{API}/chapters/{one['id']}", headers=who.headers,
                          json={"title": "Uno", "chapter_number": 1.5})
    assert edited.json["title"] == "Uno" and edited.json["chapter_number"] == 1.5


def test_delete_restore_and_duplicate(client, author):
    who, _, series_id = author
    one = new_chapter(client, who, series_id, title="One")
    url = f"{API}/chapters/{one['id']}"
    assert client.delete(url, headers=who.headers).status_code == 204
    assert client.get(url, headers=who.headers).status_code == 404
    binned = client.get(f"{API}/series/{series_id}/chapters?deleted=true", headers=who.headers)
    assert [c["id"] for c in binned.json] == [one["id"]]
    assert client.post(f"{url}/restore", headers=who.headers).status_code == 200
    copy = client.post(f"{url}/duplicate", headers=who.headers)
    assert copy.status_code == 201 and copy.json["slug"] == "one-copy"


def test_autosave_is_apart_from_the_text(client, author):
    who, _, series_id = author
    one = new_chapter(client, who, series_id, content="Saved.")
    url = f"{API}/chapters/{one['id']}/autosave"
    assert client.get(url, headers=who.headers).json["exists"] is False
    saved = client.post(url, json={"content": "Typing…"}, headers=who.headers)
    assert saved.status_code == 200 and saved.json["content"] == "Typing…"
    text = client.get(f"{API}/chapters/{one['id']}/content", headers=who.headers).json
    assert text["content"] == "Saved." and text["current_version"] == 1
    assert client.delete(url, headers=who.headers).status_code == 204
    assert client.get(url, headers=who.headers).json["content"] is None


def test_schedule_then_the_job_publishes_it(client, author, app):
    who, _, series_id = author
    one = new_chapter(client, who, series_id, content="Soon.")
    url = f"{API}/chapters/{one['id']}/schedule"
    clock = app.container.clock()
    bad = client.post(url, json={"publish_at": "2026-01-02T09:00:00"}, headers=who.headers)
    assert bad.status_code == 422 and bad.json["error"] == "timezone_required"
    past = client.post(url, json={"publish_at": "2025-01-02T09:00:00Z"}, headers=who.headers)
    assert past.status_code == 422 and past.json["error"] == "date_in_past"
    scheduled = client.post(url, headers=who.headers, json={
        "publish_at": "2026-01-02T09:00:00", "timezone": "Asia/Kolkata"})
    assert scheduled.status_code == 200
    assert scheduled.json["scheduled_at"].startswith("2026-01-02T03:30:00")
    moved = client.patch(url, headers=who.headers,
                         json={"publish_at": "2026-01-02T10:00:00+05:30"})
    assert moved.json["scheduled_at"].startswith("2026-01-02T04:30:00")
    assert client.post(url, headers=who.headers, json={
        "publish_at": "2026-01-03T10:00:00Z"}).status_code == 409
    clock.advance(timedelta(days=1))
    wire(app.container)
    assert publish_due_chapters()["published"] == 1
    public = client.get(f"{API}/series/{series_id}/chapters/public").json
    assert [c["id"] for c in public] == [one["id"]]
    assert publish_due_chapters()["published"] == 0


def test_scheduling_on_the_free_plan_is_403(client, mailer):
    who, _, series_id = api_author(client, mailer, email="free@example.com", username="free")
    one = new_chapter(client, who, series_id, content="x")
    response = client.post(f"{API}/chapters/{one['id']}/schedule", headers=who.headers,
                           json={"publish_at": "2026-02-01T00:00:00Z"})
    assert response.status_code == 403 and response.json["error"] == "feature_not_in_plan"


def test_access_and_free_date(client, author):
    who, _, series_id = author
    one = new_chapter(client, who, series_id, content="x")
    url = f"{API}/chapters/{one['id']}"
    bad = client.patch(f"{url}/access", json={"access_level": "SPECIFIC_TIER"},
                       headers=who.headers)
    assert bad.status_code == 422 and "minimum_tier_id" in bad.json["errors"]["json"]
    ok = client.patch(f"{url}/access", headers=who.headers, json={
        "access_level": "SUBSCRIBERS", "price": 199, "preview_paragraphs": 2})
    assert ok.status_code == 200 and ok.json["is_purchasable"] is True
    free = client.post(f"{url}/schedule-free", headers=who.headers,
                       json={"free_at": "2026-03-01T00:00:00Z"})
    assert free.status_code == 200 and free.json["free_at"].startswith("2026-03-01")
    assert client.post(f"{url}/schedule-free", headers=who.headers,
                       json={"free_at": "2026-03-02T00:00:00Z"}).status_code == 409
    assert client.patch(f"{url}/schedule-free", headers=who.headers,
                        json={"free_at": "2026-03-02T00:00:00Z"}).status_code == 200
    assert client.delete(f"{url}/schedule-free", headers=who.headers).json["free_at"] is None
    assert client.get(f"{url}/access", headers=who.headers).json["price"] == 199


def test_status_moves_and_invalid_ones(client, author):
    who, _, series_id = author
    one = new_chapter(client, who, series_id, content="x")
    url = f"{API}/chapters/{one['id']}"
    refused = client.post(f"{url}/unpublish", headers=who.headers)
    assert refused.status_code == 409 and refused.json["error"] == "invalid_chapter_transition"
    client.post(f"{url}/publish", headers=who.headers)
    assert client.post(f"{url}/archive", headers=who.headers).json["status"] == "ARCHIVED"
    assert client.post(f"{url}/unarchive", headers=who.headers).json["status"] == "PUBLISHED"
    assert client.post(f"{url}/unpublish", headers=who.headers).json["status"] == "DRAFT"
    assert client.delete(f"{url}/schedule", headers=who.headers).status_code == 409


def test_bulk_is_all_or_nothing_with_a_result_per_chapter(client, author):
    who, _, series_id = author
    one, two = (new_chapter(client, who, series_id, content="x") for _ in range(2))
    empty = new_chapter(client, who, series_id)
    url = f"{API}/series/{series_id}/chapters/bulk"
    failed = client.post(f"{url}/publish", headers=who.headers,
                         json={"chapter_ids": [one["id"], empty["id"], two["id"]]})
    assert failed.status_code == 422 and failed.json["error"] == "bulk_failed"
    results = failed.json["errors"]["json"]["results"]
    assert [(r["chapter_id"], r["ok"]) for r in results] == [
        (one["id"], True), (empty["id"], False), (two["id"], True)]
    assert results[1]["error"] == "chapter_empty"
    mine = client.get(f"{API}/series/{series_id}/chapters?status=PUBLISHED",
                      headers=who.headers)
    assert mine.json == []
    done = client.post(f"{url}/publish", headers=who.headers,
                       json={"chapter_ids": [one["id"], two["id"]]})
    assert done.status_code == 200 and all(r["ok"] for r in done.json["results"])
    for op, extra in (("update", {"changes": {"volume_number": 3}}),
                      ("access", {"access": {"access_level": "SUBSCRIBERS"}}),
                      ("schedule", {"publish_at": "2026-02-01T00:00:00Z",
                                    "interval_hours": 24}),
                      ("delete", {})):
        ids = [empty["id"]] if op == "schedule" else [one["id"], two["id"]]
        response = client.post(f"{url}/{op}", headers=who.headers,
                               json={"chapter_ids": ids, **extra})
        assert response.status_code == 200, (op, response.json)
    assert client.post(f"{url}/delete", headers=who.headers,
                       json={"chapter_ids": []}).status_code == 422


def test_reorder_move_and_warnings(client, author, app):
    who, site_id, series_id = author
    one, two = (new_chapter(client, who, series_id, title=t) for t in ("One", "Two"))
    reordered = client.patch(f"{API}/series/{series_id}/chapters/reorder", headers=who.headers,
                             json={"chapter_ids": [two["id"], one["id"]]})
    assert [c["id"] for c in reordered.json] == [two["id"], one["id"]]
    from tests.support.chapters import add_series

    other = add_series(app.container, site_id=site_id, author_id=who.user["id"])
    moved = client.post(f"{API}/chapters/{one['id']}/move", headers=who.headers,
                        json={"series_id": other})
    assert moved.status_code == 200 and moved.json["series_id"] == other
    url = f"{API}/chapters/{two['id']}/warnings"
    added = client.post(url, headers=who.headers, json={"warning_id": "cw_gore"})
    assert added.status_code == 201 and added.json[0]["slug"] == "gore"
    assert client.post(url, headers=who.headers,
                       json={"warning_id": "cw_gore"}).status_code == 409
    put = client.put(url, headers=who.headers, json={"warnings": [
        {"warning_id": "cw_horror", "details": "Ghosts"}]})
    assert [w["warning_id"] for w in put.json] == ["cw_horror"]
    assert client.get(url).status_code == 404  # a draft: not for readers
    assert client.delete(f"{url}/cw_horror", headers=who.headers).status_code == 204
    assert client.get(url, headers=who.headers).json == []
