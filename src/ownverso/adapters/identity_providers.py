"""Sign-in with Google, Apple (OpenID Connect ID tokens) and Twitter (OAuth 2 code + PKCE).

ID tokens are verified locally against the provider's published keys (JWKS, cached);
codes are exchanged over HTTP with the stdlib ``urllib`` (10 s timeout).
"""

from __future__ import annotations

import base64
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt

from ownverso.services.ports import ExternalIdentity, IdentityProviderError, IdentityProviders

PROVIDERS = ("google", "apple", "twitter")
ALGORITHMS = ["RS256", "ES256"]
HTTP_TIMEOUT = 10.0
JWKS_LIFESPAN = 3600.0  # providers rotate keys rarely; an unknown kid forces a refetch anyway


@dataclass(frozen=True)
class ProviderConfig:
    """Where one provider lives and who we are to it. ID-token providers need ``issuer`` and
    ``jwks_url``; code-flow providers need ``authorize_url``, ``token_url``, ``userinfo_url``.
    ``issuer_aliases`` are further accepted ``iss`` values (Google also signs with the bare
    ``accounts.google.com``)."""

    client_id: str
    client_secret: str | None = None
    issuer: str | None = None
    jwks_url: str | None = None
    authorize_url: str | None = None
    token_url: str | None = None
    userinfo_url: str | None = None
    scopes: tuple[str, ...] = ()
    issuer_aliases: tuple[str, ...] = ()


def normalize_provider(provider: str) -> str:
    """``"Google"`` -> ``"google"``; an unknown name is an ``IdentityProviderError``."""
    name = (provider or "").strip().lower()
    if name not in PROVIDERS:
        raise IdentityProviderError(f"unknown identity provider: {provider!r}")
    return name


def default_provider_configs(*, google_client_id: str | None = None,
                             apple_client_id: str | None = None,
                             twitter_client_id: str | None = None,
                             twitter_client_secret: str | None = None,
                             ) -> dict[str, ProviderConfig]:
    """The real endpoints, for the providers whose client id is set."""
    configs: dict[str, ProviderConfig] = {}
    if google_client_id:
        configs["google"] = ProviderConfig(
            client_id=google_client_id, issuer="https://accounts.google.com",
            jwks_url="https://www.googleapis.com/oauth2/v3/certs",
            issuer_aliases=("accounts.google.com",))
    if apple_client_id:
        configs["apple"] = ProviderConfig(
            client_id=apple_client_id, issuer="https://appleid.apple.com",
            jwks_url="https://appleid.apple.com/auth/keys")
    if twitter_client_id:
        configs["twitter"] = ProviderConfig(
            client_id=twitter_client_id, client_secret=twitter_client_secret or None,
            authorize_url="https://twitter.com/i/oauth2/authorize",
            token_url="https://api.twitter.com/2/oauth2/token",
            userinfo_url="https://api.twitter.com/2/users/me?user.fields=profile_image_url",
            scopes=("users.read", "tweet.read", "offline.access"))
    return configs


