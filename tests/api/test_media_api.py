"""The media library over HTTP on the in-memory suite: every endpoint, its status codes and
its error codes, and 404 for anyone else on every file endpoint."""

import io
import json

import pytest

from ownverso.domain.accounts.tiers import GIB
from tests.support.api import sign_up_and_in
from tests.support.media import MP3, PDF, image, png, set_usage

API = "/api/v1/media"


@pytest.fixture
def me(client, mailer):
    return sign_up_and_in(client, mailer)


@pytest.fixture
def other(client, mailer):
    return sign_up_and_in(client, mailer, email="other@example.com", username="other")


def upload(client, who, data=None, filename="cover.png", content_type="image/png", **form):
    body = {"file": (io.BytesIO(data or png()), filename, content_type), **form}
    return client.post(f"{API}/upload", data=body, headers=who.headers,
                       content_type="multipart/form-data")


def test_upload_get_patch_list_and_delete(client, me):
    response = upload(client, me, tags="Moon, night", alt_text="A moon")
    assert response.status_code == 201, response.json
    file = response.json
    assert (file["status"], file["content_type"], file["kind"], file["tags"]) == (
        "READY", "image/png", "IMAGE", ["moon", "night"])
    assert file["metadata"] == {} and file["url"].endswith("/cover.png")

    assert client.get(f"{API}/{file['id']}", headers=me.headers).json["alt_text"] == "A moon"
    patched = client.patch(f"{API}/{file['id']}", headers=me.headers, json={
        "filename": "moon", "caption": "Full", "metadata": {"credit": "NASA"}})
    assert patched.status_code == 200 and patched.json["filename"] == "moon.png"
    assert patched.json["metadata"] == {"credit": "NASA"}
    bad = client.patch(f"{API}/{file['id']}", headers=me.headers, json={"filename": "x.exe"})
    assert bad.status_code == 422 and bad.json["error"] == "extension_mismatch"
    assert client.patch(f"{API}/{file['id']}", headers=me.headers,
                        json={"owner_id": "x"}).status_code == 422  # unknown field

    listed = client.get(f"{API}?type=image&page_size=5", headers=me.headers)
    assert [f["id"] for f in listed.json] == [file["id"]]
    assert json.loads(listed.headers["X-Pagination"])["total"] == 1

    assert client.delete(f"{API}/{file['id']}", headers=me.headers).status_code == 204
    assert client.get(f"{API}/{file['id']}", headers=me.headers).status_code == 404
    assert client.get(API, headers=me.headers).json == []


def test_a_lying_upload_is_quarantined_and_never_served(client, me):
    file = upload(client, me, png(), "report.pdf", "application/pdf").json
    assert (file["status"], file["quarantine_reason"], file["url"]) == (
        "QUARANTINED", "content_type_mismatch", None)
    for path in ("download", "stream"):
        response = client.get(f"{API}/{file['id']}/{path}", headers=me.headers)
        assert response.status_code == 409 and response.json["error"] == "media_quarantined"


def test_refused_uploads_say_why(client, me, app):
    html = upload(client, me, b"<html><script>x</script></html>", "a.html", "text/html")
    assert html.status_code == 422 and html.json["error"] == "file_type_not_allowed"
    assert html.json["errors"] == {"files": {"file": ["File type not allowed."]}}
    assert client.post(f"{API}/upload", headers=me.headers, data={},
                       content_type="multipart/form-data").status_code == 422
    set_usage(app.container.uow, me.user["id"], storage_used_bytes=GIB)
    full = upload(client, me)
    assert full.status_code == 402 and full.json["error"] == "storage_limit_exceeded"


def test_a_direct_upload_may_exceed_the_app_wide_body_cap(client, me):
    big = PDF + b"0" * (9 * 1024 * 1024)  # past the 8 MiB MAX_CONTENT_LENGTH of other routes
    response = upload(client, me, big, "big.pdf", "application/pdf")
    assert response.status_code == 201 and response.json["size_bytes"] == len(big)


