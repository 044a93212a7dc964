"""Comic chapter images over HTTP: upload one or many (multipart), list, describe, reorder,
delete, reprocess; only for comic series; storage counted; other authors get 404; the list
costs the same number of statements whatever its length (on Postgres)."""

import io

import pytest
from PIL import Image

from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.values import ContentType
from tests.api.test_chapter_import_export import add_series
from tests.support.sites import author_with_site
from tests.support.sql_counter import count_statements


def picture(width: int = 60, height: int = 200, color: str = "teal", fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format=fmt)
    return out.getvalue()


def add_chapter(client, series_id: str, site_id: str, author_id: str, number: int = 1) -> str:
    container = client.application.container
    now = container.clock().now()
    chapter = Chapter(id=f"chp_{series_id[-10:]}_{number}", series_id=series_id,
                      site_id=site_id, author_id=author_id, slug=f"episode-{number}",
                      chapter_number=float(number), created_at=now, updated_at=now)
    with container.uow() as uow:
        uow.chapters.add(chapter)
        uow.commit()
    return chapter.id


def comic(client, *, email="ink@example.com", username="ink", kind=ContentType.WEBTOON):
    mailer = client.application.container.mailer()
    owner, site_id = author_with_site(client, mailer, email=email, username=username)
    series_id = add_series(client, site_id, owner.user["id"], slug=f"{username}-comic",
                           content_type=kind)
    return owner, add_chapter(client, series_id, site_id, owner.user["id"])


def images_url(chapter_id: str, rest: str = "") -> str:
    return f"/api/v1/chapters/{chapter_id}/images{rest}"


def send(client, owner, chapter_id, *pictures, bulk=False, **query):
    files = [(io.BytesIO(p), f"page{i}.png") for i, p in enumerate(pictures)]
    data = {"files": files} if bulk else {"file": files[0]}
    return client.post(images_url(chapter_id, "/bulk" if bulk else ""), headers=owner.headers,
                       data=data, query_string=query)


def test_pages_are_uploaded_processed_listed_described_reordered_and_deleted(client):
    owner, chapter_id = comic(client)
    single = send(client, owner, chapter_id, picture(color="red"), alt_text="The cover")
    assert single.status_code == 201, single.json
    page = single.json
    assert (page["position"], page["status"], page["width"], page["height"]) == (
        1, "PROCESSED", 60, 200)
    assert page["alt_text"] == "The cover" and page["average_color"] == "#ff0000"
    assert page["thumbnail_url"] and page["placeholder"].startswith("data:image/png;base64,")
    bulk = send(client, owner, chapter_id, picture(color="green"), picture(color="blue"),
                bulk=True)
    assert bulk.status_code == 201 and [p["position"] for p in bulk.json] == [2, 3]
    ids = [page["id"], *(p["id"] for p in bulk.json)]

    listed = client.get(images_url(chapter_id), headers=owner.headers)
    assert [p["id"] for p in listed.json] == ids
    assert '"total": 3' in listed.headers["X-Pagination"]

    reordered = client.patch(images_url(chapter_id, "/reorder"), headers=owner.headers,
                             json={"image_ids": ids[::-1]})
    assert reordered.status_code == 200 and [p["id"] for p in reordered.json] == ids[::-1]
    partial = client.patch(images_url(chapter_id, "/reorder"), headers=owner.headers,
                           json={"image_ids": ids[:2]})
    assert partial.status_code == 422 and partial.json["error"] == "invalid_image_order"

    described = client.patch(images_url(chapter_id, f"/{ids[1]}"), headers=owner.headers,
                             json={"alt_text": "A green field", "position": 1})
    assert (described.json["alt_text"], described.json["position"]) == ("A green field", 1)
    assert client.get(images_url(chapter_id, f"/{ids[1]}"),
                      headers=owner.headers).json["alt_text"] == "A green field"
    again = client.post(images_url(chapter_id, f"/{ids[0]}/process"), headers=owner.headers)
    assert again.status_code == 202 and again.json["status"] == "PROCESSED"

    used = client.get("/api/v1/users/me/usage", headers=owner.headers).json
    assert used["usage"]["storage_bytes"]["used"] > 0
    deleted = client.delete(images_url(chapter_id, f"/{ids[0]}"), headers=owner.headers)
    assert deleted.status_code == 204
    after = client.get("/api/v1/users/me/usage", headers=owner.headers).json
    assert after["usage"]["storage_bytes"]["used"] < used["usage"]["storage_bytes"]["used"]
    left = client.get(images_url(chapter_id), headers=owner.headers).json
    assert [(p["id"], p["position"]) for p in left] == [(ids[1], 1), (ids[2], 2)]
    assert client.get(images_url(chapter_id, f"/{ids[0]}"),
                      headers=owner.headers).status_code == 404


