"""Connecting and disconnecting Google, Apple and Twitter accounts: /users/me/connected-accounts."""

import pytest

from ownverso.domain.identity.values import AuthProvider
from ownverso.services.ports import ExternalIdentity
from tests.support.api import BROWSER, sign_up_and_in

API = "/api/v1"
ACCOUNTS = f"{API}/users/me/connected-accounts"
REDIRECT = "https://app.example.com/oauth/twitter"
VERIFIER = "v" * 43


@pytest.fixture
def idp(app):
    return app.container.identity_providers()


@pytest.fixture
def me(client, mailer):
    return sign_up_and_in(client, mailer)


def google(subject="g-1", email="mira.g@example.com", **extra):
    return ExternalIdentity(provider="google", subject=subject, email=email,
                            email_verified=True, name="Mira G", **extra)


def connect(client, who, provider="google", **body):
    return client.post(f"{ACCOUNTS}/{provider}", json=body, headers=who.headers)


def test_no_connected_accounts_at_first(client, me):
    response = client.get(ACCOUNTS, headers=me.headers)

    assert response.status_code == 200
    assert response.json == []


def test_connect_a_google_account(client, me, idp):
    idp.register_id_token("google", "tok-1", google(avatar_url="https://img.example.com/g.png"))

    response = connect(client, me, id_token="tok-1")

    assert response.status_code == 201, response.json
    body = response.json
    assert body["provider"] == "google"
    assert body["provider_account_id"] == "g-1"
    assert body["provider_email"] == "mira.g@example.com"
    assert body["provider_name"] == "Mira G"
    assert body["provider_avatar"] == "https://img.example.com/g.png"
    assert "access_token" not in body and "refresh_token" not in body
    listed = client.get(ACCOUNTS, headers=me.headers).json
    assert [a["provider_account_id"] for a in listed] == ["g-1"]


def test_the_connected_account_signs_in_as_the_user(client, me, idp):
    idp.register_id_token("google", "tok-1", google())
    connect(client, me, id_token="tok-1")

    response = client.post(f"{API}/auth/login/google", json={"id_token": "tok-1"},
                           headers={"User-Agent": BROWSER})

    assert response.status_code == 200, response.json
    assert response.json["user"]["id"] == me.user["id"]


def test_connect_twitter_with_a_code_and_the_tokens_are_encrypted(client, me, idp, app):
    idp.register_code("twitter", "code-1", ExternalIdentity(
        provider="twitter", subject="t-1", email=None, email_verified=False, name="Mira T",
        access_token="plain-access", refresh_token="plain-refresh", expires_in=7200,
        scopes=("users.read", "tweet.read")))

    response = connect(client, me, "twitter", code="code-1", code_verifier=VERIFIER,
                       redirect_uri=REDIRECT)

    assert response.status_code == 201, response.json
    assert response.json["scopes"] == ["users.read", "tweet.read"]
    assert "plain-access" not in response.get_data(as_text=True)
    with app.container.uow() as uow:
        account = uow.auth_accounts.get_by(provider=AuthProvider.TWITTER,
                                           provider_account_id="t-1")
        assert account.access_token and account.access_token != "plain-access"
        assert "plain-access" not in account.access_token
        assert account.refresh_token and account.refresh_token != "plain-refresh"
        assert account.token_expires_at is not None
        box = app.container.identity_kit().secret_box
        assert box.decrypt(account.access_token) == "plain-access"


def test_connect_an_id_token_identity_with_a_provider_token(client, me, idp, app):
    idp.register_id_token("google", "tok-1", google(access_token="g-plain-access"))

    assert connect(client, me, id_token="tok-1").status_code == 201

    with app.container.uow() as uow:
        account = uow.auth_accounts.get_by(user_id=me.user["id"])
        assert account.access_token and account.access_token != "g-plain-access"


def test_an_unknown_token_is_refused(client, me):
    response = connect(client, me, id_token="forged")

    assert response.status_code == 401
    assert response.json["error"] == "oauth_failed"


def test_connect_needs_credentials(client, me):
    response = connect(client, me)

    assert response.status_code == 422
    assert response.json["error"] == "credentials_required"


def test_connect_an_unknown_provider(client, me):
    response = connect(client, me, "myspace", id_token="tok-1")

    assert response.status_code == 404
    assert response.json["error"] == "unknown_provider"


def test_an_identity_linked_to_someone_else_is_taken(client, me, mailer, idp):
    other = sign_up_and_in(client, mailer, email="other@example.com", username="other")
    idp.register_id_token("google", "tok-1", google())
    assert connect(client, other, id_token="tok-1").status_code == 201

    response = connect(client, me, id_token="tok-1")

    assert response.status_code == 409
    assert response.json["error"] == "provider_account_taken"


def test_a_second_google_account_is_refused(client, me, idp):
    idp.register_id_token("google", "tok-1", google(subject="g-1"))
    idp.register_id_token("google", "tok-2", google(subject="g-2", email="second@example.com"))
    assert connect(client, me, id_token="tok-1").status_code == 201

    response = connect(client, me, id_token="tok-2")

    assert response.status_code == 409
    assert response.json["error"] == "provider_already_connected"
    assert len(client.get(ACCOUNTS, headers=me.headers).json) == 1


