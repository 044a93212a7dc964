"""Short-lived links to private content (the pages of comic chapters), on every storage
backend: ``{base}/api/v1/chapters/{chapter}/pages/{image}[/thumbnail]?expires=…&signature=…``.

The signature is an HMAC-SHA256, with a key derived from the secret key, over the chapter id,
the image id, the variant and the expiry (Unix seconds); nothing is kept server-side. The app's
route checks it and streams the bytes from the storage port."""

import base64
import hashlib
import hmac
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from ownverso.services.ports import Clock, ContentUrlSigner, InvalidContentLink

VARIANTS = {"page": "", "thumbnail": "/thumbnail"}


class HmacContentUrlSigner(ContentUrlSigner):
    def __init__(self, *, secret_key: str, base_url: str, clock: Clock):
        if not secret_key:
            raise ValueError("HmacContentUrlSigner needs the secret key")
        self._key = hashlib.sha256(b"ownverso/content-links/" + secret_key.encode()).digest()
        self.base_url, self.clock = base_url.rstrip("/"), clock

    def _sign(self, chapter_id: str, image_id: str, variant: str, expires: int) -> str:
        message = "\n".join((chapter_id, image_id, variant, str(expires))).encode()
        digest = hmac.new(self._key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def page_url(self, *, chapter_id: str, image_id: str, variant: str, expires_in: int) -> str:
        if variant not in VARIANTS:
            raise ValueError(f"unknown variant {variant!r}")
        expires = int(self.clock.now().timestamp()) + int(expires_in)
        query = urlencode({"expires": expires,
                           "signature": self._sign(chapter_id, image_id, variant, expires)})
        path = f"/api/v1/chapters/{quote(chapter_id, safe='')}/pages/{quote(image_id, safe='')}"
        return f"{self.base_url}{path}{VARIANTS[variant]}?{query}"

    def verify(self, *, chapter_id: str, image_id: str, variant: str, expires: str,
               signature: str) -> datetime:
        try:
            seconds = int(expires)
        except (TypeError, ValueError):
            seconds = None
        if seconds is None or not signature or variant not in VARIANTS or not hmac.compare_digest(
                signature.encode(), self._sign(chapter_id, image_id, variant, seconds).encode()):
            raise InvalidContentLink("This link is not valid.")
        try:
            expires_at = datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            raise InvalidContentLink("This link is not valid.") from None
        if self.clock.now() >= expires_at:
            raise InvalidContentLink("This link has expired.", code="expired_link")
        return expires_at
