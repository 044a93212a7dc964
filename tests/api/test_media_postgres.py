"""The media library on Postgres through the API: one scenario across the module, and lists
that cost the same number of statements whatever their length."""

import io
import json

import pytest

from ownverso.domain.sites.values import CollaboratorRole
from tests.support.api import sign_up_and_in
from tests.support.media import MP3, PDF, add_collaborator, add_site, image, png
from tests.support.sql_counter import count_statements

API = "/api/v1/media"


@pytest.fixture
def people(pg_client):
    mailer = pg_client.application.container.mailer()
    return [sign_up_and_in(pg_client, mailer, email=f"{name}@example.com", username=name)
            for name in ("author", "editor", "stranger")]


def upload(client, who, data=None, filename="cover.png", content_type="image/png", **form):
    body = {"file": (io.BytesIO(data or png()), filename, content_type), **form}
    response = client.post(f"{API}/upload", data=body, headers=who.headers,
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.json
    return response.json


def test_the_media_library_on_postgres(pg_client, people):
    client, container = pg_client, pg_client.application.container
    author, editor, stranger = people
    site = add_site(container.uow, author.user["id"], slug="pg-moon")
    add_collaborator(container.uow, site, editor.user["id"], CollaboratorRole.EDITOR,
                     invited_by=author.user["id"])

    folder = client.post(f"{API}/folders", headers=author.headers,
                         json={"name": "Covers", "site_id": site}).json
    cover = upload(client, editor, image("JPEG", (200, 100)), "cover.jpg", "image/jpeg",
                   site_id=site, folder_id=folder["id"], tags="Moon,Night")
    song = upload(client, author, MP3, "song.mp3", "audio/mpeg", tags="moon")
    lie = upload(client, author, png(), "notes.pdf", "application/pdf")
    assert cover["owner_id"] == author.user["id"] and lie["status"] == "QUARANTINED"

    def listed(query, who=author):
        response = client.get(f"{API}?{query}", headers=who.headers)
        assert response.status_code == 200, response.json
        return [f["id"] for f in response.json]

    assert set(listed("")) == {cover["id"], song["id"], lie["id"]}
    assert set(listed("tag=moon")) == {cover["id"], song["id"]}
    assert listed("tag=night") == [cover["id"]]
    assert listed("search=COV&type=image") == [cover["id"]]
    assert listed(f"site_id={site}", who=editor) == [cover["id"]]
    assert listed(f"folder_id={folder['id']}", who=editor) == [cover["id"]]
    assert listed("status=quarantined") == [lie["id"]]
    assert listed("", who=stranger) == []

    signed = client.post(f"{API}/upload/signed-url", headers=author.headers, json={
        "filename": "book.pdf", "content_type": "application/pdf", "size_bytes": len(PDF)}).json
    path = "/" + signed["url"].split("://", 1)[1].split("/", 1)[1]
    assert client.post(path, data={**signed["fields"], "file": (io.BytesIO(PDF), "b.pdf")},
                       content_type="multipart/form-data").status_code == 204
    done = client.post(f"{API}/upload/complete", headers=author.headers,
                       json={"upload_id": signed["upload_id"]})
    assert done.status_code == 200 and done.json["status"] == "READY"

    assert client.post(f"{API}/{cover['id']}/process", headers=editor.headers).status_code == 202
    variants = client.get(f"{API}/{cover['id']}/variants", headers=author.headers).json
    assert {v["name"] for v in variants} == {"thumbnail", "placeholder"}
    part = client.get(f"{API}/{song['id']}/stream",
                      headers={**author.headers, "Range": "bytes=0-3"})
    assert part.status_code == 206 and part.data == MP3[:4]

    copy = client.post(f"{API}/{cover['id']}/copy", headers=editor.headers, json={}).json
    tagged = client.post(f"{API}/bulk/tag", headers=author.headers,
                         json={"ids": [song["id"], copy["id"]], "add": ["Sky"]})
    assert tagged.status_code == 200 and set(listed("tag=sky")) == {song["id"], copy["id"]}

    for path in (f"{API}/{cover['id']}", f"{API}/{cover['id']}/download",
                 f"{API}/{cover['id']}/variants"):
        assert client.get(path, headers=stranger.headers).status_code == 404

    breakdown = client.get(f"{API}/storage/breakdown", headers=author.headers).json
    assert {row["site_id"]: row["files"] for row in breakdown["by_site"]} == {None: 3, site: 2}
    assert breakdown["variants_bytes"] == sum(v["size_bytes"] for v in variants)

    kept = client.delete(f"{API}/folders/{folder['id']}", headers=editor.headers)
    assert kept.status_code == 409
    gone = client.delete(f"{API}/folders/{folder['id']}?recursive=true", headers=editor.headers)
    assert gone.status_code == 200 and gone.json == {"folders": 1, "files": 2}
    storage = client.get(f"{API}/storage", headers=author.headers).json
    assert storage["file_count"] == 3
    assert storage["used_bytes"] == song["size_bytes"] + lie["size_bytes"] + len(PDF)


def test_listing_files_and_folders_costs_the_same_for_one_or_many(pg_client, people):
    client, engine = pg_client, pg_client.application.container.engine()
    author = people[0]
    site = add_site(pg_client.application.container.uow, author.user["id"], slug="pg-count")

    def cost(path):
        with count_statements(engine) as statements:
            response = client.get(path, headers=author.headers)
        assert response.status_code == 200
        return len(statements), len(response.json)

    paths = (f"{API}?tag=moon", f"{API}?site_id={site}&type=image", f"{API}/folders")
    upload(client, author, tags="moon", site_id=site)
    client.post(f"{API}/folders", headers=author.headers, json={"name": "f0"})
    one = [cost(path) for path in paths]
    for i in range(1, 9):
        upload(client, author, tags="moon", site_id=site)
        client.post(f"{API}/folders", headers=author.headers, json={"name": f"f{i}"})
    many = [cost(path) for path in paths]

    assert [n for n, _ in many] == [n for n, _ in one]
    assert [length for _, length in one] == [1, 1, 1]
    assert [length for _, length in many] == [9, 9, 9]
    listed = client.get(f"{API}?page_size=4&page=2", headers=author.headers)
    assert json.loads(listed.headers["X-Pagination"])["total"] == 9 and len(listed.json) == 4
