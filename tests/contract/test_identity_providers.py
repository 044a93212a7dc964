"""The IdentityProviders contract: the HTTP adapter (against a local stand-in provider) and the
in-memory one answer alike."""

from __future__ import annotations

import secrets
import socket
import urllib.parse
from collections.abc import Iterator

import pytest

from ownverso.adapters.identity_providers import (
    OidcIdentityProviders,
    ProviderConfig,
    default_provider_configs,
)
from ownverso.adapters.memory.identity_providers import InMemoryIdentityProviders
from ownverso.services.ports import ExternalIdentity, IdentityProviderError, IdentityProviders
from tests.support.fake_idp import FakeIdentityProvider, generate_rsa_key, s256

CLIENT_ID = "ownverso-client"
REDIRECT_URI = "https://ownverso.test/auth/twitter/callback"


@pytest.fixture(scope="module")
def fake_idp() -> Iterator[FakeIdentityProvider]:
    with FakeIdentityProvider() as idp:
        yield idp


# -- one harness per adapter: how to make a valid (or an invalid) token or code --------------
class OidcHarness:
    def __init__(self, idp: FakeIdentityProvider):
        self.idp = idp
        self.adapter = OidcIdentityProviders({
            "google": idp.config(CLIENT_ID, "google"),
            "twitter": idp.config(CLIENT_ID, "twitter", client_secret="s3cret"),
        })

    def valid_id_token(self, sub: str, email: str, *, nonce: str | None = None) -> str:
        return self.idp.issue_id_token(sub, email, aud=CLIENT_ID, nonce=nonce, name="Ada",
                                       picture="https://img.test/ada.png")

    def wrong_audience_token(self) -> str:
        return self.idp.issue_id_token("sub-x", "x@example.com", aud="someone-else")

    def expired_token(self) -> str:
        return self.idp.issue_id_token("sub-x", "x@example.com", aud=CLIENT_ID,
                                       expires_in=-3600)

    def tampered_token(self) -> str:
        header, payload, signature = self.valid_id_token("sub-x", "x@example.com").split(".")
        flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
        return f"{header}.{payload}.{flipped}"

    def valid_code(self, subject: str, *, state: str, code_challenge: str) -> str:
        claims = {"id": subject, "name": "Ada", "username": "ada",
                  "profile_image_url": "https://img.test/ada.png"}
        return self.idp.issue_code(claims, code_challenge, REDIRECT_URI)


class MemoryHarness:
    def __init__(self) -> None:
        self.adapter = InMemoryIdentityProviders()

    def valid_id_token(self, sub: str, email: str, *, nonce: str | None = None) -> str:
        token = "idt-" + secrets.token_hex(8)
        identity = ExternalIdentity("google", sub, email, True, name="Ada",
                                    avatar_url="https://img.test/ada.png")
        self.adapter.register_id_token("google", token, identity, nonce=nonce)
        return token

    def wrong_audience_token(self) -> str:
        return "idt-unknown-audience"

    expired_token = tampered_token = wrong_audience_token

    def valid_code(self, subject: str, *, state: str, code_challenge: str) -> str:
        code = "code-" + secrets.token_hex(8)
        identity = ExternalIdentity("twitter", subject, None, False, name="Ada",
                                    avatar_url="https://img.test/ada.png")
        self.adapter.register_code("twitter", code, identity, state=state)
        return code


@pytest.fixture(params=["oidc", "memory"])
def harness(request: pytest.FixtureRequest) -> OidcHarness | MemoryHarness:
    if request.param == "oidc":
        return OidcHarness(request.getfixturevalue("fake_idp"))
    return MemoryHarness()


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    return verifier, s256(verifier)


def start_code_flow(adapter: IdentityProviders, harness, subject: str = "tw-42",
                    ) -> tuple[str, str]:
    """Ask for the authorization URL and get a code back; returns (code, verifier)."""
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(8)
    adapter.authorization_url("twitter", state=state, code_challenge=challenge,
                              redirect_uri=REDIRECT_URI)
    return harness.valid_code(subject, state=state, code_challenge=challenge), verifier


# -- the contract ---------------------------------------------------------------------------
def test_valid_id_token_gives_the_identity(harness):
    token = harness.valid_id_token("sub-1", "ada@example.com")
    identity = harness.adapter.verify_id_token("google", token)
    assert (identity.provider, identity.subject) == ("google", "sub-1")
    assert identity.email == "ada@example.com"
    assert identity.email_verified is True
    assert identity.name == "Ada"
    assert identity.avatar_url == "https://img.test/ada.png"


