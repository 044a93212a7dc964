"""/genres: the tree, featured genres, sub-genres and the listed series of a genre."""

from ownverso.domain.accounts.tiers import PlatformTier
from tests.support.series import author, create_series, listable, make_site, reseed
from tests.support.sql_counter import count_statements

GENRES = "/api/v1/genres"


def test_the_tree_nests_sub_genres(client):
    tree = client.get(GENRES).json
    fantasy = next(g for g in tree if g["slug"] == "fantasy")
    assert {c["slug"] for c in fantasy["children"]} == {"high-fantasy", "urban-fantasy",
                                                        "dark-fantasy"}
    assert all(g["parent_id"] is None for g in tree)
    flat = client.get(f"{GENRES}?flat=true").json
    assert len(flat) == 27 and "children" not in flat[0]
    children = client.get(f"{GENRES}?parent=gen_science_fiction").json
    assert [g["slug"] for g in children] == ["space-opera", "cyberpunk"]


def test_featured_one_genre_and_its_children(client):
    featured = client.get(f"{GENRES}/featured").json
    assert {g["slug"] for g in featured} >= {"fantasy", "romance"}
    assert all(g["is_featured"] for g in featured)
    one = client.get(f"{GENRES}/romance").json
    assert one["id"] == "gen_romance" and len(one["children"]) == 2
    assert len(client.get(f"{GENRES}/gen_romance/children").json) == 2
    missing = client.get(f"{GENRES}/nope")
    assert missing.status_code == 404 and missing.json["error"] == "genre_not_found"
    assert client.get(f"{GENRES}/nope/series").status_code == 404


def test_a_series_genres_over_http(client):
    mira = author(client, name="mira")
    site = make_site(client.application.container, mira.user["id"])
    series = create_series(client, mira, site.id)
    url = f"/api/v1/series/{series['id']}/genres"

    added = client.post(url, headers=mira.headers, json={"genre_id": "fantasy"})
    assert added.status_code == 200 and added.json[0]["is_primary"] is True
    put = client.put(url, headers=mira.headers,
                     json={"genre_ids": ["horror", "mystery", "gen_drama"],
                           "primary_genre_id": "mystery"})
    assert [(g["slug"], g["is_primary"]) for g in put.json] == [
        ("mystery", True), ("horror", False), ("drama", False)]
    over = client.post(url, headers=mira.headers, json={"genre_id": "comedy"})
    assert over.status_code == 422 and over.json["error"] == "too_many_genres"
    assert client.delete(f"{url}/mystery", headers=mira.headers).status_code == 204
    assert client.get(url, headers=mira.headers).json[0]["slug"] == "horror"
    assert client.delete(f"{url}/mystery", headers=mira.headers).status_code == 404


def test_genres_on_postgres_and_their_series_in_constant_statements(pg_client):
    container = pg_client.application.container
    reseed(container)
    mira = author(pg_client, name="mira")
    with container.uow() as uow:
        uow.users.get(mira.user["id"]).platform_tier = PlatformTier.GROWTH
        uow.commit()
    site = make_site(container, mira.user["id"])
    engine = container.engine()

    def add_listed(n):
        series = create_series(pg_client, mira, site.id, slug=f"s{n}", title=f"Story {n}")
        pg_client.post(f"/api/v1/series/{series['id']}/genres", headers=mira.headers,
                       json={"genre_id": "high-fantasy" if n % 2 else "fantasy"})
        listable(pg_client, mira, series["id"])

    add_listed(0)
    with count_statements(engine) as one:
        first = pg_client.get(f"{GENRES}/fantasy/series")
    for n in range(1, 6):
        add_listed(n)
    with count_statements(engine) as many:
        response = pg_client.get(f"{GENRES}/fantasy/series?sort=title")

    assert len(first.json) == 1 and len(response.json) == 6
    assert [s["slug"] for s in response.json][:2] == ["s0", "s1"]
    assert len(many) == len(one)
    assert len(pg_client.get(f"{GENRES}/high-fantasy/series").json) == 3
    assert len(pg_client.get(GENRES).json) == 20