def test_uploads_are_checked_by_content_and_only_comics_have_pages(client):
    owner, chapter_id = comic(client)
    fake = client.post(images_url(chapter_id), headers=owner.headers,
                       data={"file": (io.BytesIO(b"<svg onload=alert(1)>"), "page.png")})
    assert fake.status_code == 422 and fake.json["error"] == "invalid_image"
    assert "file" in fake.json["errors"]["files"]
    bad_bulk = send(client, owner, chapter_id, picture(), b"not an image", bulk=True)
    assert bad_bulk.status_code == 422
    assert client.get(images_url(chapter_id), headers=owner.headers).json == []
    missing = client.post(images_url(chapter_id), headers=owner.headers, data={})
    assert missing.status_code == 422
    novelist, novel_chapter = comic(client, email="novel@example.com", username="novelist",
                                    kind=ContentType.WEB_NOVEL)
    refused = send(client, novelist, novel_chapter, picture())
    assert refused.status_code == 422 and refused.json["error"] == "not_a_comic_series"


def test_storage_past_the_plan_is_refused_with_402(client):
    owner, chapter_id = comic(client)
    container = client.application.container
    with container.uow() as uow:
        uow.users.get(owner.user["id"]).storage_used_bytes = 1024**3 - 100
        uow.commit()
    response = send(client, owner, chapter_id, picture())
    assert response.status_code == 402 and response.json["error"] == "storage_limit_exceeded"


def test_another_author_gets_404_on_every_image_endpoint(client):
    owner, chapter_id = comic(client)
    image_id = send(client, owner, chapter_id, picture()).json["id"]
    other, _ = comic(client, email="other@example.com", username="other")
    h = other.headers
    calls = [
        client.get(images_url(chapter_id), headers=h),
        client.post(images_url(chapter_id), headers=h,
                    data={"file": (io.BytesIO(picture()), "p.png")}),
        client.post(images_url(chapter_id, "/bulk"), headers=h,
                    data={"files": [(io.BytesIO(picture()), "p.png")]}),
        client.patch(images_url(chapter_id, "/reorder"), headers=h,
                     json={"image_ids": [image_id]}),
        client.get(images_url(chapter_id, f"/{image_id}"), headers=h),
        client.patch(images_url(chapter_id, f"/{image_id}"), headers=h, json={"alt_text": "x"}),
        client.delete(images_url(chapter_id, f"/{image_id}"), headers=h),
        client.post(images_url(chapter_id, f"/{image_id}/process"), headers=h),
    ]
    assert [c.status_code for c in calls] == [404] * len(calls)
    assert {c.json["error"] for c in calls} == {"chapter_not_found"}
    assert client.get(images_url(chapter_id)).status_code == 401


@pytest.mark.postgres
def test_comic_pages_on_postgres(pg_client):
    owner, chapter_id = comic(pg_client)
    bulk = send(pg_client, owner, chapter_id, *(picture(color=c) for c in ("red", "blue")),
                bulk=True)
    assert bulk.status_code == 201 and [p["status"] for p in bulk.json] == ["PROCESSED"] * 2
    ids = [p["id"] for p in bulk.json]
    reordered = pg_client.patch(images_url(chapter_id, "/reorder"), headers=owner.headers,
                                json={"image_ids": ids[::-1]})
    assert [p["position"] for p in reordered.json] == [1, 2]
    assert pg_client.delete(images_url(chapter_id, f"/{ids[0]}"),
                            headers=owner.headers).status_code == 204
    assert [p["id"] for p in pg_client.get(images_url(chapter_id),
                                           headers=owner.headers).json] == [ids[1]]


@pytest.mark.postgres
def test_listing_pages_costs_the_same_for_one_or_many(pg_client):
    owner, chapter_id = comic(pg_client)
    engine = pg_client.application.container.engine()
    send(pg_client, owner, chapter_id, picture())
    with count_statements(engine) as one:
        assert len(pg_client.get(images_url(chapter_id), headers=owner.headers).json) == 1
    send(pg_client, owner, chapter_id, *(picture() for _ in range(5)), bulk=True)
    with count_statements(engine) as many:
        assert len(pg_client.get(images_url(chapter_id), headers=owner.headers).json) == 6
    assert len(many) == len(one)
