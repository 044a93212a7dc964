"""Sign-in with Google, Apple and Twitter through the API.

Most tests run on the in-memory identity providers (tests say beforehand who a token or a code
stands for); the last ones run the real HTTP adapter against a stand-in provider with real keys.
"""

from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
from dependency_injector import providers

from ownverso.adapters.identity_providers import OidcIdentityProviders
from ownverso.adapters.memory.identity_providers import s256
from ownverso.container import build_container
from ownverso.domain.identity.user import check_username
from ownverso.domain.identity.values import AuthProvider, UserStatus
from ownverso.entrypoints.app import create_app
from ownverso.entrypoints.bootstrap import wire
from ownverso.services.ports import ExternalIdentity
from tests.support.api import BROWSER, PASSWORD, register, sign_up_and_in, token_from
from tests.support.fake_idp import FakeIdentityProvider

API = "/api/v1"
REDIRECT = "https://app.example.com/oauth/twitter"
VERIFIER = "v" * 43 + "-verifier"


@pytest.fixture
def idp(app):
    return app.container.identity_providers()


def google(subject="g-1", email="x@example.com", verified=True, name="X", **extra):
    return ExternalIdentity(provider="google", subject=subject, email=email,
                            email_verified=verified, name=name, **extra)


def twitter(subject="t-1", name="Tweety", **extra):
    return ExternalIdentity(provider="twitter", subject=subject, email=None,
                            email_verified=False, name=name, **extra)


def post(client, path, body):
    return client.post(f"{API}{path}", json=body, headers={"User-Agent": BROWSER})


def me(client, access_token):
    return client.get(f"{API}/auth/me", headers={"Authorization": f"Bearer {access_token}"})


# -- Google -----------------------------------------------------------------------------------
def test_google_sign_in_creates_an_active_verified_user(client, idp, app):
    idp.register_id_token("google", "tok-1", google())

    response = post(client, "/auth/login/google", {"id_token": "tok-1"})

    assert response.status_code == 200, response.json
    body = response.json
    assert body["mfa_required"] is False
    assert body["token_type"] == "Bearer" and body["refresh_token"]
    user = body["user"]
    assert user["email"] == "x@example.com"
    assert user["status"] == "ACTIVE"
    assert user["email_verified"] is True
    assert user["display_name"] == "X"
    assert me(client, body["access_token"]).json["id"] == user["id"]
    with app.container.uow() as uow:
        account = uow.auth_accounts.get_by(provider=AuthProvider.GOOGLE,
                                           provider_account_id="g-1")
        assert account is not None and account.user_id == user["id"]
        assert uow.users.get(user["id"]).password_hash is None


def test_signing_in_again_finds_the_same_user(client, idp):
    idp.register_id_token("google", "tok-1", google())
    idp.register_id_token("google", "tok-2", google(name="X Renamed"))

    first = post(client, "/auth/login/google", {"id_token": "tok-1"})
    second = post(client, "/auth/login/google", {"id_token": "tok-2"})

    assert second.status_code == 200, second.json
    assert second.json["user"]["id"] == first.json["user"]["id"]
    assert second.json["access_token"] != first.json["access_token"]


def test_an_unknown_id_token_is_refused(client):
    response = post(client, "/auth/login/google", {"id_token": "forged"})

    assert response.status_code == 401
    assert response.json["error"] == "oauth_failed"


def test_a_token_registered_for_another_provider_is_refused(client, idp):
    idp.register_id_token("apple", "tok-1", google())

    response = post(client, "/auth/login/google", {"id_token": "tok-1"})

    assert response.status_code == 401
    assert response.json["error"] == "oauth_failed"


def test_a_missing_id_token_is_a_validation_error(client):
    response = post(client, "/auth/login/google", {})

    assert response.status_code == 422
    assert "id_token" in response.json["errors"]["json"]


