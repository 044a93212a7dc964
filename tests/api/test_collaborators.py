"""/sites/{site_id}/collaborators over HTTP: on the in-memory suite, and the whole flow and the
list's statement count on Postgres."""

import json

import pytest

from tests.support.api import sign_up_and_in, token_from
from tests.support.sites import author_with_site
from tests.support.sql_counter import count_statements

INVITES = "/api/v1/collaborator-invites"


def team_url(site_id: str, collaborator_id: str | None = None, action: str = "") -> str:
    url = f"/api/v1/sites/{site_id}/collaborators"
    if collaborator_id:
        url += f"/{collaborator_id}"
    return url + (f"/{action}" if action else "")


@pytest.fixture
def owned(client, mailer):
    """``(owner, site_id)``: a verified author with a site."""
    return author_with_site(client, mailer, email="mira@example.com", username="mira")


@pytest.fixture
def owner(owned):
    return owned[0]


@pytest.fixture
def site_id(owned):
    return owned[1]


def invite(client, who, site_id, email, role="EDITOR"):
    response = client.post(team_url(site_id), headers=who.headers,
                           json={"email": email, "role": role})
    assert response.status_code == 201, response.json
    return response.json


def member(client, mailer, owner, site_id, *, username, role="EDITOR"):
    """A new user who was invited with ``role`` and accepted; returns ``(user, collaborator)``."""
    user = sign_up_and_in(client, mailer, email=f"{username}@example.com", username=username)
    body = invite(client, owner, site_id, user.email, role)
    token = token_from(mailer.last_to(user.email).text)
    response = client.post(f"{INVITES}/{token}/accept", headers=user.headers)
    assert response.status_code == 200, response.json
    return user, body


# -- in memory ------------------------------------------------------------------------------
def test_the_owner_invites_by_email(client, mailer, owner, site_id):
    body = invite(client, owner, site_id, "Helper@Example.com", "ANALYST")

    assert body["status"] == "PENDING" and body["role"] == "ANALYST"
    assert body["email"] == "helper@example.com" and body["user"] is None
    assert body["invited_by"]["username"] == "mira" and body["expired"] is False
    assert "analytics.read" in body["permissions"]
    message = mailer.last_to("helper@example.com")
    token = token_from(message.text)
    assert f"/collaborator-invites/{token}?token={token}" in message.text


@pytest.mark.parametrize("payload, field", [
    ({"email": "not-an-email", "role": "EDITOR"}, "email"),
    ({"email": "a@example.com", "role": "OWNER"}, "role"),
    ({"email": "a@example.com"}, "role"),
    ({"email": "a@example.com", "role": "EDITOR", "permissions": {}}, "permissions"),
])
def test_an_invitation_needs_a_valid_email_and_role(client, owner, site_id, payload, field):
    response = client.post(team_url(site_id), headers=owner.headers, json=payload)

    assert response.status_code == 422
    assert field in response.json["errors"]["json"]


def test_inviting_twice_or_inviting_the_owner_is_a_conflict(client, owner, site_id):
    invite(client, owner, site_id, "a@example.com")
    for email in ("a@example.com", owner.email):
        response = client.post(team_url(site_id), headers=owner.headers,
                               json={"email": email, "role": "EDITOR"})
        assert response.status_code == 409
        assert response.json["error"] == "already_collaborator"


def test_the_list_is_paginated_and_filtered_by_status(client, owner, site_id):
    for n in range(3):
        invite(client, owner, site_id, f"p{n}@example.com")

    response = client.get(team_url(site_id) + "?page=2&page_size=2", headers=owner.headers)
    assert response.status_code == 200
    assert [c["email"] for c in response.json] == ["p2@example.com"]
    assert json.loads(response.headers["X-Pagination"])["total"] == 3

    active = client.get(team_url(site_id) + "?status=ACTIVE", headers=owner.headers)
    assert active.json == []
    wrong = client.get(team_url(site_id) + "?status=BOSS", headers=owner.headers)
    assert wrong.status_code == 422


def test_reading_changing_resending_and_removing(client, mailer, owner, site_id):
    created = invite(client, owner, site_id, "a@example.com")
    one = team_url(site_id, created["id"])

    assert client.get(one, headers=owner.headers).json["id"] == created["id"]
    changed = client.patch(one, headers=owner.headers, json={"role": "TRANSLATOR"})
    assert changed.status_code == 200 and changed.json["role"] == "TRANSLATOR"
    first = token_from(mailer.last_to("a@example.com").text)
    resent = client.post(team_url(site_id, created["id"], "resend-invite"), headers=owner.headers)
    assert resent.status_code == 200
    assert token_from(mailer.last_to("a@example.com").text) != first
    assert client.delete(one, headers=owner.headers).status_code == 204
    assert client.get(one, headers=owner.headers).json["status"] == "REMOVED"
    again = client.post(team_url(site_id, created["id"], "resend-invite"), headers=owner.headers)
    assert again.status_code == 409 and again.json["error"] == "invite_not_pending"


def test_an_editor_reads_the_team_but_cannot_manage_it(client, mailer, owner, site_id):
    editor, _ = member(client, mailer, owner, site_id, username="eddie")
    pending = invite(client, owner, site_id, "p@example.com")

    listed = client.get(team_url(site_id), headers=editor.headers)
    assert listed.status_code == 200
    assert {c["email"] for c in listed.json} == {editor.email, None}
    for method, url, body in [
        ("post", team_url(site_id), {"email": "x@example.com", "role": "EDITOR"}),
        ("patch", team_url(site_id, pending["id"]), {"role": "ANALYST"}),
        ("delete", team_url(site_id, pending["id"]), None),
        ("post", team_url(site_id, pending["id"], "resend-invite"), None),
    ]:
        response = getattr(client, method)(url, headers=editor.headers, json=body)
        assert response.status_code == 403, (method, url)
        assert response.json["error"] == "missing_permission"