def test_provider_name_is_case_insensitive(harness):
    token = harness.valid_id_token("sub-1", "ada@example.com")
    assert harness.adapter.verify_id_token("GOOGLE", token).provider == "google"


def test_matching_nonce_is_accepted_and_another_refused(harness):
    token = harness.valid_id_token("sub-1", "ada@example.com", nonce="n-123")
    assert harness.adapter.verify_id_token("google", token, nonce="n-123").subject == "sub-1"
    with pytest.raises(IdentityProviderError):
        harness.adapter.verify_id_token("google", token, nonce="n-999")


@pytest.mark.parametrize("make", ["wrong_audience_token", "expired_token", "tampered_token"])
def test_invalid_id_tokens_are_refused(harness, make):
    with pytest.raises(IdentityProviderError):
        harness.adapter.verify_id_token("google", getattr(harness, make)())


def test_unknown_provider_is_refused(harness):
    with pytest.raises(IdentityProviderError):
        harness.adapter.verify_id_token("myspace", "whatever")
    with pytest.raises(IdentityProviderError):
        harness.adapter.authorization_url("myspace", state="s", code_challenge="c",
                                          redirect_uri=REDIRECT_URI)


def test_authorization_url_carries_state_and_s256_challenge(harness):
    _, challenge = pkce_pair()
    url = harness.adapter.authorization_url("twitter", state="st-1", code_challenge=challenge,
                                            redirect_uri=REDIRECT_URI)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["state"] == ["st-1"]
    assert query["code_challenge"] == [challenge]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == [REDIRECT_URI]
    assert query["response_type"] == ["code"]


def test_code_exchange_gives_identity_with_access_token(harness):
    code, verifier = start_code_flow(harness.adapter, harness)
    identity = harness.adapter.exchange_code("twitter", code=code, code_verifier=verifier,
                                             redirect_uri=REDIRECT_URI)
    assert (identity.provider, identity.subject) == ("twitter", "tw-42")
    assert identity.access_token
    assert identity.email is None and identity.email_verified is False
    assert identity.name == "Ada"
    assert identity.avatar_url == "https://img.test/ada.png"


def test_a_code_is_single_use(harness):
    code, verifier = start_code_flow(harness.adapter, harness)
    harness.adapter.exchange_code("twitter", code=code, code_verifier=verifier,
                                  redirect_uri=REDIRECT_URI)
    with pytest.raises(IdentityProviderError):
        harness.adapter.exchange_code("twitter", code=code, code_verifier=verifier,
                                      redirect_uri=REDIRECT_URI)


def test_wrong_code_verifier_is_refused(harness):
    code, _ = start_code_flow(harness.adapter, harness)
    with pytest.raises(IdentityProviderError):
        harness.adapter.exchange_code("twitter", code=code, code_verifier="not-the-verifier",
                                      redirect_uri=REDIRECT_URI)


def test_wrong_redirect_uri_is_refused(harness):
    code, verifier = start_code_flow(harness.adapter, harness)
    with pytest.raises(IdentityProviderError):
        harness.adapter.exchange_code("twitter", code=code, code_verifier=verifier,
                                      redirect_uri="https://evil.test/cb")


def test_unknown_code_is_refused(harness):
    with pytest.raises(IdentityProviderError):
        harness.adapter.exchange_code("twitter", code="never-issued", code_verifier="v" * 43,
                                      redirect_uri=REDIRECT_URI)


# -- the HTTP adapter only ------------------------------------------------------------------
def oidc(idp: FakeIdentityProvider, **configs: ProviderConfig) -> OidcIdentityProviders:
    return OidcIdentityProviders(configs or {"google": idp.config(CLIENT_ID)})


def test_token_signed_by_another_key_is_refused(fake_idp):
    forged = fake_idp.sign({"iss": fake_idp.issuer, "sub": "sub-1", "aud": CLIENT_ID,
                            "exp": 2**31}, key=generate_rsa_key(), kid="someone-elses-key")
    with pytest.raises(IdentityProviderError):
        oidc(fake_idp).verify_id_token("google", forged)


def test_token_signed_by_another_key_under_our_kid_is_refused(fake_idp):
    forged = fake_idp.sign({"iss": fake_idp.issuer, "sub": "sub-1", "aud": CLIENT_ID,
                            "exp": 2**31}, key=generate_rsa_key())
    with pytest.raises(IdentityProviderError):
        oidc(fake_idp).verify_id_token("google", forged)


