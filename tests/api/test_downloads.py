"""Downloads over HTTP: a buyer downloads within max_downloads and the window through
short-lived signed links (refused 409 past them, as the clock moves), altered or expired
links are refused, the file is only reachable through a link (never at a storage path), and
nobody else sees the purchase; reset requests approved restore the downloads, rejected ones
do not, and the reader is emailed either way. On Postgres the lists cost a fixed number of
statements."""

import base64
import io
from datetime import datetime, timedelta

from tests.api.test_purchases import buy, product
from tests.support.media import PDF
from tests.support.memberships import pay
from tests.support.paywall import API, Paywall
from tests.support.sql_counter import count_statements


def bought(wall: Paywall, **fields) -> tuple[str, dict, dict]:
    """A product with its file, bought and paid by a new reader: (purchase id, the reader's
    headers, the product)."""
    pack = product(wall, total_quantity=None, **fields)
    headers = wall.headers(wall.reader())
    opened = buy(wall.client, headers, product_id=pack["id"])
    assert opened.status_code == 201, opened.json
    pay(wall.client, opened.json)
    return opened.json["purchase_id"], headers, pack


def private_copy(wall: Paywall, pack: dict) -> str:
    """The storage key of the buyers' copy of the product's file (there is one)."""
    [key] = [k for k in wall.container.storage().files if k.startswith(f"downloads/{pack['id']}/")]
    return key


def download(client, purchase_id: str, headers: dict):
    return client.get(f"{API}/purchases/{purchase_id}/download", headers=headers)


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def fetch(client, url: str):
    return client.get(path_of(url))


def test_a_buyer_downloads_within_the_limit_and_is_refused_past_it(client, clock):
    wall = Paywall.build(client)
    purchase_id, ana, _ = bought(wall, max_downloads=3, download_window_days=None)
    links = []
    for used in (1, 2, 3):
        answer = download(client, purchase_id, ana)
        assert answer.status_code == 200, answer.json
        assert answer.headers["Cache-Control"] == "private, no-store"
        link = answer.json
        assert (link["filename"], link["content_type"], link["size"]) == (
            "pack.pdf", "application/pdf", len(PDF))
        assert (link["downloads_used"], link["downloads_remaining"],
                link["window_ends_at"]) == (used, 3 - used, None)
        assert path_of(link["url"]).startswith(f"{API}/downloads/")
        links.append(link)
    expires_at = datetime.fromisoformat(links[0]["expires_at"])
    assert expires_at == clock.now() + timedelta(minutes=5)  # the default link lifetime

    served = fetch(client, links[0]["url"])
    assert served.status_code == 200 and served.data == PDF
    assert served.headers["Content-Disposition"].startswith('attachment; filename="pack.pdf"')
    assert served.headers["Cache-Control"] == "private, no-store"
    assert served.mimetype == "application/pdf"

    refused = download(client, purchase_id, ana)
    assert (refused.status_code, refused.json["error"]) == (409, "download_limit_reached")
    shown = client.get(f"{API}/purchases/{purchase_id}", headers=ana).json
    assert shown["download_count"] == 3 and shown["last_downloaded_at"] is not None
    history = client.get(f"{API}/purchases/{purchase_id}/downloads", headers=ana)
    assert history.status_code == 200 and len(history.json) == 3
    assert set(history.json[0]) == {"id", "downloaded_at", "user_agent"}


def test_no_response_names_where_the_file_is_kept(client):
    wall = Paywall.build(client)
    purchase_id, ana, pack = bought(wall)
    media_id = pack["file_media_id"]
    key = private_copy(wall, pack)  # made when the file was attached
    link = download(client, purchase_id, ana).json

    answers = [client.get(f"{API}/purchases/{purchase_id}", headers=ana),
               client.get(f"{API}/purchases", headers=ana),
               client.get(f"{API}/purchases/{purchase_id}/downloads", headers=ana)]
    shop = client.get(f"{API}/sites/{wall.site_id}/products", headers=wall.author)
    for answer in [*answers, shop]:
        assert answer.status_code == 200
        assert "downloads/" not in answer.get_data(as_text=True)
        assert f"/{media_id}/" not in answer.get_data(as_text=True)
    token = link["url"].rsplit("/", 1)[1].split(".")[0]
    assert media_id not in base64.urlsafe_b64decode(token + "==").decode()
    assert client.get(f"/files/{key}").status_code == 404  # never served publicly


def test_the_window_closes_as_the_clock_moves(client, clock):
    wall = Paywall.build(client)
    purchase_id, ana, _ = bought(wall, max_downloads=None, download_window_days=2)
    first = download(client, purchase_id, ana).json
    assert first["downloads_remaining"] is None and first["window_ends_at"] is not None
    clock.advance(days=2, seconds=-1)
    ana = wall.headers(_buyer(wall, purchase_id))  # signed in again: the clock moved
    assert download(client, purchase_id, ana).status_code == 200
    clock.advance(seconds=1)
    refused = download(client, purchase_id, ana)
    assert (refused.status_code, refused.json["error"]) == (409, "download_window_closed")


