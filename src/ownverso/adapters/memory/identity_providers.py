"""Identity providers without a network: tests say beforehand who a token or code stands for.

    idps = InMemoryIdentityProviders()
    idps.register_id_token("google", "tok-1", ExternalIdentity("google", "sub-1", "a@b.c", True))
    url = idps.authorization_url("twitter", state="st", code_challenge=challenge,
                                 redirect_uri="https://app/cb")
    idps.register_code("twitter", "code-1", identity, state="st")
    idps.exchange_code("twitter", code="code-1", code_verifier=verifier,
                       redirect_uri="https://app/cb")

ID tokens stay valid (like a real one until it expires); codes are single-use. A code linked to
a ``state`` must be exchanged with the verifier whose S256 challenge, and the redirect URI,
were given to ``authorization_url`` for that state, as a real provider demands.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import threading
import urllib.parse
from dataclasses import dataclass

from ownverso.adapters.identity_providers import normalize_provider
from ownverso.services.ports import ExternalIdentity, IdentityProviderError, IdentityProviders


def s256(code_verifier: str) -> str:
    """The PKCE S256 challenge of a verifier: base64url(sha256(verifier)) without padding."""
    digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class Authorization:
    """What ``authorization_url`` was asked for one ``state``."""

    provider: str
    code_challenge: str
    redirect_uri: str


class InMemoryIdentityProviders(IdentityProviders):
    def __init__(self) -> None:
        self.id_tokens: dict[tuple[str, str], tuple[ExternalIdentity, str | None]] = {}
        self.codes: dict[tuple[str, str], tuple[ExternalIdentity, str | None]] = {}
        self.authorizations: dict[str, Authorization] = {}  # state -> last request
        self._lock = threading.Lock()

    def register_id_token(self, provider: str, token: str, identity: ExternalIdentity, *,
                          nonce: str | None = None) -> None:
        """``token`` now stands for ``identity``; with ``nonce`` it demands that nonce."""
        self.id_tokens[normalize_provider(provider), token] = (identity, nonce)

    def register_code(self, provider: str, code: str, identity: ExternalIdentity, *,
                      state: str | None = None) -> None:
        """``code`` may be exchanged once for ``identity``; ``state`` links it to the
        challenge given to ``authorization_url``."""
        self.codes[normalize_provider(provider), code] = (identity, state)

    def verify_id_token(self, provider: str, id_token: str, *,
                        nonce: str | None = None) -> ExternalIdentity:
        found = self.id_tokens.get((normalize_provider(provider), id_token))
        if found is None:
            raise IdentityProviderError("unknown ID token")
        identity, expected_nonce = found
        if nonce is not None and expected_nonce is not None and nonce != expected_nonce:
            raise IdentityProviderError("ID token nonce does not match")
        return identity

    def authorization_url(self, provider: str, *, state: str, code_challenge: str,
                          redirect_uri: str) -> str:
        name = normalize_provider(provider)
        self.authorizations[state] = Authorization(name, code_challenge, redirect_uri)
        query = urllib.parse.urlencode({
            "response_type": "code", "client_id": f"memory-{name}", "redirect_uri": redirect_uri,
            "state": state, "code_challenge": code_challenge, "code_challenge_method": "S256",
        })
        return f"https://{name}.idp.invalid/authorize?{query}"

    def exchange_code(self, provider: str, *, code: str, code_verifier: str,
                      redirect_uri: str) -> ExternalIdentity:
        """The registered identity (with an access token made up if it had none)."""
        with self._lock:  # single use, even under concurrent requests
            found = self.codes.pop((normalize_provider(provider), code), None)
        if found is None:
            raise IdentityProviderError("unknown or already used code")
        identity, state = found
        authorization = self.authorizations.get(state) if state is not None else None
        if authorization is not None:
            if s256(code_verifier) != authorization.code_challenge:
                raise IdentityProviderError("code verifier does not match the challenge")
            if redirect_uri != authorization.redirect_uri:
                raise IdentityProviderError("redirect URI does not match")
        if identity.access_token is None:
            identity = dataclasses.replace(identity, access_token=f"memory-access-{code}")
        return identity
