"""Signed download links on the embedded default: an HMAC-signed, expiring URL to the app's
own route (``GET /api/v1/downloads/<token>``), which checks the token and streams the file
from the storage port as an attachment.

The token carries the key, the file name, the content type and the expiry (Unix seconds),
signed with a key derived from the secret key; nothing is kept server-side."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime

from ownverso.adapters.storage import safe_key
from ownverso.services.ports import (
    Clock,
    DownloadGrant,
    DownloadLinkSigner,
    InvalidDownloadLink,
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class HmacDownloadSigner(DownloadLinkSigner):
    def __init__(self, *, secret_key: str, base_url: str, clock: Clock):
        if not secret_key:
            raise ValueError("HmacDownloadSigner needs the secret key")
        self._key = hashlib.sha256(b"ownverso/download-links/" + secret_key.encode()).digest()
        self.base_url, self.clock = base_url.rstrip("/"), clock

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode(), hashlib.sha256).digest())

    def download_url(self, *, key: str, filename: str, content_type: str,
                     expires_in: int) -> str:
        expires = int(self.clock.now().timestamp()) + int(expires_in)
        payload = {"k": safe_key(key), "n": filename, "t": content_type, "e": expires}
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"{self.base_url}/api/v1/downloads/{body}.{self._sign(body)}"

    def verify(self, token: str) -> DownloadGrant:
        body, _, signature = (token or "").partition(".")
        if not body or not signature or not hmac.compare_digest(
                signature.encode(), self._sign(body).encode()):
            raise InvalidDownloadLink("This download link is not valid.")
        try:
            payload = json.loads(_unb64(body))
            grant = DownloadGrant(key=safe_key(payload["k"]), filename=str(payload["n"]),
                                  content_type=str(payload["t"]),
                                  expires_at=datetime.fromtimestamp(int(payload["e"]), UTC))
        except (ValueError, KeyError, TypeError, OverflowError, OSError):
            raise InvalidDownloadLink("This download link is not valid.") from None
        if self.clock.now() >= grant.expires_at:
            raise InvalidDownloadLink("This download link has expired.", code="expired_link")
        return grant
