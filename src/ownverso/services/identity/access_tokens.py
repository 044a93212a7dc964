"""Short-lived JWT access tokens, checked against our own clock."""

from dataclasses import dataclass
from datetime import timedelta

import jwt

from ownverso.services.errors import Unauthenticated
from ownverso.services.identity.secrets import new_token
from ownverso.services.ports import Clock

ISSUER = "ownverso"


@dataclass(frozen=True)
class AccessClaims:
    user_id: str
    session_id: str


class AccessTokens:
    def __init__(self, *, secret_key: str, ttl: int, clock: Clock):
        self.secret_key, self.ttl, self.clock = secret_key, ttl, clock

    def issue(self, *, user_id: str, session_id: str, role: str) -> str:
        now = self.clock.now()
        claims = {"iss": ISSUER, "sub": user_id, "sid": session_id, "role": role,
                  "typ": "access", "jti": new_token(12), "iat": int(now.timestamp()),
                  "exp": int((now + timedelta(seconds=self.ttl)).timestamp())}
        return jwt.encode(claims, self.secret_key, algorithm="HS256")

    def read(self, token: str) -> AccessClaims:
        """Signature, issuer and type by PyJWT; expiry against the platform clock."""
        try:
            claims = jwt.decode(token, self.secret_key, algorithms=["HS256"], issuer=ISSUER,
                                options={"verify_exp": False, "verify_iat": False,
                                         "require": ["exp", "sub", "sid"]})
        except jwt.InvalidTokenError as error:
            raise Unauthenticated("The access token is invalid.", code="invalid_token") from error
        if claims.get("typ") != "access":
            raise Unauthenticated("The access token is invalid.", code="invalid_token")
        if claims["exp"] <= self.clock.now().timestamp():
            raise Unauthenticated("The access token has expired.", code="token_expired")
        return AccessClaims(user_id=claims["sub"], session_id=claims["sid"])
