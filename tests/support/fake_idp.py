"""A stand-in identity provider on 127.0.0.1, with real keys, for tests of the HTTP adapter.

    with FakeIdentityProvider() as idp:
        adapter = OidcIdentityProviders({"google": idp.config("client-1", "google")})
        token = idp.issue_id_token("sub-1", "a@example.com", aud="client-1")
        adapter.verify_id_token("google", token)

Endpoints: ``/jwks`` (the RSA public key; ``jwks_available = False`` makes it answer 503),
``/token`` (authorization_code grant with PKCE S256; codes from ``issue_code`` are single use)
and ``/userinfo`` (Twitter style ``{"data": {...}}`` for a bearer access token).
Everything it received is inspectable: ``jwks_requests``, ``token_requests``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from ownverso.adapters.identity_providers import ProviderConfig

TWITTER_SCOPES = ("users.read", "tweet.read", "offline.access")


def generate_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def s256(code_verifier: str) -> str:
    digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class FakeIdentityProvider:
    def __init__(self) -> None:
        self.key = generate_rsa_key()
        self.kid = "fake-" + secrets.token_hex(4)
        self.jwks_available = True
        self.jwks_requests = 0
        self.token_requests: list[dict[str, Any]] = []  # form fields plus "authorization"
        self.codes: dict[str, dict[str, Any]] = {}
        self.access_tokens: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------
    def start(self) -> FakeIdentityProvider:
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True,
                                   request_handler=_QuietHandler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            assert self._thread is not None
            self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> FakeIdentityProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the fake first"
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def issuer(self) -> str:
        return self.base_url

    def config(self, client_id: str, provider: str = "google", *,
               client_secret: str | None = None) -> ProviderConfig:
        """A ``ProviderConfig`` for ``provider`` pointing at this fake (every endpoint)."""
        return ProviderConfig(
            client_id=client_id, client_secret=client_secret, issuer=self.issuer,
            jwks_url=f"{self.base_url}/jwks", authorize_url=f"{self.base_url}/authorize",
            token_url=f"{self.base_url}/token",
            userinfo_url=f"{self.base_url}/userinfo?user.fields=profile_image_url",
            scopes=TWITTER_SCOPES if provider.lower() == "twitter" else ("openid", "email"))

    # -- issuing ----------------------------------------------------------------------------
    def jwks(self) -> dict[str, Any]:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def sign(self, claims: dict[str, Any], *, key: rsa.RSAPrivateKey | None = None,
             kid: str | None = None) -> str:
        """Sign any claims with this fake's key (or another ``key``/``kid``, to forge)."""
        return jwt.encode(claims, key or self.key, algorithm="RS256",
                          headers={"kid": kid or self.kid})

    def issue_id_token(self, sub: str, email: str | None, aud: str, *,
                       nonce: str | None = None, expires_in: int = 600,
                       email_verified: bool | str = True, **extra: Any) -> str:
        """A signed ID token; ``extra`` adds claims (``name``, ``picture``, or overrides
        such as ``iss``)."""
        now = int(time.time())
        claims: dict[str, Any] = {"iss": self.issuer, "sub": sub, "aud": aud, "iat": now,
                                  "exp": now + expires_in, "email_verified": email_verified}
        if email is not None:
            claims["email"] = email
        if nonce is not None:
            claims["nonce"] = nonce
        return self.sign({**claims, **extra})

    def issue_code(self, identity_claims: dict[str, Any], code_challenge: str,
                   redirect_uri: str) -> str:
        """A single-use code; ``identity_claims`` is what ``/userinfo`` answers as ``data``
        (Twitter: ``id``, ``name``, ``username``, ``profile_image_url``)."""
        code = "code-" + secrets.token_urlsafe(12)
        with self._lock:
            self.codes[code] = {"claims": dict(identity_claims), "challenge": code_challenge,
                                "redirect_uri": redirect_uri}
        return code

    # -- HTTP -------------------------------------------------------------------------------
    def _wsgi(self, environ: dict, start_response: Any) -> Any:
        request = Request(environ)
        routes = {"/jwks": self._serve_jwks, "/token": self._serve_token,
                  "/userinfo": self._serve_userinfo}
        handler = routes.get(request.path)
        response = handler(request) if handler else _json({"error": "not_found"}, 404)
        return response(environ, start_response)

    def _serve_jwks(self, request: Request) -> Response:
        self.jwks_requests += 1
        if not self.jwks_available:
            return _json({"error": "temporarily_unavailable"}, 503)
        return _json(self.jwks())

    def _serve_token(self, request: Request) -> Response:
        if request.method != "POST":
            return _json({"error": "invalid_request"}, 405)
        form = request.form.to_dict()
        self.token_requests.append({**form,
                                    "authorization": request.headers.get("Authorization")})
        if form.get("grant_type") != "authorization_code":
            return _json({"error": "unsupported_grant_type"}, 400)
        with self._lock:
            grant = self.codes.pop(form.get("code", ""), None)
        if (grant is None or form.get("redirect_uri") != grant["redirect_uri"]
                or s256(form.get("code_verifier", "")) != grant["challenge"]):
            return _json({"error": "invalid_grant"}, 400)
        access_token = "at-" + secrets.token_urlsafe(16)
        self.access_tokens[access_token] = grant["claims"]
        return _json({"token_type": "bearer", "access_token": access_token,
                      "refresh_token": "rt-" + secrets.token_urlsafe(16), "expires_in": 7200,
                      "scope": " ".join(TWITTER_SCOPES)})

    def _serve_userinfo(self, request: Request) -> Response:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        claims = self.access_tokens.get(token) if scheme.lower() == "bearer" else None
        if claims is None:
            return _json({"title": "Unauthorized", "status": 401}, 401)
        return _json({"data": claims})


def _json(body: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")