def test_a_presigned_upload_through_the_signed_local_route(client, me):
    signed = client.post(f"{API}/upload/signed-url", headers=me.headers, json={
        "filename": "report.pdf", "content_type": "application/pdf", "size_bytes": len(PDF)})
    assert signed.status_code == 201, signed.json
    body = signed.json
    assert body["media"]["status"] == "UPLOADING" and body["method"] == "POST"

    path = "/" + body["url"].split("://", 1)[1].split("/", 1)[1]
    sent = client.post(path, data={**body["fields"], "file": (io.BytesIO(PDF), "report.pdf")},
                       content_type="multipart/form-data")
    assert sent.status_code == 204

    done = client.post(f"{API}/upload/complete", headers=me.headers,
                       json={"upload_id": body["upload_id"]})
    assert done.status_code == 200 and done.json["status"] == "READY"
    assert done.json["id"] == body["media"]["id"]
    again = client.post(f"{API}/upload/complete", headers=me.headers,
                        json={"upload_id": body["upload_id"]})
    assert again.status_code == 409 and again.json["error"] == "upload_already_completed"


def test_upload_from_url(client, me, app):
    fetcher = app.container.remote_fetcher()
    fetcher.serve("https://art.example.com/moon.png", png(), content_type="image/png")
    made = client.post(f"{API}/upload/from-url", headers=me.headers,
                       json={"url": "https://art.example.com/moon.png", "tags": ["art"]})
    assert made.status_code == 201 and made.json["source_url"].endswith("/moon.png")
    for url, code in (("http://169.254.169.254/latest/meta-data", "address_not_allowed"),
                      ("gopher://example.com/", "invalid_url")):
        response = client.post(f"{API}/upload/from-url", headers=me.headers, json={"url": url})
        assert response.status_code == 422 and response.json["error"] == code


def test_folders_copy_move_and_bulk(client, me):
    art = client.post(f"{API}/folders", headers=me.headers, json={"name": "Art"})
    assert art.status_code == 201 and art.json["path"] == "/Art"
    inner = client.post(f"{API}/folders", headers=me.headers,
                        json={"name": "Old", "parent_id": art.json["id"]}).json
    dup = client.post(f"{API}/folders", headers=me.headers, json={"name": "Art"})
    assert dup.status_code == 409 and dup.json["error"] == "folder_exists"
    renamed = client.patch(f"{API}/folders/{art.json['id']}", headers=me.headers,
                           json={"name": "Pictures"})
    assert renamed.json["path"] == "/Pictures"
    listed = client.get(f"{API}/folders", headers=me.headers)
    assert [f["path"] for f in listed.json] == ["/Pictures", "/Pictures/Old"]

    ids = [upload(client, me).json["id"] for _ in range(2)]
    moved = client.post(f"{API}/{ids[0]}/move", headers=me.headers,
                        json={"folder_id": inner["id"]})
    assert moved.status_code == 200 and moved.json["folder_id"] == inner["id"]
    copy = client.post(f"{API}/{ids[0]}/copy", headers=me.headers, json={})
    assert copy.status_code == 201 and copy.json["folder_id"] == inner["id"]

    kept = client.delete(f"{API}/folders/{art.json['id']}", headers=me.headers)
    assert kept.status_code == 409 and kept.json["error"] == "folder_not_empty"
    tagged = client.post(f"{API}/bulk/tag", headers=me.headers,
                         json={"ids": ids, "add": ["Moon"]})
    assert tagged.status_code == 200 and tagged.json["succeeded"] == 2
    failed = client.post(f"{API}/bulk/move", headers=me.headers,
                         json={"ids": [*ids, "med_nope"], "folder_id": None})
    assert failed.status_code == 422 and failed.json["error"] == "bulk_failed"
    items = failed.json["errors"]["json"]["items"]
    assert [i["ok"] for i in items] == [True, True, False]
    assert client.get(f"{API}/{ids[0]}", headers=me.headers).json["folder_id"] == inner["id"]

    gone = client.delete(f"{API}/folders/{art.json['id']}?recursive=true", headers=me.headers)
    assert gone.status_code == 200 and gone.json == {"folders": 2, "files": 2}
    deleted = client.post(f"{API}/bulk/delete", headers=me.headers, json={"ids": [ids[1]]})
    assert deleted.status_code == 200 and deleted.json["items"][0]["ok"]
    assert client.get(API, headers=me.headers).json == []