def test_a_nonce_must_match(client, idp):
    idp.register_id_token("google", "tok-1", google(), nonce="n-1")

    refused = post(client, "/auth/login/google", {"id_token": "tok-1", "nonce": "n-2"})
    accepted = post(client, "/auth/login/google", {"id_token": "tok-1", "nonce": "n-1"})

    assert refused.status_code == 401
    assert refused.json["error"] == "oauth_failed"
    assert accepted.status_code == 200, accepted.json


def test_a_verified_provider_email_links_the_existing_account(client, idp, mailer, app):
    mine = sign_up_and_in(client, mailer, email="x@example.com", username="xavier")
    idp.register_id_token("google", "tok-1", google(email="X@Example.com"))

    response = post(client, "/auth/login/google", {"id_token": "tok-1"})

    assert response.status_code == 200, response.json
    assert response.json["user"]["id"] == mine.user["id"]
    with app.container.uow() as uow:
        assert uow.auth_accounts.count(user_id=mine.user["id"]) == 1
    # the password still works too
    assert post(client, "/auth/login", {"email": mine.email,
                                        "password": PASSWORD}).status_code == 200


def test_an_unverified_provider_email_links_nothing(client, idp, mailer, app):
    mine = sign_up_and_in(client, mailer, email="x@example.com", username="xavier")
    idp.register_id_token("google", "tok-1", google(verified=False))

    response = post(client, "/auth/login/google", {"id_token": "tok-1"})

    assert response.status_code == 409
    assert response.json["error"] == "email_taken"
    assert "access_token" not in response.json
    with app.container.uow() as uow:
        assert uow.auth_accounts.count(user_id=mine.user["id"]) == 0
        assert uow.auth_accounts.get_by(provider_account_id="g-1") is None


def test_an_unverified_provider_email_on_a_new_address_needs_verification(client, idp,
                                                                          mailer):
    idp.register_id_token("google", "tok-1", google(email="new@example.com", verified=False))

    response = post(client, "/auth/login/google", {"id_token": "tok-1"})

    assert response.status_code == 200, response.json
    assert response.json["user"]["status"] == "PENDING_VERIFICATION"
    assert response.json["user"]["email_verified"] is False
    assert mailer.last_to("new@example.com") is not None


def test_usernames_are_made_unique(client, idp):
    idp.register_id_token("google", "tok-1", google(subject="g-1", email="a@example.com",
                                                    name="Same Name"))
    idp.register_id_token("google", "tok-2", google(subject="g-2", email="b@example.com",
                                                    name="Same Name"))

    first = post(client, "/auth/login/google", {"id_token": "tok-1"}).json["user"]
    second = post(client, "/auth/login/google", {"id_token": "tok-2"}).json["user"]

    assert first["username"] == "same_name"
    assert second["username"] == "same_name2"


@pytest.mark.parametrize("name", ["Admin", "Support", "me"])
def test_a_reserved_name_never_becomes_a_username(client, idp, name):
    idp.register_id_token("google", "tok-1", google(name=name, email="someone@example.com"))

    user = post(client, "/auth/login/google", {"id_token": "tok-1"}).json["user"]

    assert user["username"] not in {"admin", "support", "me"}
    check_username(user["username"])
    public = client.get(f"{API}/users/{user['username']}")
    assert public.status_code == 200, public.json


@pytest.mark.parametrize("name", ["a" * 23 + "_b", "X", "___", "Léa Müller-", "李雷"])
def test_made_up_usernames_are_valid(client, idp, name):
    idp.register_id_token("google", "tok-1", google(name=name, email="someone@example.com"))

    user = post(client, "/auth/login/google", {"id_token": "tok-1"}).json["user"]

    assert check_username(user["username"]) == user["username"]


def test_an_unverified_password_account_is_not_linked(client, idp, app):
    """Someone registered the address without proving it; the provider's owner must not
    sign in to an account whose password a stranger may hold."""
    squatter = register(client, email="x@example.com", username="squatter")
    idp.register_id_token("google", "tok-1", google())

    response = post(client, "/auth/login/google", {"id_token": "tok-1"})

    assert response.status_code == 409
    assert response.json["error"] == "email_taken"
    with app.container.uow() as uow:
        assert uow.auth_accounts.count(user_id=squatter["id"]) == 0


