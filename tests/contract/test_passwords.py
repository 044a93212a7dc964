"""The password hasher: argon2id, verified in constant time, rehashed when costs go up."""

from ownverso.adapters.passwords import Argon2PasswordHasher


def cheap(**costs) -> Argon2PasswordHasher:
    return Argon2PasswordHasher(**{"time_cost": 1, "memory_cost": 1024, **costs})


def test_a_hash_is_argon2id_and_verifies_only_the_right_password():
    hasher = cheap()
    hashed = hasher.hash("correct horse battery")
    assert hashed.startswith("$argon2id$")
    assert "correct horse battery" not in hashed
    assert hasher.verify(hashed, "correct horse battery")
    assert not hasher.verify(hashed, "Correct horse battery")


def test_the_same_password_hashes_differently_each_time():
    hasher = cheap()
    assert hasher.hash("same password") != hasher.hash("same password")


def test_a_malformed_hash_is_a_failed_check_not_an_error():
    assert not cheap().verify("not-a-hash", "anything")


def test_hashes_made_with_lower_costs_ask_to_be_rehashed():
    old = cheap().hash("pw pw pw pw")
    assert cheap(time_cost=2).needs_rehash(old)
    assert not cheap().needs_rehash(old)