def _buyer(wall: Paywall, purchase_id: str) -> str:
    with wall.container.uow() as uow:
        return uow.purchases.get(purchase_id).buyer_id


def test_a_signed_link_is_refused_when_altered_or_expired(client, clock):
    wall = Paywall.build(client)
    purchase_id, ana, _ = bought(wall)
    url = download(client, purchase_id, ana).json["url"]
    body, signature = url.rsplit("/", 1)[1].split(".")
    other = body[:-2] + ("AA" if body[-2:] != "AA" else "BB")
    for forged in (url.replace(signature, signature[::-1]), url.replace(body, other),
                   url.rsplit(".", 1)[0]):
        answer = fetch(client, forged)
        assert (answer.status_code, answer.json["error"]) == (403, "invalid_signature")
    clock.advance(seconds=299)
    assert fetch(client, url).status_code == 200
    clock.advance(seconds=1)
    expired = fetch(client, url)
    assert (expired.status_code, expired.json["error"]) == (403, "expired_link")


def test_nobody_else_sees_the_purchase(client):
    wall = Paywall.build(client)
    purchase_id, ana, pack = bought(wall, max_downloads=1)
    bob = wall.headers(wall.reader())
    for path in ("download", "downloads", "download-reset-requests"):
        answer = client.get(f"{API}/purchases/{purchase_id}/{path}", headers=bob)
        assert (answer.status_code, answer.json["error"]) == (404, "purchase_not_found")
        assert client.get(f"{API}/purchases/{purchase_id}/{path}").status_code == 401
    filed = client.post(f"{API}/purchases/{purchase_id}/download-reset-requests", headers=bob,
                        json={"reason": "Mine"})
    assert filed.status_code == 404
    assert download(client, "pur_nope", ana).status_code == 404

    pending = buy(client, bob, product_id=pack["id"]).json["purchase_id"]
    unpaid = download(client, pending, bob)
    assert (unpaid.status_code, unpaid.json["error"]) == (403, "purchase_not_paid")


def test_an_approved_reset_restores_the_downloads(client, mailer):
    wall = Paywall.build(client)
    purchase_id, ana, _ = bought(wall, max_downloads=1)
    requests = f"{API}/purchases/{purchase_id}/download-reset-requests"
    early = client.post(requests, headers=ana, json={"reason": "Lost it"})
    assert (early.status_code, early.json["error"]) == (409, "downloads_available")
    assert download(client, purchase_id, ana).status_code == 200
    assert download(client, purchase_id, ana).status_code == 409

    blank = client.post(requests, headers=ana, json={"reason": "   "})
    assert (blank.status_code, blank.json["error"]) == (422, "invalid_reason")
    filed = client.post(requests, headers=ana, json={"reason": "My disk died"})
    assert filed.status_code == 201, filed.json
    assert (filed.json["status"], filed.json["reason"], filed.json["product_name"]) == (
        "PENDING", "My disk died", "Wallpaper pack")
    again = client.post(requests, headers=ana, json={"reason": "Please"})
    assert (again.status_code, again.json["error"]) == (409, "reset_request_pending")

    site_list = f"{API}/sites/{wall.site_id}/download-reset-requests"
    listed = client.get(f"{site_list}?status=PENDING", headers=wall.author)
    assert listed.status_code == 200 and [r["id"] for r in listed.json] == [filed.json["id"]]
    assert listed.json[0]["buyer_name"]
    assert client.get(f"{site_list}?status=APPROVED", headers=wall.author).json == []
    assert client.get(site_list, headers=ana).status_code == 404  # not the site's team

    approve = f"{site_list}/{filed.json['id']}/approve"
    assert client.post(approve, headers=ana, json={}).status_code == 404
    approved = client.post(approve, headers=wall.author, json={"note": "Here you go"})
    assert approved.status_code == 200, approved.json
    assert (approved.json["status"], approved.json["review_note"],
            approved.json["reviewer_id"]) == ("APPROVED", "Here you go", wall.author_id)
    twice = client.post(approve, headers=wall.author, json={})
    assert (twice.status_code, twice.json["error"]) == (409, "reset_request_approved")

    restored = download(client, purchase_id, ana)
    assert restored.status_code == 200, restored.json
    assert (restored.json["downloads_used"], restored.json["downloads_remaining"]) == (1, 0)
    with wall.container.uow() as uow:
        email = uow.users.get(_buyer(wall, purchase_id)).email
    sent = mailer.last_to(email)
    assert sent.subject == "Your downloads of Wallpaper pack were restarted"
    assert "Here you go" in sent.text
    mine = client.get(requests, headers=ana).json
    assert [(r["id"], r["status"]) for r in mine] == [(filed.json["id"], "APPROVED")]


