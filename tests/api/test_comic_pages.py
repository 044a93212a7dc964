"""The pages of comic chapters behind the paywall: /read hands out short-lived signed links,
to every page when granted and to the preview's pages only otherwise; the links serve the
bytes and nothing else (altered, reused for another page, expired: 403); the storage's public
route never serves them; text chapters have no pages."""

import io
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from PIL import Image

from ownverso.domain.publishing.values import ContentType
from tests.support.chapters import add_series
from tests.support.paywall import API, Paywall
from tests.support.sql_counter import count_statements
from tests.support.subscriptions import subscribe

COLORS = ("red", "green", "blue", "yellow", "purple", "orange")


def picture(color: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 120), color).save(out, format="PNG")
    return out.getvalue()


def upload_pages(wall: Paywall, chapter_id: str, count: int = 4) -> list[dict]:
    files = [(io.BytesIO(picture(color)), f"page{i}.png")
             for i, color in enumerate(COLORS[:count])]
    sent = wall.client.post(f"{API}/chapters/{chapter_id}/images/bulk", headers=wall.author,
                            data={"files": files})
    assert sent.status_code == 201, sent.json
    return sent.json


def comic_chapter(wall: Paywall, *, series_id: str | None = None, pages: int = 4,
                  **body) -> tuple[str, list[dict]]:
    """A published chapter of a comic series with ``pages`` processed pages."""
    if series_id is not None:
        made = wall.client.post(f"{API}/series/{series_id}/chapters", headers=wall.author,
                                json={"title": "Episode", "content": "Panel notes.", **body})
        assert made.status_code == 201, made.json
        chapter_id = made.json["id"]
    else:
        chapter_id = wall.chapter(content="Panel notes.", publish=False, **body)["id"]
    images = upload_pages(wall, chapter_id, pages)
    published = wall.client.post(f"{API}/chapters/{chapter_id}/publish", headers=wall.author)
    assert published.status_code == 200, published.json
    return chapter_id, images


def comic_series(wall: Paywall, **fields) -> str:
    return add_series(wall.container, site_id=wall.site_id, author_id=wall.author_id,
                      content_type=ContentType.WEBTOON, **fields)


