"""Products over HTTP: the team's CRUD, state, cover, sales and stats; media references
checked; the public shop that hides the file and what is not on sale; the administrators'
list and forced status; the site policy; a Postgres scenario and flat statement counts."""

import io
import json
from datetime import timedelta

from ownverso.domain.identity.values import UserRole
from tests.support.api import login, sign_up_and_in
from tests.support.media import PDF, png
from tests.support.site_kit import api_author, api_join, api_site
from tests.support.sql_counter import count_statements

PACK = {"name": "Wallpaper pack", "product_type": "WALLPAPER_PACK", "price": 499,
        "compare_at_price": 799, "currency": "USD", "total_quantity": 10,
        "max_downloads": 3, "download_window_days": 14}


def setup(client, mailer, name="mira"):
    who = api_author(client, mailer, name, tier="GROWTH")
    site = api_site(client, who, f"{name}-site")
    return who, site


def create(client, who, site_id, **fields):
    return client.post(f"/api/v1/sites/{site_id}/products", headers=who.headers,
                       json={**PACK, **fields})


def upload(client, who, data: bytes, filename: str, content_type: str) -> dict:
    sent = client.post("/api/v1/media/upload", headers=who.headers,
                       content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), filename, content_type)})
    assert sent.status_code == 201, sent.json
    return sent.json


def admin(client, mailer, name="boss"):
    who = sign_up_and_in(client, mailer, email=f"{name}@example.com", username=name)
    with client.application.container.uow() as uow:
        uow.users.get(who.user["id"]).role = UserRole.ADMIN
        uow.commit()
    who.access_token = login(client, who.email)["access_token"]
    return who


def test_an_author_manages_products(client, mailer):
    mira, site = setup(client, mailer)
    site_id = site["id"]
    made = create(client, mira, site_id)
    assert made.status_code == 201, made.json
    pack = made.json
    assert (pack["slug"], pack["is_active"], pack["sold_count"], pack["remaining"]) == (
        "wallpaper-pack", True, 0, 10)
    assert (pack["max_downloads"], pack["download_window_days"], pack["version"]) == (3, 14, 1)
    taken = create(client, mira, site_id)
    assert taken.status_code == 409 and taken.json["error"] == "slug_taken"
    assert create(client, mira, site_id, slug="x", compare_at_price=100).json["error"] == \
        "invalid_compare_at_price"
    assert create(client, mira, site_id, slug="y", sold_count=3).status_code == 422
    licensed = create(client, mira, site_id, name="Font", product_type="DIGITAL_DOWNLOAD",
                      is_licensed=True, license_type="TEAM", license_seats=5,
                      total_quantity=None)
    assert licensed.status_code == 201, licensed.json
    assert (licensed.json["license_type"], licensed.json["license_seats"]) == ("TEAM", 5)

    url = f"/api/v1/sites/{site_id}/products/{pack['id']}"
    assert client.get(url, headers=mira.headers).json["id"] == pack["id"]
    edited = client.put(url, headers=mira.headers, json={"description": "Ten walls",
                                                         "is_featured": True})
    assert edited.status_code == 200, edited.json
    assert (edited.json["description"], edited.json["version"]) == ("Ten walls", 2)
    assert client.patch(url, headers=mira.headers, json={"slug": "font"}).status_code == 409
    assert client.post(f"{url}/deactivate", headers=mira.headers).json["is_active"] is False
    assert client.post(f"{url}/deactivate", headers=mira.headers).status_code == 409
    assert client.post(f"{url}/activate", headers=mira.headers).json["is_active"] is True

    listed = client.get(f"/api/v1/sites/{site_id}/products", headers=mira.headers)
    assert json.loads(listed.headers["X-Pagination"])["total"] == 2
    assert listed.json[0]["id"] == pack["id"]  # featured first
    assert [p["name"] for p in client.get(f"/api/v1/sites/{site_id}/products?q=font",
                                          headers=mira.headers).json] == ["Font"]
    assert len(client.get(f"/api/v1/sites/{site_id}/products?product_type=EBOOK",
                          headers=mira.headers).json) == 0

    with client.application.container.uow() as uow:
        uow.products.get(pack["id"]).sold_count = 4
        uow.commit()
    sales = client.get(f"{url}/sales", headers=mira.headers).json
    assert (sales["sold_count"], sales["remaining"], sales["is_sold_out"]) == (4, 6, False)
    assert client.put(url, headers=mira.headers, json={"total_quantity": 3}).json["error"] \
        == "quantity_below_sold"
    stats = client.get(f"/api/v1/sites/{site_id}/products/stats", headers=mira.headers).json
    assert stats == {"products": 2, "active_products": 2, "limited_products": 1,
                     "sold_out_products": 0, "units_sold": 4, "orders": 0, "revenue": []}
    refused = client.delete(url, headers=mira.headers)
    assert refused.status_code == 409 and refused.json["error"] == "product_has_sales"
    font_url = f"/api/v1/sites/{site_id}/products/{licensed.json['id']}"
    assert client.delete(font_url, headers=mira.headers).status_code == 204
    assert client.get(font_url, headers=mira.headers).status_code == 404


