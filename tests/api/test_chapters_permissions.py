"""Who may do what on chapters, over HTTP: another author gets 404 on every private chapter
endpoint, an ANALYST reads but gets 403 on every write, an EDITOR writes."""

import pytest

from ownverso.domain.sites.values import CollaboratorRole
from tests.support.chapters import add_series, api_author, api_member, new_chapter

API = "/api/v1"
S, C, D, T = "{series}", "{chapter}", "{deleted}", "{target}"
READS = [
    ("get", f"/series/{S}/chapters", None),
    ("get", f"/chapters/{C}", None),
    ("get", f"/chapters/{C}/content", None),
    ("get", f"/chapters/{C}/autosave", None),
    ("get", f"/chapters/{C}/versions", None),
    ("get", f"/chapters/{C}/versions/1", None),
    ("get", f"/chapters/{C}/versions/1/diff", None),
    ("get", f"/chapters/{C}/versions/compare/1/1", None),
    ("get", f"/chapters/{C}/access", None),
    ("get", f"/chapters/{C}/warnings", None),
]
WRITES = [
    ("post", f"/series/{S}/chapters", {"title": "New"}),
    ("patch", f"/series/{S}/chapters/reorder", {"chapter_ids": [C]}),
    ("post", f"/series/{S}/chapters/bulk/update", {"chapter_ids": [C], "changes": {}}),
    ("post", f"/series/{S}/chapters/bulk/delete", {"chapter_ids": [C]}),
    ("post", f"/series/{S}/chapters/bulk/publish", {"chapter_ids": [C]}),
    ("post", f"/series/{S}/chapters/bulk/access", {"chapter_ids": [C], "access": {}}),
    ("post", f"/series/{S}/chapters/bulk/schedule",
     {"chapter_ids": [C], "publish_at": "2026-05-01T00:00:00Z"}),
    ("patch", f"/chapters/{C}", {"title": "Changed"}),
    ("delete", f"/chapters/{C}", None),
    ("post", f"/chapters/{D}/restore", None),
    ("post", f"/chapters/{C}/duplicate", None),
    ("post", f"/chapters/{C}/move", {"series_id": T}),
    ("put", f"/chapters/{C}/content", {"content": "Changed"}),
    ("post", f"/chapters/{C}/autosave", {"content": "Changed"}),
    ("delete", f"/chapters/{C}/autosave", None),
    ("post", f"/chapters/{C}/versions/1/restore", None),
    ("post", f"/chapters/{C}/publish", None),
    ("post", f"/chapters/{C}/unpublish", None),
    ("post", f"/chapters/{C}/schedule", {"publish_at": "2026-05-01T00:00:00Z"}),
    ("patch", f"/chapters/{C}/schedule", {"publish_at": "2026-05-01T00:00:00Z"}),
    ("delete", f"/chapters/{C}/schedule", None),
    ("post", f"/chapters/{C}/archive", None),
    ("post", f"/chapters/{C}/unarchive", None),
    ("patch", f"/chapters/{C}/access", {"access_level": "SUBSCRIBERS"}),
    ("post", f"/chapters/{C}/schedule-free", {"free_at": "2026-05-01T00:00:00Z"}),
    ("patch", f"/chapters/{C}/schedule-free", {"free_at": "2026-05-01T00:00:00Z"}),
    ("delete", f"/chapters/{C}/schedule-free", None),
    ("post", f"/chapters/{C}/warnings", {"warning_id": "cw_gore"}),
    ("put", f"/chapters/{C}/warnings", {"warnings": []}),
    ("delete", f"/chapters/{C}/warnings/cw_gore", None),
]


@pytest.fixture
def world(client, mailer):
    """An author's series with a draft chapter (and one in the bin), another series of theirs."""
    owner, site_id, series_id = api_author(client, mailer, email="own@example.com",
                                           username="owner", tier="STARTER")
    chapter = new_chapter(client, owner, series_id, title="Private", content="Secret text.")
    deleted = new_chapter(client, owner, series_id, title="Binned")
    client.delete(f"{API}/chapters/{deleted['id']}", headers=owner.headers)
    target = add_series(client.application.container, site_id=site_id,
                        author_id=owner.user["id"])
    ids = {S: series_id, C: chapter["id"], D: deleted["id"], T: target}
    return owner, site_id, ids


def call(client, who, method, path, body, ids):
    for key, value in ids.items():
        path = path.replace(key, value)
    if body is not None:
        body = {k: ([ids.get(i, i) for i in v] if isinstance(v, list)
                    else ids.get(v, v) if isinstance(v, str) else v)
                for k, v in body.items()}
    return getattr(client, method)(f"{API}{path}", json=body, headers=who.headers)


def test_another_author_gets_404_on_every_private_chapter_endpoint(client, mailer, world):
    _, _, ids = world
    stranger, _, _ = api_author(client, mailer, email="other@example.com", username="other",
                                tier="STARTER")
    for method, path, body in READS + WRITES:
        response = call(client, stranger, method, path, body, ids)
        assert response.status_code == 404, (method, path, response.json)
        assert "Secret" not in response.get_data(as_text=True)


def test_an_analyst_reads_but_every_write_is_403(client, mailer, world):
    owner, site_id, ids = world
    analyst = api_member(client, mailer, site_id, CollaboratorRole.ANALYST,
                         owner_id=owner.user["id"], email="ana@example.com", username="ana")
    for method, path, body in READS:
        response = call(client, analyst, method, path, body, ids)
        assert response.status_code == 200, (method, path, response.json)
    for method, path, body in WRITES:
        response = call(client, analyst, method, path, body, ids)
        assert response.status_code == 403, (method, path, response.json)
        assert response.json["error"] == "missing_permission"


def test_an_editor_edits_publishes_and_deletes_chapters(client, mailer, world):
    owner, site_id, ids = world
    editor = api_member(client, mailer, site_id, CollaboratorRole.EDITOR,
                        owner_id=owner.user["id"], email="ed@example.com", username="eddie")
    chapter = f"{API}/chapters/{ids[C]}"
    assert client.patch(chapter, json={"title": "Edited"}, headers=editor.headers).json[
        "title"] == "Edited"
    assert client.put(f"{chapter}/content", json={"content": "By the editor."},
                      headers=editor.headers).json["current_version"] == 2
    assert client.post(f"{chapter}/publish", headers=editor.headers).status_code == 200
    created = client.post(f"{API}/series/{ids[S]}/chapters", json={"title": "Ed's"},
                          headers=editor.headers)
    assert created.status_code == 201 and created.json["author_id"] == owner.user["id"]
    assert client.delete(f"{API}/chapters/{created.json['id']}",
                         headers=editor.headers).status_code == 204
    price = client.patch(f"{chapter}/access", headers=editor.headers,
                         json={"access_level": "SUBSCRIBERS", "price": 100})
    assert price.status_code == 403  # prices are monetization, not content
