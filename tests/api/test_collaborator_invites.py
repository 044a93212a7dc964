"""/collaborator-invites over HTTP: the invitee's list, an invitation's details, accept and
decline."""

import json

import pytest

from tests.support.api import login, sign_up_and_in, token_from
from tests.support.sites import author_with_site

INVITES = "/api/v1/collaborator-invites"


@pytest.fixture
def owned(client, mailer):
    return author_with_site(client, mailer, email="mira@example.com", username="mira",
                            site_name="Harbour Lights")


@pytest.fixture
def carol(client, mailer):
    return sign_up_and_in(client, mailer, email="carol@example.com", username="carol",
                          display_name="Carol Reed")


@pytest.fixture
def bob(client, mailer):
    return sign_up_and_in(client, mailer, email="bob@example.com", username="bob")


def invite(client, mailer, owned, email, role="EDITOR") -> tuple[dict, str]:
    owner, site_id = owned
    response = client.post(f"/api/v1/sites/{site_id}/collaborators", headers=owner.headers,
                           json={"email": email, "role": role})
    assert response.status_code == 201, response.json
    return response.json, token_from(mailer.last_to(email).text)


def test_my_pending_invitations_with_site_role_and_inviter(client, mailer, owned, carol):
    first, _ = invite(client, mailer, owned, carol.email, "ANALYST")
    other = author_with_site(client, mailer, email="zed@example.com", username="zed",
                             site_name="Night Ferry")
    second, _ = invite(client, mailer, other, carol.email, "TRANSLATOR")
    invite(client, mailer, owned, "someone@example.com")

    response = client.get(INVITES, headers=carol.headers)

    assert response.status_code == 200
    assert {(i["id"], i["site"]["name"], i["role"], i["invited_by"]["username"])
            for i in response.json} == {(first["id"], "Harbour Lights", "ANALYST", "mira"),
                                        (second["id"], "Night Ferry", "TRANSLATOR", "zed")}
    assert json.loads(response.headers["X-Pagination"])["total"] == 2


def test_the_invitee_reads_the_details(client, mailer, owned, carol):
    created, token = invite(client, mailer, owned, carol.email, "ANALYST")

    response = client.get(f"{INVITES}/{token}", headers=carol.headers)

    assert response.status_code == 200
    body = response.json
    assert (body["id"], body["site"]["name"], body["role"], body["status"]) == (
        created["id"], "Harbour Lights", "ANALYST", "PENDING")
    assert body["invited_by"]["display_name"] == "Mira Vale"
    assert body["expires_at"] == created["expires_at"]


def test_someone_else_cannot_read_or_answer_the_invitation(client, mailer, owned, carol, bob):
    _, token = invite(client, mailer, owned, carol.email)

    for method, url in (("get", f"{INVITES}/{token}"), ("post", f"{INVITES}/{token}/accept"),
                        ("post", f"{INVITES}/{token}/decline")):
        response = getattr(client, method)(url, headers=bob.headers)
        assert response.status_code == 403
        assert response.json["error"] == "invite_email_mismatch"
    assert client.get(INVITES, headers=bob.headers).json == []


def test_an_unknown_token_is_404(client, carol):
    for method, suffix in (("get", ""), ("post", "/accept"), ("post", "/decline")):
        response = getattr(client, method)(f"{INVITES}/nope{suffix}", headers=carol.headers)
        assert response.status_code == 404
        assert response.json["error"] == "invite_not_found"


def test_accepting_joins_the_team(client, mailer, owned, carol):
    _, site_id = owned
    _, token = invite(client, mailer, owned, carol.email, "TRANSLATOR")

    response = client.post(f"{INVITES}/{token}/accept", headers=carol.headers)

    assert response.status_code == 200
    assert response.json["status"] == "ACTIVE" and response.json["role"] == "TRANSLATOR"
    assert response.json["accepted_at"] is not None
    team = client.get(f"/api/v1/sites/{site_id}/collaborators", headers=carol.headers)
    assert team.status_code == 200 and team.json[0]["user"]["username"] == "carol"
    assert client.get(INVITES, headers=carol.headers).json == []
    again = client.post(f"{INVITES}/{token}/accept", headers=carol.headers)
    assert again.status_code == 404


def test_declining(client, mailer, owned, carol):
    owner, site_id = owned
    created, token = invite(client, mailer, owned, carol.email)

    assert client.post(f"{INVITES}/{token}/decline", headers=carol.headers).status_code == 204

    row = client.get(f"/api/v1/sites/{site_id}/collaborators/{created['id']}",
                     headers=owner.headers)
    assert row.json["status"] == "DECLINED"
    assert client.get(f"/api/v1/sites/{site_id}/collaborators",
                      headers=carol.headers).status_code == 404


def test_an_expired_invitation_is_404(client, mailer, clock, owned, carol):
    _, token = invite(client, mailer, owned, carol.email)
    clock.advance(days=7, seconds=1)
    fresh = login(client, carol.email)["access_token"]  # the old access token expired too

    response = client.post(f"{INVITES}/{token}/accept",
                           headers={"Authorization": f"Bearer {fresh}"})

    assert response.status_code == 404 and response.json["error"] == "invite_not_found"


def test_the_invitee_may_answer_by_the_listed_id(client, mailer, owned, carol):
    invite(client, mailer, owned, carol.email)
    listed = client.get(INVITES, headers=carol.headers).json

    response = client.post(f"{INVITES}/{listed[0]['id']}/accept", headers=carol.headers)

    assert response.status_code == 200 and response.json["status"] == "ACTIVE"


def test_an_unverified_account_cannot_accept(client, mailer, owned):
    unverified = sign_up_and_in(client, mailer, verify=False, email="new@example.com",
                                username="newbie")
    _, token = invite(client, mailer, owned, unverified.email)

    response = client.post(f"{INVITES}/{token}/accept", headers=unverified.headers)

    assert response.status_code == 403 and response.json["error"] == "email_not_verified"


def test_invitations_need_a_signed_in_caller(client):
    for method, url in (("get", INVITES), ("get", f"{INVITES}/x"),
                        ("post", f"{INVITES}/x/accept"), ("post", f"{INVITES}/x/decline")):
        assert getattr(client, method)(url).status_code == 401
