"""/tags: popular, search, creation by authors, a tag and its listed series; a series' tags."""

from tests.support.series import author, create_series, listable, make_site, reader, reseed
from tests.support.sql_counter import count_statements

TAGS = "/api/v1/tags"


def test_popular_tags_page_and_hide_blocked_ones(client):
    response = client.get(f"{TAGS}?page_size=5")
    assert response.status_code == 200 and len(response.json) == 5
    assert '"total": 8' in response.headers["X-Pagination"]
    assert "spam" not in {t["slug"] for t in client.get(f"{TAGS}?page_size=50").json}


def test_search_and_one_tag(client):
    assert [t["slug"] for t in client.get(f"{TAGS}/search?q=family").json] == ["found-family"]
    assert client.get(f"{TAGS}/search").status_code == 422
    assert client.get(f"{TAGS}/slow-burn").json["name"] == "Slow burn"
    assert client.get(f"{TAGS}/spam").status_code == 404
    assert client.get(f"{TAGS}/spam/series").status_code == 404


def test_authors_create_tags_and_blocked_words_are_refused(client):
    mira = author(client, name="mira")
    created = client.post(TAGS, headers=mira.headers, json={"name": "Cozy mystery"})
    assert created.status_code == 201 and created.json["slug"] == "cozy-mystery"
    again = client.post(TAGS, headers=mira.headers, json={"name": "COZY MYSTERY"})
    assert again.status_code == 200 and again.json["id"] == created.json["id"]
    blocked = client.post(TAGS, headers=mira.headers, json={"name": "Free download"})
    assert blocked.status_code == 422 and blocked.json["error"] == "tag_blocked"
    banned = client.post(TAGS, headers=mira.headers, json={"name": "warez zone"})
    assert banned.status_code == 422 and banned.json["error"] == "tag_blocked"
    ann = reader(client, name="ann")
    assert client.post(TAGS, headers=ann.headers, json={"name": "Mine"}).status_code == 403
    assert client.post(TAGS, json={"name": "Anon"}).status_code == 401


def test_a_series_tags_over_http(client):
    mira = author(client, name="mira")
    series = create_series(client, mira, make_site(client.application.container,
                                                   mira.user["id"]).id)
    url = f"/api/v1/series/{series['id']}/tags"
    assert client.post(url, headers=mira.headers, json={}).status_code == 422
    client.post(url, headers=mira.headers, json={"tag_id": "dungeon"})
    put = client.put(url, headers=mira.headers,
                     json={"tag_ids": ["dungeon"], "names": ["Found family", "Heists"]})
    assert {t["slug"] for t in put.json} == {"dungeon", "found-family", "heists"}
    assert client.get(f"{TAGS}/dungeon").json["usage_count"] == 1
    over = client.put(url, headers=mira.headers, json={"names": [f"t{n}x" for n in range(11)]})
    assert over.status_code == 422 and over.json["error"] == "too_many_tags"
    blocked = client.post(url, headers=mira.headers, json={"tag_id": "spam"})
    assert blocked.status_code == 422 and blocked.json["error"] == "tag_blocked"
    assert client.delete(f"{url}/dungeon", headers=mira.headers).status_code == 204
    assert client.get(f"{TAGS}/dungeon").json["usage_count"] == 0


def test_tags_on_postgres_and_their_series_in_constant_statements(pg_client):
    container = pg_client.application.container
    reseed(container)
    mira = author(pg_client, name="mira")
    site = make_site(container, mira.user["id"])
    engine = container.engine()

    def add_listed(n):
        series = create_series(pg_client, mira, site.id, slug=f"s{n}")
        pg_client.post(f"/api/v1/series/{series['id']}/tags", headers=mira.headers,
                       json={"name": "Found family"})
        listable(pg_client, mira, series["id"])

    add_listed(0)
    with count_statements(engine) as one:
        first = pg_client.get(f"{TAGS}/found-family/series")
    for n in range(1, 3):
        add_listed(n)
    with count_statements(engine) as many:
        response = pg_client.get(f"{TAGS}/found-family/series")

    assert len(first.json) == 1 and len(response.json) == 3
    assert len(many) == len(one)
    assert pg_client.get(f"{TAGS}/found-family").json["usage_count"] == 3
    assert [t["slug"] for t in pg_client.get(f"{TAGS}/search?q=FOUND").json] == ["found-family"]
    created = pg_client.post(TAGS, headers=mira.headers, json={"name": "100% Cozy_"})
    assert created.status_code == 201
    assert [t["slug"] for t in pg_client.get(f"{TAGS}/search?q=%25").json] == ["100-cozy"]
    with count_statements(engine) as listing:
        assert pg_client.get(TAGS).status_code == 200
    assert len(listing) <= 3