def test_connecting_the_same_account_again_refreshes_it(client, me, idp):
    idp.register_id_token("google", "tok-1", google())
    idp.register_id_token("google", "tok-2", google(email="renamed@example.com"))
    connect(client, me, id_token="tok-1")

    response = connect(client, me, id_token="tok-2")

    assert response.status_code == 201, response.json
    assert response.json["provider_email"] == "renamed@example.com"
    assert len(client.get(ACCOUNTS, headers=me.headers).json) == 1


def test_several_providers_are_listed_in_order(client, me, idp, clock):
    idp.register_id_token("google", "tok-1", google())
    idp.register_id_token("apple", "apple-tok", ExternalIdentity(
        provider="apple", subject="a-1", email="relay@privaterelay.appleid.com",
        email_verified=True))
    connect(client, me, id_token="tok-1")
    clock.advance(seconds=5)
    connect(client, me, "apple", id_token="apple-tok")

    listed = client.get(ACCOUNTS, headers=me.headers).json

    assert [a["provider"] for a in listed] == ["google", "apple"]


def test_disconnect(client, me, idp):
    idp.register_id_token("google", "tok-1", google())
    connect(client, me, id_token="tok-1")

    response = client.delete(f"{ACCOUNTS}/google", headers=me.headers)

    assert response.status_code == 204
    assert client.get(ACCOUNTS, headers=me.headers).json == []
    # that Google account is free to sign in again, now as a user of its own
    signed_in = client.post(f"{API}/auth/login/google", json={"id_token": "tok-1"},
                            headers={"User-Agent": BROWSER})
    assert signed_in.status_code == 200, signed_in.json
    assert signed_in.json["user"]["id"] != me.user["id"]


def test_disconnect_a_provider_not_connected(client, me):
    response = client.delete(f"{ACCOUNTS}/google", headers=me.headers)

    assert response.status_code == 404
    assert response.json["error"] == "connected_account_not_found"


def test_disconnect_an_unknown_provider(client, me):
    response = client.delete(f"{ACCOUNTS}/myspace", headers=me.headers)

    assert response.status_code == 404
    assert response.json["error"] == "unknown_provider"


def google_only_user(client, idp):
    idp.register_id_token("google", "only-tok", google(subject="g-only",
                                                       email="only@example.com"))
    body = client.post(f"{API}/auth/login/google", json={"id_token": "only-tok"},
                       headers={"User-Agent": BROWSER}).json
    return {"Authorization": f"Bearer {body['access_token']}"}


def test_the_only_way_to_sign_in_cannot_be_disconnected(client, idp):
    headers = google_only_user(client, idp)

    response = client.delete(f"{ACCOUNTS}/google", headers=headers)

    assert response.status_code == 409
    assert response.json["error"] == "last_login_method"
    assert len(client.get(ACCOUNTS, headers=headers).json) == 1


def test_a_provider_may_go_while_another_remains(client, idp):
    headers = google_only_user(client, idp)
    idp.register_id_token("apple", "apple-tok", ExternalIdentity(
        provider="apple", subject="a-1", email=None, email_verified=False))
    assert client.post(f"{ACCOUNTS}/apple", json={"id_token": "apple-tok"},
                       headers=headers).status_code == 201

    response = client.delete(f"{ACCOUNTS}/google", headers=headers)

    assert response.status_code == 204
    assert [a["provider"] for a in client.get(ACCOUNTS, headers=headers).json] == ["apple"]
    refused = client.delete(f"{ACCOUNTS}/apple", headers=headers)
    assert refused.status_code == 409
    assert refused.json["error"] == "last_login_method"


@pytest.mark.parametrize(("method", "path"), [
    ("get", ""), ("post", "/google"), ("delete", "/google"),
])
def test_connected_accounts_need_a_signed_in_user(client, method, path):
    kwargs = {"json": {"id_token": "x"}} if method == "post" else {}

    response = getattr(client, method)(f"{ACCOUNTS}{path}", **kwargs)

    assert response.status_code == 401


def test_connect_twitter_through_the_redirect_flow(client, me, idp):
    started = client.post("/api/v1/users/me/connected-accounts/twitter",
                          json={"redirect_uri": "https://app.example.com/cb"},
                          headers=me.headers)
    assert started.status_code == 202
    state = started.json["state"]
    assert f"state={state}" in started.json["authorization_url"]
    idp.register_code("twitter", "tw-code", ExternalIdentity(
        provider="twitter", subject="tw-42", email=None, email_verified=False, name="Mira"),
        state=state)

    finished = client.get(f"/api/v1/auth/oauth/twitter/callback?code=tw-code&state={state}")
    assert finished.status_code == 200
    assert finished.json["provider"] == "twitter"
    listed = client.get("/api/v1/users/me/connected-accounts", headers=me.headers).json
    assert [a["provider_account_id"] for a in listed] == ["tw-42"]
    replay = client.get(f"/api/v1/auth/oauth/twitter/callback?code=tw-code&state={state}")
    assert replay.status_code == 401 and replay.json["error"] == "invalid_oauth_state"