def local(url: str) -> str:
    """The path and query of an absolute link, for the test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def stored(wall: Paywall, image_id: str, thumbnail: bool = False) -> bytes:
    container = wall.container
    with container.uow() as uow:
        image = uow.chapter_images.get(image_id)
    return container.storage().read(image.thumbnail_key if thumbnail else image.storage_key)


def read(wall: Paywall, chapter_id: str, reader: str | None = None, what: str = "read"):
    response = wall.client.get(f"{API}/chapters/{chapter_id}/{what}",
                               headers=wall.headers(reader))
    assert response.status_code == 200, response.json
    return response.json


@pytest.fixture
def wall(client):
    return Paywall.build(client, content_type=ContentType.WEBTOON)


def test_readers_without_the_right_get_only_the_preview_pages(client, wall):
    gold = wall.tier("Gold", 900)
    chapter_id, images = comic_chapter(wall, access_level="SUBSCRIBERS", preview_paragraphs=2)
    ids = [image["id"] for image in images]

    for reader in (None, wall.reader()):
        for what in ("read", "public"):
            body = read(wall, chapter_id, reader, what)
            assert [p["id"] for p in body["pages"]] == ids[:2], (reader, what)
            assert [p["position"] for p in body["pages"]] == [1, 2]
            text = str(body)
            assert ids[2] not in text and ids[3] not in text
    body = read(wall, chapter_id)
    assert body["is_preview"] and body["preview_paragraphs"] == 2
    page = body["pages"][0]
    assert (page["width"], page["height"]) == (40, 120) and page["thumbnail_url"]

    served = client.get(local(page["url"]))
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert served.data == stored(wall, ids[0])
    assert served.headers["Cache-Control"] == "private, max-age=600"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    thumb = client.get(local(page["thumbnail_url"]))
    assert thumb.status_code == 200 and thumb.mimetype == "image/webp"
    assert thumb.data == stored(wall, ids[0], thumbnail=True)

    subscriber = wall.reader()
    subscribe(wall.container, subscriber, wall.site_id, gold)
    full = read(wall, chapter_id, subscriber)
    assert full["access"]["granted"] and not full["is_preview"]
    assert [p["id"] for p in full["pages"]] == ids
    for page in full["pages"]:
        response = client.get(local(page["url"]))
        assert response.status_code == 200 and response.data == stored(wall, page["id"])


def test_the_preview_counts_pages_from_the_series_and_zero_shows_none(client, wall):
    wall.tier("Gold", 900)
    series_id = comic_series(wall, preview_paragraphs=1)
    chapter_id, images = comic_chapter(wall, series_id=series_id, access_level="SUBSCRIBERS")
    assert [p["id"] for p in read(wall, chapter_id)["pages"]] == [images[0]["id"]]
    none, _ = comic_chapter(wall, access_level="SUBSCRIBERS", preview_paragraphs=0, pages=2)
    assert read(wall, none)["pages"] == []
    free, images = comic_chapter(wall, pages=3)
    assert [p["id"] for p in read(wall, free)["pages"]] == [i["id"] for i in images]


def test_links_that_are_altered_reused_or_expired_are_refused(client, wall, clock):
    chapter_id, _ = comic_chapter(wall, pages=3)
    pages = read(wall, chapter_id)["pages"]
    url = urlsplit(pages[0]["url"])
    link = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert set(link) == {"expires", "signature"}

    def get(path: str = url.path, **changes):
        return client.get(f"{path}?{urlencode({**link, **changes})}")

    refused = [
        get(signature=link["signature"][:-2] + ("AA" if link["signature"][-2:] != "AA"
                                                 else "BB")),
        get(path=url.path.replace(pages[0]["id"], pages[1]["id"])),
        get(path=f"{url.path}/thumbnail"),
        get(expires=str(int(link["expires"]) + 3600)),
        get(signature=""),
        client.get(url.path),
    ]
    assert [(r.status_code, r.json["error"]) for r in refused] == [
        (403, "invalid_signature")] * len(refused)
    assert get().status_code == 200

    signer = wall.container.content_signer()
    _, other_images = comic_chapter(wall, pages=1)
    forged = signer.page_url(chapter_id=chapter_id, image_id=other_images[0]["id"],
                             variant="page", expires_in=60)
    assert client.get(local(forged)).status_code == 404  # signed, but not a page of it

    clock.advance(seconds=601)
    expired = get()
    assert (expired.status_code, expired.json["error"]) == (403, "expired_link")
    fresh = read(wall, chapter_id)["pages"][0]
    assert client.get(local(fresh["url"])).status_code == 200


def test_pages_are_never_public_files_and_authors_get_signed_links(client, wall):
    chapter_id, images = comic_chapter(wall, pages=1)
    with wall.container.uow() as uow:
        image = uow.chapter_images.get(images[0]["id"])
    assert image.storage_key.startswith("chapters/") and image.thumbnail_key
    for key in (image.storage_key, image.thumbnail_key):
        assert wall.container.storage().exists(key)
        assert client.get(f"/files/{key}").status_code == 404

    listed = client.get(f"{API}/chapters/{chapter_id}/images", headers=wall.author).json
    assert "/files/" not in str(listed) and "signature=" in listed[0]["url"]
    assert client.get(local(listed[0]["url"])).data == stored(wall, image.id)
    thumb = client.get(local(listed[0]["thumbnail_url"]))
    assert thumb.data == stored(wall, image.id, thumbnail=True)


def test_text_chapters_have_no_pages(client):
    wall = Paywall.build(client)
    chapter = wall.chapter(content="One.\n\nTwo.")
    assert read(wall, chapter["id"])["pages"] == []
    assert read(wall, chapter["id"], what="public")["pages"] == []


@pytest.mark.postgres
def test_comic_pages_on_postgres_in_one_statement(pg_client):
    wall = Paywall.build(pg_client, content_type=ContentType.WEBTOON)
    engine = wall.container.engine()
    few, _ = comic_chapter(wall, pages=1)
    many, images = comic_chapter(wall, pages=5)
    counts = {}
    for label, chapter_id in (("few", few), ("many", many)):
        with count_statements(engine) as statements:
            body = read(wall, chapter_id)
        counts[label] = len(statements)
    assert counts["few"] == counts["many"], counts
    assert [p["id"] for p in body["pages"]] == [i["id"] for i in images]
    served = pg_client.get(local(body["pages"][-1]["url"]))
    assert served.status_code == 200 and served.data == stored(wall, images[-1]["id"])
    assert pg_client.get(f"{API}/chapters/{few}/read").json["pages"][0]["url"] != \
        body["pages"][0]["url"]