def test_a_second_google_account_with_the_same_email_is_not_linked(client, idp, app):
    idp.register_id_token("google", "tok-1", google(subject="g-1"))
    idp.register_id_token("google", "tok-2", google(subject="g-2"))
    first = post(client, "/auth/login/google", {"id_token": "tok-1"}).json["user"]

    response = post(client, "/auth/login/google", {"id_token": "tok-2"})

    assert response.status_code == 409
    assert response.json["error"] == "provider_already_connected"
    with app.container.uow() as uow:
        assert uow.auth_accounts.count(user_id=first["id"]) == 1


def test_a_suspended_user_cannot_sign_in_with_google(client, idp, app):
    idp.register_id_token("google", "tok-1", google())
    user_id = post(client, "/auth/login/google", {"id_token": "tok-1"}).json["user"]["id"]
    with app.container.uow() as uow:
        user = uow.users.get(user_id)
        user.change_status(UserStatus.SUSPENDED, now=app.container.clock().now(),
                           reason="spam")
        uow.commit()

    response = post(client, "/auth/login/google", {"id_token": "tok-1"})

    # the same answer as a password login of a suspended account
    assert response.status_code == 403
    assert response.json["error"] == "account_suspended"
    assert "access_token" not in response.json


def test_a_user_with_mfa_signing_in_with_google_gets_a_challenge(client, idp, mailer, clock):
    mine = sign_up_and_in(client, mailer, email="x@example.com", username="xavier")
    secret = client.post(f"{API}/auth/mfa/enable", headers=mine.headers).json["secret"]
    verified = client.post(f"{API}/auth/mfa/verify", headers=mine.headers,
                           json={"code": pyotp.TOTP(secret).at(clock.now())})
    assert verified.status_code == 200, verified.json
    idp.register_id_token("google", "tok-1", google())

    response = post(client, "/auth/login/google", {"id_token": "tok-1"})

    assert response.status_code == 200, response.json
    assert response.json["mfa_required"] is True
    assert "access_token" not in response.json
    clock.advance(seconds=30)
    finished = post(client, "/auth/mfa/challenge", {
        "mfa_token": response.json["mfa_token"], "code": pyotp.TOTP(secret).at(clock.now())})
    assert finished.status_code == 200, finished.json
    assert finished.json["user"]["id"] == mine.user["id"]


# -- Apple ------------------------------------------------------------------------------------
def test_apple_sign_in_takes_the_display_name(client, idp):
    idp.register_id_token("apple", "apple-tok", ExternalIdentity(
        provider="apple", subject="001234.abcd", email="relay@privaterelay.appleid.com",
        email_verified=True, name=None))

    response = post(client, "/auth/login/apple", {"id_token": "apple-tok",
                                                  "display_name": "Ada Apple"})

    assert response.status_code == 200, response.json
    user = response.json["user"]
    assert user["display_name"] == "Ada Apple"
    assert user["email"] == "relay@privaterelay.appleid.com"
    assert user["status"] == "ACTIVE"


def test_apple_sign_in_without_a_name_uses_the_email(client, idp):
    idp.register_id_token("apple", "apple-tok", ExternalIdentity(
        provider="apple", subject="001234.abcd", email="ada@example.com",
        email_verified=True))

    response = post(client, "/auth/login/apple", {"id_token": "apple-tok"})

    assert response.status_code == 200, response.json
    assert response.json["user"]["display_name"] == "ada"


# -- Twitter: the client holds the PKCE verifier -----------------------------------------------
def test_twitter_first_sign_in_needs_an_email(client, idp):
    idp.register_code("twitter", "code-1", twitter())

    response = post(client, "/auth/login/twitter", {
        "code": "code-1", "code_verifier": VERIFIER, "redirect_uri": REDIRECT})

    assert response.status_code == 422
    assert response.json["error"] == "email_required"
    assert "email" in response.json["errors"]["json"]