def test_media_references_are_checked_and_the_public_never_sees_the_file(client, mailer):
    mira, site = setup(client, mailer)
    cover = upload(client, mira, png(), "cover.png", "image/png")
    book = upload(client, mira, PDF, "book.pdf", "application/pdf")
    otto = api_author(client, mailer, "otto")
    foreign = upload(client, otto, png(), "theirs.png", "image/png")
    made = create(client, mira, site["id"], cover_media_id=cover["id"],
                  preview_media_ids=[cover["id"]], file_media_id=book["id"])
    assert made.status_code == 201, made.json
    pack = made.json
    assert pack["cover_image_url"] == cover["url"] and pack["preview_image_urls"] == [
        cover["url"]]
    assert (pack["file_name"], pack["file_size"], pack["file_content_type"]) == (
        "book.pdf", len(PDF), "application/pdf")
    for fields in ({"cover_media_id": foreign["id"]}, {"cover_media_id": book["id"]},
                   {"file_media_id": "med_nope"}, {"preview_media_ids": [foreign["id"]]}):
        refused = create(client, mira, site["id"], slug="other", **fields)
        assert refused.status_code == 422 and refused.json["error"] == "media_not_usable"
    url = f"/api/v1/sites/{site['id']}/products/{pack['id']}"
    assert client.post(f"{url}/cover", headers=mira.headers,
                       json={"media_id": None}).json["cover_image_url"] is None
    assert client.post(f"{url}/cover", headers=mira.headers,
                       json={"media_id": cover["id"]}).json["cover_media_id"] == cover["id"]

    shop = client.get(f"/api/v1/s/{site['slug']}/shop")
    assert shop.status_code == 200 and [p["id"] for p in shop.json] == [pack["id"]]
    page = client.get(f"/api/v1/s/{site['slug']}/shop/{pack['slug']}")
    assert page.status_code == 200
    for shown in (shop.json[0], page.json):
        text = json.dumps(shown)
        assert book["id"] not in text and book["url"] not in text
        assert not {"file_media_id", "file_name", "sold_count", "admin_reason"} & set(shown)
        assert shown["has_file"] is True and shown["cover_image_url"] == cover["url"]


def test_the_shop_shows_only_what_is_on_sale(client, mailer, clock):
    mira, site = setup(client, mailer)
    now = clock.now()
    on = create(client, mira, site["id"], name="On sale").json
    create(client, mira, site["id"], name="Off", is_active=False)
    create(client, mira, site["id"], name="Later",
           available_from=(now + timedelta(days=2)).isoformat())
    create(client, mira, site["id"], name="Over",
           available_until=(now - timedelta(days=1)).isoformat(),
           available_from=(now - timedelta(days=9)).isoformat())
    shop = f"/api/v1/s/{site['slug']}/shop"
    assert [p["name"] for p in client.get(shop).json] == ["On sale"]
    assert client.get(f"{shop}/later").status_code == 404
    assert client.get(f"{shop}/off").status_code == 404
    clock.advance(days=3)
    assert {p["name"] for p in client.get(f"{shop}?sort=price_asc").json} == {"On sale",
                                                                             "Later"}
    assert client.get(f"{shop}/{on['slug']}").json["remaining"] == 10
    assert client.get("/api/v1/s/nope/shop").status_code == 404
    with client.application.container.uow() as uow:
        uow.sites.get(site["id"]).is_public = False
        uow.commit()
    assert client.get(shop).status_code == 404


def test_administrators_list_and_force_status(client, mailer):
    mira, site = setup(client, mailer)
    pack = create(client, mira, site["id"]).json
    boss = admin(client, mailer)
    assert client.get("/api/v1/admin/products", headers=mira.headers).status_code == 403
    listed = client.get(f"/api/v1/admin/products?site_id={site['id']}&is_active=true",
                        headers=boss.headers)
    assert listed.status_code == 200 and [p["id"] for p in listed.json] == [pack["id"]]
    assert client.get("/api/v1/admin/products?product_type=EBOOK",
                      headers=boss.headers).json == []
    status = f"/api/v1/admin/products/{pack['id']}/status"
    assert client.put(status, headers=mira.headers,
                      json={"is_active": False, "reason": "x"}).status_code == 403
    assert client.put(status, headers=boss.headers, json={"is_active": False}).status_code \
        == 422
    held = client.put(status, headers=boss.headers,
                      json={"is_active": False, "reason": "Stolen art"})
    assert held.status_code == 200, held.json
    assert (held.json["admin_hold"], held.json["admin_actor_id"]) == (True, boss.user["id"])
    url = f"/api/v1/sites/{site['id']}/products/{pack['id']}"
    refused = client.post(f"{url}/activate", headers=mira.headers)
    assert refused.status_code == 409 and refused.json["error"] == "product_on_admin_hold"
    assert client.get(f"/api/v1/s/{site['slug']}/shop").json == []
    back = client.put(status, headers=boss.headers, json={"is_active": True, "reason": "OK"})
    assert (back.json["is_active"], back.json["admin_hold"]) == (True, False)
    assert client.put("/api/v1/admin/products/prd_nope/status", headers=boss.headers,
                      json={"is_active": True, "reason": "OK"}).status_code == 404


