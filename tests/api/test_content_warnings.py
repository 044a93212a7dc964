"""/content-warnings (the catalog) and a series' warnings."""

from tests.support.series import author, create_series, make_site, reseed


def test_the_catalog_lists_every_warning_in_order(client):
    response = client.get("/api/v1/content-warnings")
    assert response.status_code == 200 and len(response.json) == 12
    assert response.json[0]["slug"] == "violence"
    assert [w["display_order"] for w in response.json] == sorted(
        w["display_order"] for w in response.json)


def scenario(client):
    mira = author(client, name="mira")
    series = create_series(client, mira, make_site(client.application.container,
                                                   mira.user["id"]).id)
    url = f"/api/v1/series/{series['id']}/warnings"
    assert client.post(url, headers=mira.headers, json={"warning_id": "gore"}).json[0][
        "slug"] == "gore"
    put = client.put(url, headers=mira.headers, json={"warning_ids": ["suicide", "cw_gore"]})
    assert [w["slug"] for w in put.json] == ["gore", "suicide"]
    unknown = client.post(url, headers=mira.headers, json={"warning_id": "spiders"})
    assert unknown.status_code == 422 and unknown.json["error"] == "unknown_warning"
    assert client.delete(f"{url}/gore", headers=mira.headers).status_code == 204
    assert [w["slug"] for w in client.get(url, headers=mira.headers).json] == ["suicide"]
    assert client.delete(f"{url}/gore", headers=mira.headers).status_code == 404


def test_a_series_warnings_over_http(client):
    scenario(client)


def test_a_series_warnings_on_postgres(pg_client):
    reseed(pg_client.application.container)
    assert len(pg_client.get("/api/v1/content-warnings").json) == 12
    scenario(pg_client)
