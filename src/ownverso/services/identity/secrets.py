"""Random tokens, their hashes, and encryption of secrets kept at rest."""

import base64
import hashlib
import secrets
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def hash_token(token: str) -> str:
    """Tokens are random and long, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(token.encode()).hexdigest()


class SecretBox:
    """Fernet (AES-128-CBC + HMAC) with a key derived from the app secret for one purpose.

    The keyring: ``old_keys`` are app secrets used before the current one (the
    ``ENCRYPTION_KEYS`` setting). What they sealed still opens (cryptography's ``MultiFernet``
    tries the current key first, then each older one); everything new is sealed with the
    current key, and ``rotate`` seals an old ciphertext again with it, after which the older
    secret may be dropped.
    """

    def __init__(self, secret_key: str, *, purpose: str, old_keys: Sequence[str] = ()):
        self._current = _fernet(secret_key, purpose)
        older = [_fernet(key, purpose) for key in dict.fromkeys(old_keys)
                 if key and key != secret_key]
        self._fernet = MultiFernet([self._current, *older])

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode()

    def decrypt(self, value: str) -> str:
        try:
            return self._fernet.decrypt(value.encode()).decode()
        except InvalidToken as error:
            raise ValueError("secret cannot be decrypted with the current key") from error

    def is_current(self, value: str) -> bool:
        """Whether ``value`` was sealed with the current key (rotating it would change nothing
        but its timestamp)."""
        try:
            self._current.decrypt(value.encode())
        except InvalidToken:
            return False
        return True

    def rotate(self, value: str) -> str:
        """``value`` sealed again with the current key (``ValueError``: no key opens it)."""
        try:
            return self._fernet.rotate(value.encode()).decode()
        except InvalidToken as error:
            raise ValueError("secret cannot be decrypted with any known key") from error


def _fernet(secret_key: str, purpose: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"ownverso",
               info=purpose.encode()).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))
