"""The license's rules: what a check answers, one seat per instance, deactivation frees it,
revoking needs a reason and is final; and the keys' shape, lenient reading and encryption."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.commerce.license import (
    License,
    LicenseActivation,
    LicenseCheck,
    LicenseStatus,
)
from ownverso.domain.commerce.values import LicenseType
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.services.commerce.license_keys import (
    ALPHABET,
    LicenseKeys,
    canonical,
    key_hash,
    lookup_hash,
)
from ownverso.services.identity.secrets import SecretBox

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)


def issued(seats: int | None = 2, **fields) -> License:
    values = {"id": "lic_1", "purchase_id": "pur_1", "product_id": "prod_1", "site_id": "s1",
              "author_id": "a1", "owner_id": "u1", "license_type": LicenseType.TEAM,
              "key_hash": "h", "key_hint": "ABCD", "key_ciphertext": "c", **fields}
    return License.issue(now=NOW, seats=seats, **values)


def activate(license: License, instance: str, current: LicenseActivation | None = None,
             now: datetime = NOW):
    return license.activate(current, activation_id=f"lac_{instance}", instance_id=instance,
                            label=None, now=now)


def test_a_new_license_is_active_with_its_seats():
    license = issued()
    assert (license.status, license.seats, license.active_seats) == (
        LicenseStatus.ACTIVE, 2, 0)
    assert issued(seats=None, license_type=LicenseType.PERSONAL).seats == 1
    assert license.check(NOW) is LicenseCheck.VALID
    with pytest.raises(RuleViolation) as refused:
        issued(seats=-1)
    assert refused.value.code == "invalid_seats"


def test_the_check_answers_why_a_key_is_refused():
    assert issued(expires_at=LATER).check(NOW) is LicenseCheck.VALID
    expired = issued(expires_at=NOW)
    assert (expired.check(NOW), expired.status_at(NOW)) == (
        LicenseCheck.EXPIRED, LicenseStatus.EXPIRED)
    suspended = issued()
    suspended.status = LicenseStatus.SUSPENDED
    assert suspended.check(NOW) is LicenseCheck.SUSPENDED
    revoked = issued()
    revoked.revoke(reason="Chargeback", actor_id="a1", now=NOW)
    assert revoked.check(NOW) is LicenseCheck.REVOKED


def test_each_instance_takes_one_seat_once():
    license = issued(seats=2)
    outcome, first = activate(license, "laptop")
    assert outcome is LicenseCheck.VALID and first is not None and first.is_active
    assert (first.id, first.license_id, first.instance_id, license.active_seats) == (
        "lac_laptop", "lic_1", "laptop", 1)
    outcome, again = activate(license, "laptop", first, now=LATER)
    assert (outcome, again, license.active_seats) == (LicenseCheck.VALID, first, 1)
    assert again.last_seen_at == LATER and again.first_activated_at == NOW
    assert activate(license, "desktop")[0] is LicenseCheck.VALID
    assert license.active_seats == 2
    outcome, none = activate(license, "tablet")
    assert (outcome, none, license.active_seats) == (LicenseCheck.SEATS_EXHAUSTED, None, 2)
    # an instance already holding a seat is still let in when the seats are full
    assert activate(license, "laptop", first)[0] is LicenseCheck.VALID


def test_deactivation_frees_the_seat_and_reactivation_takes_it_again():
    license = issued(seats=1)
    _, laptop = activate(license, "laptop")
    assert activate(license, "desktop")[0] is LicenseCheck.SEATS_EXHAUSTED
    assert license.deactivate(laptop, now=LATER) is True
    assert (laptop.is_active, laptop.deactivated_at, license.active_seats) == (
        False, LATER, 0)
    assert license.deactivate(laptop, now=LATER) is False  # already free: nothing moves
    assert license.active_seats == 0
    _, desktop = activate(license, "desktop")
    assert desktop is not None and license.active_seats == 1
    license.deactivate(desktop, now=LATER)
    outcome, back = activate(license, "laptop", laptop, now=LATER)
    assert (outcome, back, back.is_active, license.active_seats) == (
        LicenseCheck.VALID, laptop, True, 1)


def test_an_instance_of_another_license_is_not_deactivated():
    license, other = issued(), issued(id="lic_2")
    _, activation = activate(other, "laptop")
    assert license.deactivate(activation, now=NOW) is False and activation.is_active


def test_a_refused_license_activates_nothing():
    license = issued()
    license.revoke(reason="Abuse", actor_id=None, now=NOW)
    assert activate(license, "laptop") == (LicenseCheck.REVOKED, None)
    expired = issued(expires_at=NOW)
    assert activate(expired, "laptop") == (LicenseCheck.EXPIRED, None)
    assert license.active_seats == expired.active_seats == 0


def test_revoking_needs_a_reason_and_is_final():
    license = issued()
    for reason in ("", "   ", "x" * 501):
        with pytest.raises(RuleViolation) as refused:
            license.revoke(reason=reason, actor_id="a1", now=NOW)
        assert (refused.value.code, list(refused.value.fields)) == ("reason_required",
                                                                     ["reason"])
    assert license.status is LicenseStatus.ACTIVE
    license.revoke(reason="  Shared publicly ", actor_id="a1", now=LATER)
    assert (license.status, license.revoked_at, license.revoked_reason, license.revoked_by) == (
        LicenseStatus.REVOKED, LATER, "Shared publicly", "a1")
    with pytest.raises(InvalidTransition) as twice:
        license.revoke(reason="Again", actor_id="admin", now=LATER)
    assert twice.value.code == "license_revoked"
    assert license.revoked_by == "a1"


def test_keys_are_random_crockford_and_encrypted_for_their_owner():
    keys = LicenseKeys(SecretBox("secret", purpose="license-keys"))
    one, two = keys.issue(), keys.issue()
    assert one.key != two.key
    prefix, *groups = one.key.split("-")
    assert prefix == "OVK" and [len(g) for g in groups] == [5, 5, 5, 5]
    assert all(c in ALPHABET for c in "".join(groups))
    assert not set("ILOU") & set("".join(groups))
    assert (one.key_hash, one.key_hint) == (key_hash(one.key), one.key[-4:])
    assert one.key not in one.key_ciphertext and keys.reveal(one.key_ciphertext) == one.key
    with pytest.raises(ValueError):  # another purpose's key cannot read it
        SecretBox("secret", purpose="mfa-and-oauth-secrets").decrypt(one.key_ciphertext)


def test_typed_keys_are_read_leniently():
    key = "OVK-0123A-B1C0D-EFGHJ-KMNPQ"
    assert canonical(key) == key
    assert canonical(" ovk0123ab1c0defghjkmnpq ") == key
    assert canonical("OVK-O123A-BIC0D-EFGHJ-KMNPQ") == key  # O is 0, I is 1
    assert canonical("OVK-0123A-BLC0D-EFGHJ-KMNPQ") == key  # L is 1
    assert lookup_hash(key.lower()) == key_hash(key)
    for bad in ("", "OVK-0123A", "XYZ-0123A-B1C0D-EFGHJ-KMNPQ", "OVK-0123A-B1C0D-EFGHJ-KMNPU",
                "OVK-0123A-B1C0D-EFGHJ-KMNPQ-1"):
        assert canonical(bad) is None and lookup_hash(bad) is None