def test_the_site_policy_applies(client, mailer):
    mira, site = setup(client, mailer)
    site_id = site["id"]
    pack = create(client, mira, site_id).json
    url = f"/api/v1/sites/{site_id}/products/{pack['id']}"
    writes = [("put", url, {"name": "X"}), ("patch", url, {"name": "X"}),
              ("delete", url, None), ("post", f"{url}/activate", None),
              ("post", f"{url}/deactivate", None), ("post", f"{url}/cover", {"media_id": None}),
              ("post", f"/api/v1/sites/{site_id}/products", {**PACK, "slug": "new"})]
    reads = [("get", url, None), ("get", f"{url}/sales", None),
             ("get", f"/api/v1/sites/{site_id}/products", None),
             ("get", f"/api/v1/sites/{site_id}/products/stats", None)]
    other = api_author(client, mailer, "otto")
    for method, path, body in reads + writes:
        response = getattr(client, method)(path, headers=other.headers, json=body)
        assert response.status_code == 404, (method, path, response.status_code)
    other_site = api_site(client, other, "otto-site")
    assert client.get(f"/api/v1/sites/{other_site['id']}/products/{pack['id']}",
                      headers=other.headers).status_code == 404

    editor = api_author(client, mailer, "eddie")
    api_join(client, site_id, editor, "EDITOR")
    for method, path, _body in reads:
        assert getattr(client, method)(path, headers=editor.headers).status_code == 200
    for method, path, body in writes:
        response = getattr(client, method)(path, headers=editor.headers, json=body)
        assert response.status_code == 403, (method, path, response.status_code)

    manager = api_author(client, mailer, "mona")
    api_join(client, site_id, manager, "MANAGER")
    assert client.put(url, headers=manager.headers, json={"name": "Walls"}).json["name"] == \
        "Walls"
    assert create(client, manager, site_id, slug="by-mona").status_code == 201
    assert client.get(url).status_code == 401


def test_products_on_postgres(pg_client):
    client = pg_client
    mailer = client.application.container.mailer()
    mira, site = setup(client, mailer)
    book = upload(client, mira, PDF, "book.pdf", "application/pdf")
    made = create(client, mira, site["id"], file_media_id=book["id"], is_licensed=True,
                  license_type="COMMERCIAL")
    assert made.status_code == 201, made.json
    assert create(client, mira, site["id"]).json["error"] == "slug_taken"
    url = f"/api/v1/sites/{site['id']}/products/{made.json['id']}"
    edited = client.put(url, headers=mira.headers, json={"price": 599, "total_quantity": 5})
    assert (edited.json["price"], edited.json["remaining"], edited.json["version"]) == (
        599, 5, 2)
    fetched = client.get(url, headers=mira.headers).json
    assert (fetched["file_name"], fetched["license_seats"]) == ("book.pdf", 1)
    assert client.get(f"/api/v1/sites/{site['id']}/products/stats",
                      headers=mira.headers).json["limited_products"] == 1
    public = client.get(f"/api/v1/s/{site['slug']}/shop").json
    assert [p["id"] for p in public] == [made.json["id"]] and "file_media_id" not in public[0]
    boss = admin(client, mailer)
    assert client.put(f"/api/v1/admin/products/{made.json['id']}/status", headers=boss.headers,
                      json={"is_active": False, "reason": "Check"}).json["admin_hold"] is True
    assert client.get(f"/api/v1/s/{site['slug']}/shop").json == []
    assert client.put(url, headers=mira.headers, json={"is_active": True}).status_code == 409
    client.put(f"/api/v1/admin/products/{made.json['id']}/status", headers=boss.headers,
               json={"is_active": True, "reason": "Fine"})
    assert client.delete(url, headers=mira.headers).status_code == 204


def test_the_product_lists_cost_the_same_whatever_their_length(pg_client):
    client = pg_client
    mailer = client.application.container.mailer()
    mira, site = setup(client, mailer)
    boss = admin(client, mailer)
    engine = client.application.container.engine()
    lists = [(f"/api/v1/sites/{site['id']}/products", mira.headers),
             (f"/api/v1/s/{site['slug']}/shop", {}),
             ("/api/v1/admin/products", boss.headers)]

    def statements() -> list[int]:
        counts = []
        for path, headers in lists:
            with count_statements(engine) as seen:
                response = client.get(path, headers=headers)
                assert response.status_code == 200 and response.json
            counts.append(len(seen))
        return counts

    create(client, mira, site["id"], name="One")
    one = statements()
    for name in ("Two", "Three", "Four", "Five"):
        create(client, mira, site["id"], name=name)
    assert statements() == one