def test_twitter_sign_in_with_an_email_creates_a_pending_account(client, idp, mailer, app):
    idp.register_code("twitter", "code-1", twitter())

    response = post(client, "/auth/login/twitter", {
        "code": "code-1", "code_verifier": VERIFIER, "redirect_uri": REDIRECT,
        "email": "tweety@example.com"})

    assert response.status_code == 200, response.json
    user = response.json["user"]
    assert user["email"] == "tweety@example.com"
    assert user["status"] == "PENDING_VERIFICATION"
    assert user["email_verified"] is False
    message = mailer.last_to("tweety@example.com")
    assert message is not None
    verified = client.post(f"{API}/auth/verify-email", json={"token": token_from(message.text)})
    assert verified.status_code == 200, verified.json
    with app.container.uow() as uow:
        account = uow.auth_accounts.get_by(provider=AuthProvider.TWITTER,
                                           provider_account_id="t-1")
        assert account.user_id == user["id"]
        assert account.access_token and account.access_token != "memory-access-code-1"


def test_twitter_sign_in_again_needs_no_email(client, idp):
    idp.register_code("twitter", "code-1", twitter())
    idp.register_code("twitter", "code-2", twitter())
    first = post(client, "/auth/login/twitter", {
        "code": "code-1", "code_verifier": VERIFIER, "redirect_uri": REDIRECT,
        "email": "tweety@example.com"})

    second = post(client, "/auth/login/twitter", {
        "code": "code-2", "code_verifier": VERIFIER, "redirect_uri": REDIRECT})

    assert second.status_code == 200, second.json
    assert second.json["user"]["id"] == first.json["user"]["id"]


def test_a_twitter_code_works_once(client, idp):
    idp.register_code("twitter", "code-1", twitter())
    body = {"code": "code-1", "code_verifier": VERIFIER, "redirect_uri": REDIRECT,
            "email": "tweety@example.com"}
    assert post(client, "/auth/login/twitter", body).status_code == 200

    again = post(client, "/auth/login/twitter", body)

    assert again.status_code == 401
    assert again.json["error"] == "oauth_failed"


def test_twitter_code_without_verifier_is_a_validation_error(client, idp):
    idp.register_code("twitter", "code-1", twitter())

    response = post(client, "/auth/login/twitter", {"code": "code-1", "redirect_uri": REDIRECT})

    assert response.status_code == 422


def test_twitter_needs_a_redirect_uri(client):
    response = post(client, "/auth/login/twitter", {"code": "code-1",
                                                    "code_verifier": VERIFIER})

    assert response.status_code == 422
    assert "redirect_uri" in response.json["errors"]["json"]


# -- Twitter: the server holds the PKCE verifier (redirect flow) -------------------------------
def start_twitter(client) -> tuple[str, str]:
    response = post(client, "/auth/login/twitter", {"redirect_uri": REDIRECT})
    assert response.status_code == 202, response.json
    return response.json["authorization_url"], response.json["state"]


def test_twitter_without_a_code_answers_where_to_authorize(client, idp):
    url, state = start_twitter(client)

    query = parse_qs(urlparse(url).query)
    assert query["state"] == [state]
    assert query["redirect_uri"] == [REDIRECT]
    assert query["code_challenge_method"] == ["S256"]
    assert query["code_challenge"] == [idp.authorizations[state].code_challenge]


def test_the_callback_finishes_the_sign_in(client, idp, app):
    _, state = start_twitter(client)
    with app.container.uow() as uow:
        pending = uow.oauth_states.list()[0]
    assert s256(pending.code_verifier) == idp.authorizations[state].code_challenge
    idp.register_code("twitter", "code-cb", twitter(), state=state)
    # the callback has no email to give: the Twitter identity must already be known
    idp.register_code("twitter", "code-first", twitter())
    created = post(client, "/auth/login/twitter", {
        "code": "code-first", "code_verifier": VERIFIER, "redirect_uri": REDIRECT,
        "email": "tweety@example.com"})

    response = client.get(f"{API}/auth/oauth/twitter/callback",
                          query_string={"code": "code-cb", "state": state},
                          headers={"User-Agent": BROWSER})

    assert response.status_code == 200, response.json
    assert response.json["user"]["id"] == created.json["user"]["id"]
    assert response.json["access_token"]
    assert me(client, response.json["access_token"]).status_code == 200


