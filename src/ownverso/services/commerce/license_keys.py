"""License keys: made with ``secrets``, found by their SHA-256, kept encrypted for their owner.

A key reads ``OVK-XXXXX-XXXXX-XXXXX-XXXXX``: 20 Crockford base32 characters (100 random
bits; no I, L, O or U). Whatever a user types is read leniently before hashing (any case,
spaces or no dashes, O for 0, I and L for 1), so a retyped key still matches."""

import hashlib
import secrets
from dataclasses import dataclass

from ownverso.services.identity.secrets import SecretBox

PREFIX = "OVK"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP = 4, 5
HINT = 4
_LENIENT = str.maketrans({"O": "0", "I": "1", "L": "1"})


@dataclass(frozen=True)
class IssuedKey:
    key: str
    key_hash: str
    key_hint: str
    key_ciphertext: str


def canonical(raw: str) -> str | None:
    """The key as it was issued, or None when ``raw`` cannot be one."""
    text = "".join((raw or "").split()).replace("-", "").upper()
    if not text.startswith(PREFIX):
        return None
    body = text[len(PREFIX):].translate(_LENIENT)
    if len(body) != GROUPS * GROUP or any(c not in ALPHABET for c in body):
        return None
    return "-".join([PREFIX, *(body[i:i + GROUP] for i in range(0, len(body), GROUP))])


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def lookup_hash(raw: str) -> str | None:
    """The hash to look a typed key up by (None: not a key at all)."""
    key = canonical(raw)
    return key_hash(key) if key else None


class LicenseKeys:
    """Issues keys and shows them again to their owner (decrypted with the "license-keys"
    key derived from the app secret)."""

    def __init__(self, box: SecretBox):
        self.box = box

    def issue(self) -> IssuedKey:
        body = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP))
        key = canonical(PREFIX + body)
        assert key is not None
        return IssuedKey(key=key, key_hash=key_hash(key), key_hint=key[-HINT:],
                         key_ciphertext=self.box.encrypt(key))

    def reveal(self, ciphertext: str) -> str:
        return self.box.decrypt(ciphertext)
