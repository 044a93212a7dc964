"""Series on Postgres: one scenario through every kind of endpoint, and the lists' statement
counts staying flat as they grow."""

import io

from ownverso.domain.accounts.tiers import PlatformTier
from ownverso.domain.identity.values import UserRole
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.context import Actor
from tests.support.series import (
    add_collaborator,
    author,
    create_series,
    listable,
    make_site,
    png,
    reader,
    reseed,
)
from tests.support.sql_counter import count_statements


def grow(container, user) -> None:
    with container.uow() as uow:
        uow.users.get(user.user["id"]).platform_tier = PlatformTier.GROWTH
        uow.commit()


def test_a_series_lifecycle_on_postgres(pg_client):
    client, container = pg_client, pg_client.application.container
    reseed(container)
    mira = author(client, name="mira")
    site = make_site(container, mira.user["id"])
    series = create_series(client, mira, site.id)
    url = f"/api/v1/series/{series['id']}"

    assert client.post(f"/api/v1/sites/{site.id}/series", headers=mira.headers,
                       json={"title": "The Lighthouse Keeper"}).status_code == 409
    assert client.patch(url, headers=mira.headers, json={"slug": "keeper"}).json["slug"] \
        == "keeper"
    assert client.patch(f"{url}/paywall", headers=mira.headers,
                        json={"early_access_days": 14}).json["early_access_days"] == 14
    assert client.patch(f"{url}/settings", headers=mira.headers,
                        json={"show_word_count": False}).json["show_word_count"] is False
    client.put(f"{url}/genres", headers=mira.headers, json={"genre_ids": ["fantasy"]})
    client.put(f"{url}/tags", headers=mira.headers, json={"names": ["Slow burn", "Heists"]})
    client.post(f"{url}/warnings", headers=mira.headers, json={"warning_id": "gore"})
    listable(client, mira, series["id"])
    assert client.post(f"{url}/unpublish", headers=mira.headers).status_code == 409

    me = Actor(user_id=mira.user["id"], session_id="none", role=UserRole.AUTHOR)
    for n in range(2):  # chapters are the chapters module's: made through its service
        container.chapters().create(actor=me, series_id=series["id"],
                                    data={"title": f"Chapter {n}", "content": "Waves."})
    detailed = client.get(f"{url}/stats/detailed", headers=mira.headers).json
    assert detailed["taxonomy"] == {"genres": 1, "tags": 2, "content_warnings": 1}
    assert detailed["chapters_by_status"] == {"DRAFT": 2}

    editor = reader(client, name="eddie")
    add_collaborator(container, site, editor.user["id"], CollaboratorRole.EDITOR)
    assert client.post(f"{url}/hiatus", headers=editor.headers).json["status"] == "HIATUS"

    cover = client.get(url, headers=mira.headers).json["cover_image_url"]
    copy = client.post(f"{url}/duplicate", headers=mira.headers)
    assert copy.status_code == 201 and copy.json["slug"] == "keeper-copy"
    assert copy.json["cover_image_url"] not in (None, cover)
    assert client.get("/api/v1/tags/heists").json["usage_count"] == 2

    public = client.get(f"/api/v1/sites/{site.id}/series/by-slug/keeper").json
    assert [t["slug"] for t in public["tags"]] == ["slow-burn", "heists"]

    assert client.delete(url, headers=mira.headers).status_code == 204
    assert client.get(f"/api/v1/sites/{site.id}/series/public").json == []
    assert client.post(f"{url}/restore", headers=mira.headers).status_code == 200
    other = author(client, name="other")
    assert client.get(url, headers=other.headers).status_code == 404
    upload = client.post(f"{url}/banner", headers=other.headers,
                         data={"file": (io.BytesIO(png()), "b.png")},
                         content_type="multipart/form-data")
    assert upload.status_code == 404


def test_series_lists_cost_the_same_for_one_or_many(pg_client):
    client, container = pg_client, pg_client.application.container
    reseed(container)
    mira = author(client, name="mira")
    grow(container, mira)
    site = make_site(container, mira.user["id"])
    engine = container.engine()
    lists = (f"/api/v1/sites/{site.id}/series", f"/api/v1/sites/{site.id}/series/public",
             "/api/v1/users/mira/series")

    def add(n):
        series = create_series(client, mira, site.id, slug=f"s{n}")
        client.put(f"/api/v1/series/{series['id']}/genres", headers=mira.headers,
                   json={"genre_ids": ["fantasy", "romance"]})
        client.post(f"/api/v1/series/{series['id']}/publish", headers=mira.headers)

    add(0)
    before = {}
    for path in lists:
        with count_statements(engine) as statements:
            assert len(client.get(path, headers=mira.headers).json) == 1
        before[path] = len(statements)
    for n in range(1, 7):
        add(n)
    for path in lists:
        with count_statements(engine) as statements:
            assert len(client.get(path, headers=mira.headers).json) == 7
        assert len(statements) == before[path], path
    stats = client.get("/api/v1/users/mira/stats").json
    assert stats["series"] == 7