class OidcIdentityProviders(IdentityProviders):
    def __init__(self, configs: Mapping[str, ProviderConfig]):
        self.configs = {normalize_provider(name): config for name, config in configs.items()}
        self._jwks = {name: jwt.PyJWKClient(config.jwks_url, cache_keys=True,
                                            lifespan=JWKS_LIFESPAN, timeout=HTTP_TIMEOUT)
                      for name, config in self.configs.items() if config.jwks_url}

    def _config(self, provider: str) -> tuple[str, ProviderConfig]:
        name = normalize_provider(provider)
        if name not in self.configs:
            raise IdentityProviderError(f"{name} sign-in is not configured")
        return name, self.configs[name]

    # -- ID tokens ------------------------------------------------------------------------
    def verify_id_token(self, provider: str, id_token: str, *,
                        nonce: str | None = None) -> ExternalIdentity:
        name, config = self._config(provider)
        if name not in self._jwks or not config.issuer:
            raise IdentityProviderError(f"{name} does not issue ID tokens")
        claims = self._decode(name, config, id_token)
        if nonce is not None and not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
            raise IdentityProviderError("ID token nonce does not match")
        return ExternalIdentity(
            provider=name, subject=str(claims["sub"]), email=claims.get("email"),
            email_verified=_truthy(claims.get("email_verified")),
            name=claims.get("name"), avatar_url=claims.get("picture"))

    def _decode(self, name: str, config: ProviderConfig, id_token: str) -> dict[str, Any]:
        try:
            key = self._jwks[name].get_signing_key_from_jwt(id_token)
            return jwt.decode(
                id_token, key.key, algorithms=ALGORITHMS, audience=config.client_id,
                issuer=(config.issuer, *config.issuer_aliases),
                options={"require": ["exp", "iss", "aud", "sub"]})
        except jwt.PyJWKClientConnectionError as error:
            raise IdentityProviderError(f"{name} keys are unavailable") from error
        except jwt.ExpiredSignatureError as error:
            raise IdentityProviderError("ID token has expired") from error
        except (jwt.PyJWTError, ValueError, OSError) as error:
            raise IdentityProviderError(f"ID token refused: {error}") from error

    # -- authorization code + PKCE --------------------------------------------------------
    def authorization_url(self, provider: str, *, state: str, code_challenge: str,
                          redirect_uri: str) -> str:
        name, config = self._config(provider)
        if not config.authorize_url:
            raise IdentityProviderError(f"{name} does not support the code flow")
        query = urllib.parse.urlencode({
            "response_type": "code", "client_id": config.client_id,
            "redirect_uri": redirect_uri, "scope": " ".join(config.scopes), "state": state,
            "code_challenge": code_challenge, "code_challenge_method": "S256",
        }, quote_via=urllib.parse.quote)
        separator = "&" if "?" in config.authorize_url else "?"
        return f"{config.authorize_url}{separator}{query}"

    def exchange_code(self, provider: str, *, code: str, code_verifier: str,
                      redirect_uri: str) -> ExternalIdentity:
        name, config = self._config(provider)
        if not (config.token_url and config.userinfo_url):
            raise IdentityProviderError(f"{name} does not support the code flow")
        tokens = self._request_tokens(config, config.token_url, code, code_verifier,
                                      redirect_uri)
        access_token = tokens.get("access_token")
        if not isinstance(access_token, str) or not access_token:
            raise IdentityProviderError("token endpoint returned no access token")
        profile = _http_json(urllib.request.Request(
            config.userinfo_url, headers={"Authorization": f"Bearer {access_token}"}))
        return _identity_from_userinfo(name, profile, tokens, config.scopes)

    def _request_tokens(self, config: ProviderConfig, token_url: str, code: str,
                        code_verifier: str, redirect_uri: str) -> dict[str, Any]:
        form = urllib.parse.urlencode({
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "code_verifier": code_verifier, "client_id": config.client_id,
        }).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if config.client_secret:  # confidential clients (Twitter) authenticate with Basic
            pair = f"{config.client_id}:{config.client_secret}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        return _http_json(urllib.request.Request(token_url, data=form, headers=headers,
                                                 method="POST"))


def _identity_from_userinfo(provider: str, profile: dict[str, Any], tokens: dict[str, Any],
                            default_scopes: tuple[str, ...]) -> ExternalIdentity:
    """Twitter answers ``{"data": {id, name, username, profile_image_url}}`` and gives no email;
    an OpenID Connect userinfo answers flat standard claims."""
    data = profile.get("data") if isinstance(profile.get("data"), dict) else profile
    subject = data.get("id", data.get("sub"))
    if not subject:
        raise IdentityProviderError("userinfo has no subject")
    scope = tokens.get("scope")
    expires_in = tokens.get("expires_in")
    return ExternalIdentity(
        provider=provider, subject=str(subject), email=data.get("email"),
        email_verified=bool(data.get("email")) and _truthy(data.get("email_verified")),
        name=data.get("name") or data.get("username"),
        avatar_url=data.get("profile_image_url") or data.get("picture"),
        access_token=tokens["access_token"], refresh_token=tokens.get("refresh_token"),
        expires_in=int(expires_in) if expires_in is not None else None,
        scopes=tuple(scope.split()) if isinstance(scope, str) else default_scopes)


def _http_json(request: urllib.request.Request) -> dict[str, Any]:
    """Send ``request``; the JSON object answered, or ``IdentityProviderError``."""
    request.add_header("Accept", "application/json")
    request.add_header("User-Agent", "Ownverso")
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
            body = json.load(response)
    except urllib.error.HTTPError as error:
        with error:
            detail = _error_code(error.read())
        raise IdentityProviderError(f"provider answered {error.code}{detail}") from error
    except (OSError, ValueError) as error:  # URLError, timeouts, refused, bad JSON
        raise IdentityProviderError(f"provider unreachable: {error}") from error
    if not isinstance(body, dict):
        raise IdentityProviderError("provider answered something other than a JSON object")
    return body


def _error_code(body: bytes) -> str:
    """The OAuth ``error`` code of an error answer, as ``": invalid_grant"`` (or nothing)."""
    try:
        error = json.loads(body).get("error")
    except (ValueError, AttributeError):
        return ""
    return f": {error}" if isinstance(error, str) else ""


def _truthy(value: object) -> bool:
    """Apple sends ``email_verified`` as the string ``"true"``."""
    return value is True or (isinstance(value, str) and value.lower() == "true")
