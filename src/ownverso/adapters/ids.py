"""Id generators: sortable random ids for production, a counter for readable tests."""

import itertools
import secrets
import threading
import time

from ownverso.services.ports import IdGenerator

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case


def _base32(number: int, length: int) -> str:
    out = []
    for _ in range(length):
        number, digit = divmod(number, 32)
        out.append(ALPHABET[digit])
    return "".join(reversed(out))


class RandomIds(IdGenerator):
    """``usr_`` + 10 characters of milliseconds + 16 random ones: unique and time-ordered."""

    def new_id(self, prefix: str) -> str:
        stamp = _base32(time.time_ns() // 1_000_000, 10)
        return f"{prefix}_{stamp}{_base32(secrets.randbits(80), 16)}"


class SequentialIds(IdGenerator):
    """``usr_000001``, ``usr_000002``, … shared across prefixes, so order is visible."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def new_id(self, prefix: str) -> str:
        with self._lock:
            return f"{prefix}_{next(self._counter):06d}"