def test_the_callback_of_a_new_twitter_user_asks_for_an_email(client, idp):
    _, state = start_twitter(client)
    idp.register_code("twitter", "code-cb", twitter(), state=state)

    response = client.get(f"{API}/auth/oauth/twitter/callback",
                          query_string={"code": "code-cb", "state": state})

    assert response.status_code == 422
    assert response.json["error"] == "email_required"


def test_a_state_is_used_once(client, idp):
    idp.register_code("twitter", "code-first", twitter())
    post(client, "/auth/login/twitter", {"code": "code-first", "code_verifier": VERIFIER,
                                         "redirect_uri": REDIRECT, "email": "t@example.com"})
    _, state = start_twitter(client)
    idp.register_code("twitter", "code-cb", twitter(), state=state)
    idp.register_code("twitter", "code-cb2", twitter(), state=state)
    first = client.get(f"{API}/auth/oauth/twitter/callback",
                       query_string={"code": "code-cb", "state": state})
    assert first.status_code == 200, first.json

    again = client.get(f"{API}/auth/oauth/twitter/callback",
                       query_string={"code": "code-cb2", "state": state})

    assert again.status_code == 401
    assert again.json["error"] == "invalid_oauth_state"


def test_an_unknown_state_is_refused(client, idp):
    idp.register_code("twitter", "code-cb", twitter())

    response = client.get(f"{API}/auth/oauth/twitter/callback",
                          query_string={"code": "code-cb", "state": "made-up"})

    assert response.status_code == 401
    assert response.json["error"] == "invalid_oauth_state"


def test_a_state_expires(client, idp, clock):
    _, state = start_twitter(client)
    idp.register_code("twitter", "code-cb", twitter(), state=state)
    clock.advance(minutes=11)

    response = client.get(f"{API}/auth/oauth/twitter/callback",
                          query_string={"code": "code-cb", "state": state})

    assert response.status_code == 401
    assert response.json["error"] == "invalid_oauth_state"


def test_a_state_belongs_to_its_provider(client, idp):
    _, state = start_twitter(client)

    response = client.get(f"{API}/auth/oauth/google/callback",
                          query_string={"code": "code-cb", "state": state})

    assert response.status_code == 401
    assert response.json["error"] == "invalid_oauth_state"


def test_a_code_from_another_authorization_fails_the_pkce_check(client, idp):
    _, state = start_twitter(client)
    _, other_state = start_twitter(client)
    idp.register_code("twitter", "code-cb", twitter(), state=other_state)

    response = client.get(f"{API}/auth/oauth/twitter/callback",
                          query_string={"code": "code-cb", "state": state})

    assert response.status_code == 401
    assert response.json["error"] == "oauth_failed"


def test_the_callback_needs_code_and_state(client):
    response = client.get(f"{API}/auth/oauth/twitter/callback")

    assert response.status_code == 422
    assert set(response.json["errors"]["query"]) == {"code", "state"}


def test_an_unknown_provider_is_not_found(client):
    response = client.get(f"{API}/auth/oauth/myspace/callback",
                          query_string={"code": "c", "state": "s"})

    assert response.status_code == 404
    assert response.json["error"] == "unknown_provider"


def test_email_is_not_an_oauth_provider(client):
    response = client.get(f"{API}/auth/oauth/email/callback",
                          query_string={"code": "c", "state": "s"})

    assert response.status_code == 404
    assert response.json["error"] == "unknown_provider"


# -- the real adapter against a stand-in provider ----------------------------------------------
@pytest.fixture(scope="module")
def fake():
    with FakeIdentityProvider() as provider:
        yield provider


@pytest.fixture
def real_app(fake):
    container = build_container(env="test")
    container.identity_providers.override(providers.Object(OidcIdentityProviders({
        "google": fake.config("client-123", "google"),
        "twitter": fake.config("tw-client", "twitter", client_secret="s"),
    })))
    application = create_app(container)
    yield application
    container.identity_providers.reset_override()


