"""Presigned uploads on the embedded default: an HMAC-signed URL to the app's own route
(``POST /files/upload/<token>``), which checks the token and writes through the storage port.

The token carries the key, the content type, the size cap and the expiry, signed with a key
derived from the secret key; nothing is kept server-side until the client completes."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime

from ownverso.adapters.storage import safe_key
from ownverso.services.ports import Clock, InvalidUploadToken, UploadGrant, UploadSigner


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class LocalUploadSigner(UploadSigner):
    def __init__(self, *, secret_key: str, base_url: str, clock: Clock):
        if not secret_key:
            raise ValueError("LocalUploadSigner needs the secret key")
        self._key = hashlib.sha256(b"ownverso/media-uploads/" + secret_key.encode()).digest()
        self.base_url, self.clock = base_url.rstrip("/"), clock

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode(), hashlib.sha256).digest())

    def token(self, key: str, *, content_type: str, max_bytes: int, expires_in: int) -> str:
        expires = int(self.clock.now().timestamp()) + int(expires_in)
        payload = {"k": safe_key(key), "t": content_type, "m": int(max_bytes), "e": expires}
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"{body}.{self._sign(body)}"

    def presign_upload(self, key: str, *, content_type: str, max_bytes: int,
                       expires_in: int) -> dict:
        token = self.token(key, content_type=content_type, max_bytes=max_bytes,
                           expires_in=expires_in)
        return {"url": f"{self.base_url}/files/upload/{token}", "method": "POST",
                "headers": {}, "fields": {"Content-Type": content_type}}

    def verify(self, token: str) -> UploadGrant:
        body, _, signature = token.partition(".")
        if not body or not signature or not hmac.compare_digest(
                signature.encode(), self._sign(body).encode()):
            raise InvalidUploadToken("This upload link is not valid.")
        try:
            payload = json.loads(_unb64(body))
            grant = UploadGrant(key=safe_key(payload["k"]), content_type=str(payload["t"]),
                                max_bytes=int(payload["m"]),
                                expires_at=datetime.fromtimestamp(int(payload["e"]), UTC))
        except (ValueError, KeyError, TypeError):
            raise InvalidUploadToken("This upload link is not valid.") from None
        if self.clock.now() >= grant.expires_at:
            raise InvalidUploadToken("This upload link has expired.",
                                     code="upload_token_expired")
        return grant
