"""Random tokens, their hashes, and encryption of secrets kept at rest."""

import base64
import hashlib
import secrets

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def hash_token(token: str) -> str:
    """Tokens are random and long, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(token.encode()).hexdigest()


class SecretBox:
    """Fernet (AES-128-CBC + HMAC) with a key derived from the app secret for one purpose."""

    def __init__(self, secret_key: str, *, purpose: str):
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"ownverso",
                   info=purpose.encode()).derive(secret_key.encode())
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode()

    def decrypt(self, value: str) -> str:
        try:
            return self._fernet.decrypt(value.encode()).decode()
        except InvalidToken as error:
            raise ValueError("secret cannot be decrypted with the current key") from error