@pytest.fixture
def real_client(real_app):
    wire(real_app.container)
    return real_app.test_client()


def test_real_google_id_token_signs_in(real_client, fake):
    token = fake.issue_id_token("google-sub-1", "real@example.com", aud="client-123",
                                name="Real Person", picture="https://img.example.com/p.png")

    response = post(real_client, "/auth/login/google", {"id_token": token})

    assert response.status_code == 200, response.json
    user = response.json["user"]
    assert user["email"] == "real@example.com"
    assert user["status"] == "ACTIVE"
    assert user["display_name"] == "Real Person"
    assert user["avatar_url"] == "https://img.example.com/p.png"
    assert fake.jwks_requests >= 1
    again = post(real_client, "/auth/login/google", {"id_token": token})
    assert again.json["user"]["id"] == user["id"]


def test_real_google_id_token_for_another_audience_is_refused(real_client, fake):
    token = fake.issue_id_token("google-sub-1", "real@example.com", aud="someone-else")

    response = post(real_client, "/auth/login/google", {"id_token": token})

    assert response.status_code == 401
    assert response.json["error"] == "oauth_failed"


def test_real_google_id_token_from_another_issuer_is_refused(real_client, fake):
    token = fake.issue_id_token("google-sub-1", "real@example.com", aud="client-123",
                                iss="https://evil.example.com")

    response = post(real_client, "/auth/login/google", {"id_token": token})

    assert response.status_code == 401
    assert response.json["error"] == "oauth_failed"


def test_real_expired_google_id_token_is_refused(real_client, fake):
    token = fake.issue_id_token("google-sub-1", "real@example.com", aud="client-123",
                                expires_in=-60)

    response = post(real_client, "/auth/login/google", {"id_token": token})

    assert response.status_code == 401
    assert response.json["error"] == "oauth_failed"


def test_real_forged_google_id_token_is_refused(real_client, fake):
    from tests.support.fake_idp import generate_rsa_key

    forged = fake.sign({"iss": fake.issuer, "sub": "x", "aud": "client-123",
                        "exp": 4_000_000_000, "email": "x@example.com"},
                       key=generate_rsa_key())

    response = post(real_client, "/auth/login/google", {"id_token": forged})

    assert response.status_code == 401
    assert response.json["error"] == "oauth_failed"


def test_apple_not_configured_is_refused(real_client, fake):
    token = fake.issue_id_token("apple-sub", "a@example.com", aud="client-123")

    response = post(real_client, "/auth/login/apple", {"id_token": token})

    assert response.status_code == 401
    assert response.json["error"] == "oauth_failed"


def test_real_twitter_pkce_code_signs_in(real_client, real_app, fake):
    verifier = "real-verifier-" + "x" * 40
    code = fake.issue_code({"id": "tw-42", "name": "Real Tweeter", "username": "realtweeter",
                            "profile_image_url": "https://img.example.com/t.png"},
                           s256(verifier), REDIRECT)

    response = post(real_client, "/auth/login/twitter", {
        "code": code, "code_verifier": verifier, "redirect_uri": REDIRECT,
        "email": "tweeter@example.com"})

    assert response.status_code == 200, response.json
    user = response.json["user"]
    assert user["email"] == "tweeter@example.com"
    assert user["status"] == "PENDING_VERIFICATION"
    request = fake.token_requests[-1]
    assert request["code_verifier"] == verifier
    assert request["authorization"].startswith("Basic ")
    with real_app.container.uow() as uow:
        account = uow.auth_accounts.get_by(provider=AuthProvider.TWITTER,
                                           provider_account_id="tw-42")
        assert account.user_id == user["id"]
        assert account.access_token and not account.access_token.startswith("at-")
        assert account.refresh_token and not account.refresh_token.startswith("rt-")
        assert account.token_expires_at is not None


