"""Who may call which series endpoint: another author finds nothing (404) on every private
one, an EDITOR edits, an ANALYST reads but every write is 403."""

import io

import pytest

from ownverso.domain.sites.values import CollaboratorRole
from tests.support.series import add_collaborator, author, create_series, make_site, png, reader

S = "/api/v1/series/{id}"
READS = [("get", S), ("get", S + "/settings"), ("get", S + "/paywall"),
         ("get", S + "/schedule"), ("get", S + "/stats"), ("get", S + "/stats/detailed"),
         ("get", S + "/genres"), ("get", S + "/tags"), ("get", S + "/warnings"),
         ("get", "/api/v1/sites/{site}/series"), ("get", S + "/public"),
         ("get", "/api/v1/sites/{site}/series/by-slug/the-lighthouse-keeper")]
WRITES = [("patch", S, {"title": "Mine"}), ("post", S + "/duplicate", None),
          ("patch", S + "/settings", {"allow_comments": False}),
          ("patch", S + "/paywall", {"early_access_days": 3}),
          ("patch", S + "/schedule", {"update_days": [1]}),
          ("post", S + "/genres", {"genre_id": "fantasy"}),
          ("put", S + "/genres", {"genre_ids": ["fantasy"]}),
          ("delete", S + "/genres/fantasy", None),
          ("post", S + "/tags", {"tag_id": "dungeon"}), ("put", S + "/tags", {"tag_ids": []}),
          ("delete", S + "/tags/dungeon", None),
          ("post", S + "/warnings", {"warning_id": "gore"}),
          ("put", S + "/warnings", {"warning_ids": []}),
          ("delete", S + "/warnings/gore", None),
          ("post", "/api/v1/sites/{site}/series", {"title": "Theirs"}),
          ("delete", S + "/cover", None), ("delete", S + "/banner", None),
          ("delete", S + "/thumbnail", None),
          ("post", S + "/publish", None), ("post", S + "/unpublish", None),
          ("post", S + "/hiatus", None), ("post", S + "/resume", None),
          ("post", S + "/complete", None), ("post", S + "/cancel", None),
          ("post", S + "/list", None), ("post", S + "/unlist", None),
          ("delete", S, None), ("post", S + "/restore", None)]
UPLOADS = [S + "/cover", S + "/banner", S + "/thumbnail"]


@pytest.fixture
def mira(client):
    return author(client, name="mira")


@pytest.fixture
def site(client, mira):
    return make_site(client.application.container, mira.user["id"])


@pytest.fixture
def series(client, mira, site):
    return create_series(client, mira, site.id)


def call(client, user, method, path, body, series, site):
    url = path.format(id=series["id"], site=site.id)
    return getattr(client, method)(url, headers=user.headers,
                                   **({"json": body} if body is not None else {}))


def send_image(client, user, path, series):
    return client.post(path.format(id=series["id"]), headers=user.headers,
                       data={"file": (io.BytesIO(png()), "x.png")},
                       content_type="multipart/form-data")


def test_another_author_gets_404_on_every_private_series_endpoint(client, site, series):
    other = author(client, name="other")
    for method, path, *body in [*READS, *WRITES]:
        response = call(client, other, method, path, body[0] if body else None, series, site)
        assert response.status_code == 404, (method, path, response.json)
        assert "Lighthouse" not in response.get_data(as_text=True)
    for path in UPLOADS:
        assert send_image(client, other, path, series).status_code == 404, path


def test_an_editor_edits_publishes_and_tags(client, site, series):
    editor = reader(client, name="eddie")
    add_collaborator(client.application.container, site, editor.user["id"],
                     CollaboratorRole.EDITOR)
    url = S.format(id=series["id"])
    assert client.patch(url, headers=editor.headers, json={"title": "Edited"}).json["title"] \
        == "Edited"
    assert client.post(url + "/publish", headers=editor.headers).status_code == 200
    assert client.post(url + "/tags", headers=editor.headers,
                       json={"name": "Found family"}).status_code == 200
    assert send_image(client, editor, S + "/cover", series).status_code == 200


def test_an_analyst_reads_everything_and_every_write_is_403(client, site, series):
    analyst = reader(client, name="ana")
    add_collaborator(client.application.container, site, analyst.user["id"],
                     CollaboratorRole.ANALYST)
    for method, path in READS:
        response = call(client, analyst, method, path, None, series, site)
        assert response.status_code == 200, (method, path, response.json)
    for method, path, body in WRITES:
        response = call(client, analyst, method, path, body, series, site)
        assert response.status_code == 403, (method, path, response.json)
        assert response.json["error"] == "missing_permission"
    for path in UPLOADS:
        assert send_image(client, analyst, path, series).status_code == 403