def test_variants_through_jobs(client, me):
    file = upload(client, me, image("JPEG", (300, 150)), "photo.jpg", "image/jpeg").json
    resize = client.post(f"{API}/{file['id']}/resize", headers=me.headers,
                         json={"width": 100, "height": 100, "fit": "cover"})
    assert resize.status_code == 202 and resize.json["variant"] == "cover-100x100"
    assert client.post(f"{API}/{file['id']}/optimize", headers=me.headers,
                       json={"quality": 60}).status_code == 202
    assert client.post(f"{API}/{file['id']}/process", headers=me.headers).status_code == 202
    variants = client.get(f"{API}/{file['id']}/variants", headers=me.headers).json
    assert {v["name"] for v in variants} == {"cover-100x100", "optimized", "thumbnail",
                                             "placeholder"}
    assert "key" not in variants[0]
    got = client.get(f"{API}/{file['id']}", headers=me.headers).json
    assert got["is_processed"] and got["thumbnail_url"] and got["is_optimized"]
    bad = client.post(f"{API}/{file['id']}/resize", headers=me.headers, json={"fit": "zoom"})
    assert bad.status_code == 422


def test_download_and_stream_with_ranges(client, me):
    file = upload(client, me, MP3, "song.mp3", "audio/mpeg").json
    whole = client.get(f"{API}/{file['id']}/download", headers=me.headers)
    assert whole.status_code == 200 and whole.data == MP3
    assert whole.headers["Content-Disposition"] == 'attachment; filename="song.mp3"'
    assert whole.headers["Content-Type"] == "audio/mpeg"

    part = client.get(f"{API}/{file['id']}/stream", headers={**me.headers,
                                                             "Range": "bytes=0-9"})
    assert part.status_code == 206 and part.data == MP3[:10]
    assert part.headers["Content-Range"] == f"bytes 0-9/{len(MP3)}"
    assert part.headers["Accept-Ranges"] == "bytes"
    assert part.headers["Content-Disposition"].startswith("inline")
    outside = client.get(f"{API}/{file['id']}/stream",
                         headers={**me.headers, "Range": "bytes=99999-"})
    assert outside.status_code == 416
    assert outside.headers["Content-Range"] == f"bytes */{len(MP3)}"

    bandwidth = client.get(f"{API}/bandwidth", headers=me.headers).json
    assert bandwidth["used_bytes"] == len(MP3) + 10 and bandwidth["limit_bytes"] == 10 * GIB


def test_usage_reports(client, me):
    upload(client, me)
    upload(client, me, PDF, "a.pdf", "application/pdf")
    storage = client.get(f"{API}/storage", headers=me.headers).json
    assert storage["file_count"] == 2 and storage["limit_bytes"] == GIB
    breakdown = client.get(f"{API}/storage/breakdown", headers=me.headers).json
    assert [k["kind"] for k in breakdown["by_kind"]] == ["DOCUMENT", "IMAGE"]
    assert breakdown["by_site"] == [{"site_id": None, "files": 2,
                                     "bytes": storage["used_bytes"]}]
    limits = client.get(f"{API}/limits", headers=me.headers).json
    assert limits["tier"] == "FREE" and limits["max_file_bytes"] == 52428800
    assert client.get(f"{API}/storage").status_code == 401


def test_another_user_gets_404_on_every_file_endpoint(client, me, other):
    file = upload(client, me).json["id"]
    folder = client.post(f"{API}/folders", headers=me.headers, json={"name": "Mine"}).json["id"]
    for method, path, body in [
        ("get", f"{API}/{file}", None), ("patch", f"{API}/{file}", {"alt_text": "x"}),
        ("delete", f"{API}/{file}", None), ("post", f"{API}/{file}/copy", {}),
        ("post", f"{API}/{file}/move", {"folder_id": None}),
        ("post", f"{API}/{file}/process", None), ("post", f"{API}/{file}/optimize", {}),
        ("post", f"{API}/{file}/resize", {"width": 10}), ("get", f"{API}/{file}/variants", None),
        ("get", f"{API}/{file}/download", None), ("get", f"{API}/{file}/stream", None),
        ("patch", f"{API}/folders/{folder}", {"name": "Theirs"}),
        ("delete", f"{API}/folders/{folder}", None),
        ("get", f"{API}?folder_id={folder}", None),
    ]:
        response = getattr(client, method)(path, headers=other.headers, json=body)
        assert response.status_code == 404, (method, path, response.json)
    moved = client.post(f"{API}/bulk/delete", headers=other.headers, json={"ids": [file]})
    assert moved.json["errors"]["json"]["items"][0]["error"] == "media_not_found"
    assert client.get(f"{API}/{file}", headers=me.headers).status_code == 200
    assert client.get(API, headers=other.headers).json == []