def test_nobody_changes_their_own_role_and_only_the_owner_makes_managers(client, mailer, owner,
                                                                         site_id):
    manager, row = member(client, mailer, owner, site_id, username="max", role="MANAGER")
    _, editor_row = member(client, mailer, owner, site_id, username="eddie")

    own = client.patch(team_url(site_id, row["id"]), headers=manager.headers,
                       json={"role": "EDITOR"})
    assert own.status_code == 403 and own.json["error"] == "cannot_change_own_role"
    promote = client.patch(team_url(site_id, editor_row["id"]), headers=manager.headers,
                           json={"role": "MANAGER"})
    assert promote.status_code == 403 and promote.json["error"] == "manager_requires_owner"
    invite_manager = client.post(team_url(site_id), headers=manager.headers,
                                 json={"email": "boss@example.com", "role": "MANAGER"})
    assert invite_manager.status_code == 403
    assert client.patch(team_url(site_id, editor_row["id"]), headers=owner.headers,
                        json={"role": "MANAGER"}).status_code == 200


def test_a_collaborator_leaves_by_deleting_their_own_row(client, mailer, owner, site_id):
    editor, row = member(client, mailer, owner, site_id, username="eddie")

    assert client.delete(team_url(site_id, row["id"]), headers=editor.headers).status_code == 204
    gone = client.get(team_url(site_id), headers=editor.headers)
    assert gone.status_code == 404 and gone.json["error"] == "site_not_found"


def test_another_author_gets_404_on_every_collaborators_endpoint(client, mailer, owner,
                                                                 site_id):
    row = invite(client, owner, site_id, "a@example.com")
    other, _ = author_with_site(client, mailer, email="other@example.com", username="other",
                                display_name="Other Author")

    for method, url, body in [
        ("get", team_url(site_id), None),
        ("post", team_url(site_id), {"email": "x@example.com", "role": "EDITOR"}),
        ("get", team_url(site_id, row["id"]), None),
        ("patch", team_url(site_id, row["id"]), {"role": "ANALYST"}),
        ("delete", team_url(site_id, row["id"]), None),
        ("post", team_url(site_id, row["id"], "resend-invite"), None),
    ]:
        response = getattr(client, method)(url, headers=other.headers, json=body)
        assert response.status_code == 404, (method, url, response.json)
        assert response.json["error"] == "site_not_found"
    assert client.get(team_url(site_id, row["id"]), headers=owner.headers).json["status"] == (
        "PENDING")


def test_an_unknown_collaborator_is_404(client, owner, site_id):
    response = client.get(team_url(site_id, "col_nope"), headers=owner.headers)

    assert response.status_code == 404 and response.json["error"] == "collaborator_not_found"


def test_the_team_needs_a_signed_in_caller(client, site_id):
    assert client.get(team_url(site_id)).status_code == 401


# -- on Postgres ----------------------------------------------------------------------------
def test_the_whole_collaboration_flow_on_postgres(pg_client):
    mailer = pg_client.application.container.mailer()
    owner, site_id = author_with_site(pg_client, mailer, email="owner@example.com",
                                      username="owner", site_name="Harbour Lights")

    created = invite(pg_client, owner, site_id, "Eddie@Example.com", "EDITOR")
    invited = mailer.last_to("eddie@example.com")
    assert "Harbour Lights" in invited.subject
    editor = sign_up_and_in(pg_client, mailer, email="eddie@example.com", username="eddie")
    token = token_from(invited.text)
    details = pg_client.get(f"{INVITES}/{token}", headers=editor.headers)
    assert details.status_code == 200 and details.json["site"]["name"] == "Harbour Lights"
    accepted = pg_client.post(f"{INVITES}/{token}/accept", headers=editor.headers)
    assert accepted.status_code == 200 and accepted.json["status"] == "ACTIVE"

    team = pg_client.get(team_url(site_id), headers=owner.headers).json
    assert [(c["user"]["username"], c["role"], c["status"]) for c in team] == [
        ("eddie", "EDITOR", "ACTIVE")]
    refused = pg_client.post(team_url(site_id), headers=editor.headers,
                             json={"email": "friend@example.com", "role": "ANALYST"})
    assert refused.status_code == 403 and refused.json["error"] == "missing_permission"
    assert pg_client.get(team_url(site_id), headers=editor.headers).status_code == 200

    removed = pg_client.delete(team_url(site_id, created["id"]), headers=owner.headers)
    assert removed.status_code == 204
    gone = pg_client.get(team_url(site_id), headers=editor.headers)
    assert gone.status_code == 404 and gone.json["error"] == "site_not_found"
    assert pg_client.post(f"{INVITES}/{token}/accept", headers=editor.headers).status_code == 404


def test_listing_the_team_costs_the_same_for_one_or_many(pg_client):
    app = pg_client.application
    mailer = app.container.mailer()
    owner, site_id = author_with_site(pg_client, mailer, email="owner@example.com",
                                      username="owner")
    member(pg_client, mailer, owner, site_id, username="first")
    engine = app.container.engine()

    with count_statements(engine) as one:
        assert len(pg_client.get(team_url(site_id), headers=owner.headers).json) == 1
    for n in range(3):
        member(pg_client, mailer, owner, site_id, username=f"member{n}", role="ANALYST")
    for n in range(3):
        invite(pg_client, owner, site_id, f"pending{n}@example.com")
    with count_statements(engine) as many:
        response = pg_client.get(team_url(site_id), headers=owner.headers)

    assert len(response.json) == 7
    assert len(many) == len(one)