def test_a_rejected_reset_restores_nothing(client, mailer):
    wall = Paywall.build(client)
    purchase_id, ana, _ = bought(wall, max_downloads=1)
    assert download(client, purchase_id, ana).status_code == 200
    requests = f"{API}/purchases/{purchase_id}/download-reset-requests"
    filed = client.post(requests, headers=ana, json={"reason": "Again please"}).json
    site_list = f"{API}/sites/{wall.site_id}/download-reset-requests"
    rejected = client.post(f"{site_list}/{filed['id']}/reject", headers=wall.author,
                           json={"note": "Three resets already"})
    assert rejected.status_code == 200 and rejected.json["status"] == "REJECTED"
    refused = download(client, purchase_id, ana)
    assert (refused.status_code, refused.json["error"]) == (409, "download_limit_reached")
    with wall.container.uow() as uow:
        email = uow.users.get(_buyer(wall, purchase_id)).email
    assert mailer.last_to(email).subject == \
        "Your download request for Wallpaper pack was declined"
    approve = client.post(f"{site_list}/{filed['id']}/approve", headers=wall.author, json={})
    assert (approve.status_code, approve.json["error"]) == (409, "reset_request_rejected")
    # a new request may be filed once the last one is reviewed
    assert client.post(requests, headers=ana, json={"reason": "Really"}).status_code == 201


def test_buyers_keep_the_file_when_the_library_copy_goes(client):
    wall = Paywall.build(client)
    purchase_id, ana, pack = bought(wall, max_downloads=None)
    removed = client.delete(f"{API}/media/{pack['file_media_id']}", headers=wall.author)
    assert removed.status_code == 204, removed.json
    link = download(client, purchase_id, ana).json
    assert fetch(client, link["url"]).data == PDF


def test_a_missing_private_copy_is_made_on_the_first_download(client):
    wall = Paywall.build(client)
    purchase_id, ana, pack = bought(wall, max_downloads=None)
    storage = wall.container.storage()
    key = private_copy(wall, pack)
    storage.delete(key)  # as for a product whose file was attached before copies existed
    link = download(client, purchase_id, ana)
    assert link.status_code == 200 and storage.exists(key)
    assert fetch(client, link.json["url"]).data == PDF


def test_lists_cost_the_same_whatever_their_length(pg_client, pg_app):
    wall = Paywall.build(pg_client)
    engine = pg_app.container.engine()
    purchase_id, ana, _ = bought(wall, max_downloads=None)

    def statements(path: str, headers: dict) -> int:
        with count_statements(engine) as seen:
            response = pg_client.get(path, headers=headers)
            assert response.status_code == 200 and response.json
        return len(seen)

    names = iter(range(10))

    def exhausted_request() -> None:
        other_id, other, _ = bought(wall, max_downloads=1, name=f"Pack {next(names)}")
        assert download(pg_client, other_id, other).status_code == 200
        filed = pg_client.post(f"{API}/purchases/{other_id}/download-reset-requests",
                               headers=other, json={"reason": "Lost it"})
        assert filed.status_code == 201, filed.json

    history = f"{API}/purchases/{purchase_id}/downloads"
    site_list = f"{API}/sites/{wall.site_id}/download-reset-requests"
    assert download(pg_client, purchase_id, ana).status_code == 200
    exhausted_request()
    one = statements(history, ana), statements(site_list, wall.author)
    for _ in range(3):
        assert download(pg_client, purchase_id, ana).status_code == 200
        exhausted_request()
    assert (statements(history, ana), statements(site_list, wall.author)) == one
    assert len(pg_client.get(site_list, headers=wall.author).json) == 4


def test_a_file_attached_later_is_what_buyers_download_next(client):
    wall = Paywall.build(client)
    purchase_id, ana, pack = bought(wall, max_downloads=None)
    second = PDF.replace(b"%%EOF", b"% second edition\n%%EOF")
    sent = client.post(f"{API}/media/upload", headers=wall.author,
                       content_type="multipart/form-data",
                       data={"file": (io.BytesIO(second), "pack-v2.pdf", "application/pdf")})
    assert sent.status_code == 201, sent.json
    changed = client.patch(f"{API}/sites/{wall.site_id}/products/{pack['id']}",
                           headers=wall.author, json={"file_media_id": sent.json["id"]})
    assert changed.status_code == 200, changed.json
    link = download(client, purchase_id, ana).json
    assert (link["filename"], link["size"]) == ("pack-v2.pdf", len(second))
    assert fetch(client, link["url"]).data == second
