"""The whole journey of issue 3 over HTTP, on the in-memory suite and on Postgres: an author
builds a site and publishes a serial; a collaborator helps; strangers and readers see only
what they should."""

import io
import zipfile
from datetime import timedelta

import docx
import pytest

from ownverso.entrypoints.workers.jobs.publishing import publish_due_chapters
from tests.support.api import login, sign_up_and_in

API = "/api/v1"


@pytest.fixture(params=["memory", "postgres"])
def http(request):
    return request.getfixturevalue("client" if request.param == "memory" else "pg_client")


def become_author(http, who):
    response = http.post(f"{API}/author-profile", json={"pen_name": "M. Vale"},
                         headers=who.headers)
    assert response.status_code == 201, response.json


def upgrade(http, email, tier):
    """Billing comes with its own issue; here the plan is set directly."""
    with http.application.container.uow() as uow:
        uow.users.get_by(email=email).platform_tier = tier
        uow.commit()


def word_file() -> bytes:
    document = docx.Document()
    document.add_heading("Chapter Two: The Storm", level=1)
    document.add_paragraph("Rain fell on the harbour.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_author_builds_a_site_and_publishes_a_serial(http):
    app, mail = http.application, http.application.container.mailer()
    author = sign_up_and_in(http, mail, email="journey@example.com", username="journey")
    become_author(http, author)
    upgrade(http, author.email, "STARTER")
    h = author.headers

    site = http.post(f"{API}/sites", json={"name": "Tidewater", "slug": "tidewater"}, headers=h)
    assert site.status_code == 201, site.json
    site_id = site.json["id"]
    series = http.post(f"{API}/sites/{site_id}/series", headers=h, json={
        "title": "Salt and Iron", "synopsis": "A harbour town at war with the sea."})
    assert series.status_code == 201, series.json
    series_id = series.json["id"]
    assert http.post(f"{API}/series/{series_id}/publish", headers=h).status_code == 200
    genre_id = http.get(f"{API}/genres?flat=true").json[0]["id"]
    assert http.put(f"{API}/series/{series_id}/genres", json={"genre_ids": [genre_id]},
                    headers=h).status_code == 200
    tags = http.put(f"{API}/series/{series_id}/tags", json={"names": ["slow burn"]}, headers=h)
    assert tags.status_code == 200, tags.json

    # a chapter in Markdown: the script never survives
    chapter = http.post(f"{API}/series/{series_id}/chapters", headers=h, json={
        "title": "The Tide", "content": "# Tide\n\nIt rose.<script>alert(1)</script>"})
    assert chapter.status_code == 201, chapter.json
    chapter_id = chapter.json["id"]
    content = http.get(f"{API}/chapters/{chapter_id}/content", headers=h).json
    assert "<script" not in content["content_html"] and "It rose." in content["content_html"]

    # versions, and restoring one makes a new one
    http.put(f"{API}/chapters/{chapter_id}/content", headers=h,
             json={"content": "It fell.", "change_note": "rewrite"})
    versions = http.get(f"{API}/chapters/{chapter_id}/versions", headers=h).json
    first = min(v["version_number"] for v in versions)
    restored = http.post(f"{API}/chapters/{chapter_id}/versions/{first}/restore", headers=h)
    assert restored.status_code == 200, restored.json
    assert len(http.get(f"{API}/chapters/{chapter_id}/versions", headers=h).json) == \
        len(versions) + 1
    assert "It rose." in http.get(f"{API}/chapters/{chapter_id}/content",
                                  headers=h).json["content"]

    # scheduled, then published by the scheduler's job
    when = app.container.clock().now() + timedelta(hours=2)
    scheduled = http.post(f"{API}/chapters/{chapter_id}/schedule", headers=h,
                          json={"publish_at": when.isoformat()})
    assert scheduled.status_code == 200, scheduled.json
    assert http.get(f"{API}/series/{series_id}/chapters/public").json == []
    app.container.clock().advance(hours=3)
    publish_due_chapters()
    publish_due_chapters()  # never twice
    public = http.get(f"{API}/series/{series_id}/chapters/public").json
    assert [c["id"] for c in public] == [chapter_id]
    h = {"Authorization": f"Bearer {login(http, author.email)['access_token']}"}  # time passed

    # a Word import adds a chapter; the series exports as a real EPUB
    imported = http.post(f"{API}/series/{series_id}/chapters/import/word", headers=h,
                         data={"file": (io.BytesIO(word_file()), "storm.docx")},
                         content_type="multipart/form-data")
    assert imported.status_code == 202, imported.json
    job = http.get(f"{API}/import-jobs/{imported.json['id']}", headers=h).json
    assert job["status"] == "COMPLETED", job
    epub = http.get(f"{API}/series/{series_id}/chapters/export?format=epub&sync=true",
                    headers=h)
    assert epub.status_code == 200
    book = zipfile.ZipFile(io.BytesIO(epub.data))
    assert book.namelist()[0] == "mimetype"
    assert book.read("mimetype") == b"application/epub+zip"

    # a reader sees only the published chapter, not the imported draft
    reader = sign_up_and_in(http, mail, email="reader.j@example.com", username="readerj")
    drafts = [c for c in http.get(f"{API}/series/{series_id}/chapters", headers=h).json
              if c["status"] == "DRAFT"]
    assert drafts
    assert http.get(f"{API}/chapters/{drafts[0]['id']}/public",
                    headers=reader.headers).status_code == 404
    assert http.get(f"{API}/chapters/{chapter_id}/public",
                    headers=reader.headers).status_code == 200

    # an EDITOR edits chapters but cannot delete the site
    editor = sign_up_and_in(http, mail, email="editor.j@example.com", username="editorj")
    invite = http.post(f"{API}/sites/{site_id}/collaborators", headers=h,
                       json={"email": editor.email, "role": "EDITOR"})
    assert invite.status_code == 201, invite.json
    token = mail.last_to(editor.email).text.split("token=")[1].split()[0]
    assert http.post(f"{API}/collaborator-invites/{token}/accept",
                     headers=editor.headers).status_code == 200
    edit = http.patch(f"{API}/chapters/{chapter_id}", headers=editor.headers,
                      json={"title": "The Tide, revised"})
    assert edit.status_code == 200, edit.json
    assert http.delete(f"{API}/sites/{site_id}", headers=editor.headers).status_code == 403

    # another author: 404 on the private side of every object
    stranger = sign_up_and_in(http, mail, email="other.j@example.com", username="otherj")
    become_author(http, stranger)
    for path in (f"/sites/{site_id}", f"/series/{series_id}", f"/chapters/{chapter_id}",
                 f"/chapters/{chapter_id}/versions", f"/series/{series_id}/chapters"):
        assert http.get(API + path, headers=stranger.headers).status_code == 404, path
    assert http.delete(f"{API}/chapters/{chapter_id}",
                       headers=stranger.headers).status_code == 404


def test_the_plan_usage_counts_the_authors_chapters(client, mailer):
    author = sign_up_and_in(client, mailer, email="count@example.com", username="counter")
    become_author(client, author)
    site = client.post(f"{API}/sites", json={"name": "Count", "slug": "count-site"},
                       headers=author.headers).json
    series = client.post(f"{API}/sites/{site['id']}/series", json={"title": "Numbers"},
                         headers=author.headers).json
    for title in ("One", "Two"):
        client.post(f"{API}/series/{series['id']}/chapters", json={"title": title},
                    headers=author.headers)
    usage = client.get(f"{API}/users/me/usage", headers=author.headers).json["usage"]
    assert usage["total_chapters"]["used"] == 2
    assert usage["series"]["used"] == 1
