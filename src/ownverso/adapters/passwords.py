"""argon2id password hashing (argon2-cffi)."""

from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError

from ownverso.services.ports import PasswordHasher


class Argon2PasswordHasher(PasswordHasher):
    """Production uses argon2-cffi's RFC 9106 low-memory profile; tests pass cheaper costs."""

    def __init__(self, *, time_cost: int = 3, memory_cost: int = 65536, parallelism: int = 4):
        self._argon = Argon2(time_cost=time_cost, memory_cost=memory_cost,
                             parallelism=parallelism)

    def hash(self, password: str) -> str:
        return self._argon.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._argon.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._argon.check_needs_rehash(password_hash)