def test_real_twitter_code_with_the_wrong_verifier_is_refused(real_client, fake):
    code = fake.issue_code({"id": "tw-42", "name": "Real Tweeter"}, s256("a" * 43), REDIRECT)

    response = post(real_client, "/auth/login/twitter", {
        "code": code, "code_verifier": "b" * 43, "redirect_uri": REDIRECT,
        "email": "tweeter@example.com"})

    assert response.status_code == 401
    assert response.json["error"] == "oauth_failed"


def test_real_twitter_redirect_flow(real_client, fake):
    first = post(real_client, "/auth/login/twitter", {"redirect_uri": REDIRECT})
    assert first.status_code == 202, first.json
    url, state = first.json["authorization_url"], first.json["state"]
    assert url.startswith(f"{fake.base_url}/authorize?")
    query = parse_qs(urlparse(url).query)
    assert query["client_id"] == ["tw-client"]
    # a known Twitter user (created with an email earlier)
    verifier = "c" * 43
    known = fake.issue_code({"id": "tw-7", "name": "Seven"}, s256(verifier), REDIRECT)
    created = post(real_client, "/auth/login/twitter", {
        "code": known, "code_verifier": verifier, "redirect_uri": REDIRECT,
        "email": "seven@example.com"})
    assert created.status_code == 200, created.json
    # the provider issues the code for the challenge it was given in the authorization URL
    code = fake.issue_code({"id": "tw-7", "name": "Seven"}, query["code_challenge"][0],
                           REDIRECT)

    response = real_client.get(f"{API}/auth/oauth/twitter/callback",
                               query_string={"code": code, "state": state})

    assert response.status_code == 200, response.json
    assert response.json["user"]["id"] == created.json["user"]["id"]


def test_password_users_can_still_register_beside_oauth(real_client):
    body = register(real_client, email="plain@example.com", username="plain")
    assert body["email"] == "plain@example.com"


# -- on Postgres ------------------------------------------------------------------------------
def test_oauth_sign_in_link_and_redirect_flow_on_postgres(pg_client, pg_app):
    idp = pg_app.container.identity_providers()
    idp.register_id_token("google", "pg-tok", google(subject="pg-g", email="pg@example.com"))
    signed_in = post(pg_client, "/auth/login/google", {"id_token": "pg-tok"})
    assert signed_in.status_code == 200, signed_in.json
    user = signed_in.json["user"]
    assert user["status"] == "ACTIVE"
    headers = {"Authorization": f"Bearer {signed_in.json['access_token']}"}
    # Twitter linked through the redirect flow started by the sign-in endpoint is a new
    # identity; connect it with a code instead, then sign in with it by the callback
    idp.register_code("twitter", "pg-code", twitter(subject="pg-t", access_token="pg-plain"))
    connected = pg_client.post(f"{API}/users/me/connected-accounts/twitter", headers=headers,
                               json={"code": "pg-code", "code_verifier": VERIFIER,
                                     "redirect_uri": REDIRECT})
    assert connected.status_code == 201, connected.json
    _, state = start_twitter(pg_client)
    idp.register_code("twitter", "pg-cb", twitter(subject="pg-t"), state=state)
    callback = pg_client.get(f"{API}/auth/oauth/twitter/callback",
                             query_string={"code": "pg-cb", "state": state})
    assert callback.status_code == 200, callback.json
    assert callback.json["user"]["id"] == user["id"]
    replay = pg_client.get(f"{API}/auth/oauth/twitter/callback",
                           query_string={"code": "pg-cb", "state": state})
    assert replay.status_code == 401
    assert replay.json["error"] == "invalid_oauth_state"
    with pg_app.container.uow() as uow:
        account = uow.auth_accounts.get_by(provider=AuthProvider.TWITTER,
                                           provider_account_id="pg-t")
        assert account.access_token and account.access_token != "pg-plain"
    assert pg_client.delete(f"{API}/users/me/connected-accounts/google",
                            headers=headers).status_code == 204
    last = pg_client.delete(f"{API}/users/me/connected-accounts/twitter", headers=headers)
    assert last.status_code == 409
    assert last.json["error"] == "last_login_method"