def test_wrong_issuer_is_refused(fake_idp):
    token = fake_idp.issue_id_token("sub-1", "a@example.com", aud=CLIENT_ID,
                                    iss="https://evil.test")
    with pytest.raises(IdentityProviderError):
        oidc(fake_idp).verify_id_token("google", token)


def test_unsigned_and_malformed_tokens_are_refused(fake_idp):
    adapter = oidc(fake_idp)
    for token in ("not-a-jwt", "", "a.b.c"):
        with pytest.raises(IdentityProviderError):
            adapter.verify_id_token("google", token)


def test_jwks_endpoint_down_is_an_identity_provider_error(fake_idp):
    token = fake_idp.issue_id_token("sub-1", "a@example.com", aud=CLIENT_ID)
    fake_idp.jwks_available = False
    try:
        with pytest.raises(IdentityProviderError):
            oidc(fake_idp).verify_id_token("google", token)
    finally:
        fake_idp.jwks_available = True


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_unreachable_provider_is_an_identity_provider_error(fake_idp):
    dead = closed_port_url()
    config = ProviderConfig(client_id=CLIENT_ID, issuer=fake_idp.issuer,
                            jwks_url=f"{dead}/jwks", token_url=f"{dead}/token",
                            userinfo_url=f"{dead}/userinfo")
    adapter = oidc(fake_idp, google=config, twitter=config)
    with pytest.raises(IdentityProviderError):
        adapter.verify_id_token("google", fake_idp.issue_id_token("s", None, aud=CLIENT_ID))
    with pytest.raises(IdentityProviderError):
        adapter.exchange_code("twitter", code="c", code_verifier="v", redirect_uri=REDIRECT_URI)


def test_keys_are_cached(fake_idp):
    adapter = oidc(fake_idp)
    before = fake_idp.jwks_requests
    for sub in ("a", "b", "c"):
        token = fake_idp.issue_id_token(sub, None, aud=CLIENT_ID)
        adapter.verify_id_token("google", token)
    assert fake_idp.jwks_requests == before + 1


def test_apple_string_email_verified_is_coerced(fake_idp):
    adapter = oidc(fake_idp, apple=fake_idp.config(CLIENT_ID, "apple"))
    verified = fake_idp.issue_id_token("s", "a@privaterelay.appleid.com", aud=CLIENT_ID,
                                       email_verified="true")
    unverified = fake_idp.issue_id_token("s", "a@example.com", aud=CLIENT_ID,
                                         email_verified="false")
    assert adapter.verify_id_token("Apple", verified).email_verified is True
    assert adapter.verify_id_token("apple", unverified).email_verified is False


def test_provider_not_configured_is_refused(fake_idp):
    token = fake_idp.issue_id_token("s", None, aud=CLIENT_ID)
    with pytest.raises(IdentityProviderError, match="not configured"):
        oidc(fake_idp).verify_id_token("apple", token)


def test_code_exchange_sends_basic_auth_and_pkce_verifier(fake_idp):
    harness = OidcHarness(fake_idp)
    code, verifier = start_code_flow(harness.adapter, harness)
    identity = harness.adapter.exchange_code("twitter", code=code, code_verifier=verifier,
                                             redirect_uri=REDIRECT_URI)
    sent = fake_idp.token_requests[-1]
    assert sent["authorization"].startswith("Basic ")
    assert (sent["code_verifier"], sent["client_id"]) == (verifier, CLIENT_ID)
    assert identity.refresh_token and identity.expires_in == 7200
    assert identity.scopes == ("users.read", "tweet.read", "offline.access")


def test_authorization_url_names_client_and_scopes(fake_idp):
    adapter = oidc(fake_idp, twitter=fake_idp.config(CLIENT_ID, "twitter"))
    url = adapter.authorization_url("twitter", state="s", code_challenge="c",
                                    redirect_uri=REDIRECT_URI)
    assert url.startswith(f"{fake_idp.base_url}/authorize?")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"] == ["users.read tweet.read offline.access"]


def test_default_configs_only_for_providers_with_a_client_id():
    configs = default_provider_configs(google_client_id="g", apple_client_id=None,
                                       twitter_client_id="t", twitter_client_secret="ts")
    assert set(configs) == {"google", "twitter"}
    assert configs["google"].jwks_url == "https://www.googleapis.com/oauth2/v3/certs"
    assert configs["twitter"].token_url == "https://api.twitter.com/2/oauth2/token"
    assert configs["twitter"].client_secret == "ts"
    OidcIdentityProviders(configs)  # building it makes no network call
