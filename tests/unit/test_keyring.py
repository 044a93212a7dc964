"""The keyring behind secrets at rest: ciphertexts of an older app secret still open once it
is listed in ENCRYPTION_KEYS, new ones use SECRET_KEY, and rotation (``rotate_sealed`` and
``ownverso secrets rotate``) seals every stored secret again so that the older
secret can be dropped. What SecretBox sealed before the keyring still opens."""

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ownverso.container import build_container
from ownverso.domain.identity.values import UserRole
from ownverso.domain.payments.gateway_config import GatewayProvider
from ownverso.services.identity.secret_rotation import rotate_sealed
from ownverso.services.identity.secrets import SecretBox
from ownverso.settings import load_settings
from tests.factories.accounts import AuthorProfileFactory
from tests.support.chapters import actor_of, add_user

KEY_A = "app-secret-A-" + "a" * 40
KEY_B = "app-secret-B-" + "b" * 40
PURPOSE = "payment-gateway-secrets"
OWNVERSO = str(Path(sys.executable).parent / "ownverso")
ROOT = Path(__file__).resolve().parents[2]

RZP = {"key_id": "rzp_test_AbCdEfGhIjKlMn", "key_secret": "s3cretKeySecretValue0001",
       "webhook_secret": "razorpay-webhook-secret-0001"}
STR = {"account_id": "acct_1AbCdEfGhIjKlMnO", "secret_key": "sk_test_51AbCdEfGhIjKlMnOpQrSt",
       "webhook_secret": "whsec_AbCdEfGhIjKlMnOpQrStUvWx"}
XND = {"business_id": "5f27a14a9bf05c73dd040bc8",
       "api_key": "xnd_development_P4qDfOss0OCpl8RtKrROHjaQYNCk9dN5lSfk+R1l9Wbe+rSiCwZ3jw=="}


def test_a_box_opens_what_the_single_key_secret_box_sealed_before_the_keyring():
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"ownverso",
                   info=b"license-keys").derive(KEY_A.encode())
    before = Fernet(base64.urlsafe_b64encode(derived)).encrypt(b"OVK-OLD").decode()
    box = SecretBox(KEY_A, purpose="license-keys")
    assert box.decrypt(before) == "OVK-OLD"
    assert box.decrypt(box.encrypt("again")) == "again" and box.is_current(before)


def test_older_keys_open_new_ones_seal_and_rotation_leaves_only_the_current_key_needed():
    sealed_with_a = SecretBox(KEY_A, purpose=PURPOSE).encrypt("rzp-secret")
    with pytest.raises(ValueError):
        SecretBox(KEY_B, purpose=PURPOSE).decrypt(sealed_with_a)
    ring = SecretBox(KEY_B, purpose=PURPOSE, old_keys=[KEY_A])
    assert ring.decrypt(sealed_with_a) == "rzp-secret"
    assert not ring.is_current(sealed_with_a)
    assert SecretBox(KEY_B, purpose=PURPOSE).decrypt(ring.encrypt("new")) == "new"

    rotated = ring.rotate(sealed_with_a)
    assert ring.is_current(rotated)
    assert SecretBox(KEY_B, purpose=PURPOSE).decrypt(rotated) == "rzp-secret"
    with pytest.raises(ValueError):
        SecretBox(KEY_A, purpose=PURPOSE).decrypt(rotated)
    with pytest.raises(ValueError):  # no key of the ring opens it
        SecretBox(KEY_B, purpose=PURPOSE).rotate(SecretBox("other" * 10, purpose=PURPOSE)
                                                 .encrypt("x"))
    with pytest.raises(ValueError):  # each purpose has its own key
        SecretBox(KEY_A, purpose="license-keys").decrypt(sealed_with_a)


def test_encryption_keys_is_a_comma_separated_list_without_blanks_or_the_current_key(
        monkeypatch):
    settings = load_settings("test", secret_key=KEY_B,
                             encryption_keys=f" {KEY_A}, ,{KEY_B},{KEY_A}\nolder")
    assert settings.old_secret_keys == (KEY_A, "older")
    assert load_settings("test").old_secret_keys == ()
    monkeypatch.setenv("ENCRYPTION_KEYS", KEY_A)
    assert load_settings("test", secret_key=KEY_B).old_secret_keys == (KEY_A,)


# -- end to end on SQLite: A, then [B current, A old], rotate, then B alone ------------------
def sqlite_container(url: str, **settings):
    container = build_container(env="test", persistence="sql", database_url=url, **settings)
    container.migrate()
    return container


def connect_gateways(container) -> list[str]:
    """Two authors with every gateway connected (webhook secrets on two); their ids."""
    service, ids = container.gateway_config(), []
    for _ in range(2):
        user = add_user(container, role=UserRole.AUTHOR)
        with container.uow() as uow:
            uow.author_profiles.add(AuthorProfileFactory(user_id=user.id))
            uow.commit()
        for provider, fields in ((GatewayProvider.RAZORPAY, RZP),
                                 (GatewayProvider.STRIPE, STR), (GatewayProvider.XENDIT, XND)):
            service.connect(actor=actor_of(user), provider=provider, fields=fields)
        ids.append(user.id)
    return ids


def all_credentials(container, author_ids: list[str]) -> list[dict]:
    secrets = container.gateway_secrets()
    return [secrets.credentials(author, provider)
            for author in author_ids for provider in GatewayProvider]


def ciphertexts(container) -> list[str]:
    with container.uow() as uow:
        rows = uow.gateway_connections.list(order_by=["id"])
    return [c.secret_ciphertext for c in rows] + [c.webhook_secret_ciphertext for c in rows
                                                   if c.webhook_secret_ciphertext]


def test_gateway_secrets_sealed_with_key_a_open_after_rotation_to_key_b_alone(tmp_path):
    url = f"sqlite:///{tmp_path / 'ownverso.db'}"
    old = sqlite_container(url, secret_key=KEY_A)
    authors = connect_gateways(old)
    expected = all_credentials(old, authors)
    assert expected[0]["key_secret"] == RZP["key_secret"]
    license_key = old.license_keys().issue()  # another user of the keyring

    ring = sqlite_container(url, secret_key=KEY_B, encryption_keys=KEY_A)
    assert all_credentials(ring, authors) == expected
    assert ring.license_keys().reveal(license_key.key_ciphertext) == license_key.key
    sealed = ciphertexts(ring)
    assert len(sealed) == 10  # 6 secrets, 4 webhook secrets

    report = rotate_sealed(ring.uow, ring.gateway_secrets().sealed())
    assert (report.rotated, report.current, report.unreadable) == (10, 0, 0)
    assert not set(ciphertexts(ring)) & set(sealed)
    again = rotate_sealed(ring.uow, ring.gateway_secrets().sealed())  # idempotent
    assert (again.rotated, again.current, again.unreadable) == (0, 10, 0)

    only_b = sqlite_container(url, secret_key=KEY_B)
    assert all_credentials(only_b, authors) == expected
    box_b = SecretBox(KEY_B, purpose=PURPOSE)
    assert all(box_b.is_current(token) for token in ciphertexts(only_b))
    with only_b.uow() as uow:
        assert uow.gateway_connections.count() == 6


def test_rotation_seals_every_kind_of_secret_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'ownverso.db'}"
    old = sqlite_container(url, secret_key=KEY_A)
    connect_gateways(old)
    box_a = old.identity_box()
    two_factor = add_user(old, mfa_secret=box_a.encrypt("JBSWY3DPEHPK3PXP"))
    add_user(old)  # no secret: nothing to seal

    ring = sqlite_container(url, secret_key=KEY_B, encryption_keys=KEY_A)
    first = dict(ring.secret_rotation().rotate())
    assert {label: (r.rotated, r.current, r.unreadable) for label, r in first.items()} == {
        "payment gateway secrets": (10, 0, 0), "two-factor secrets": (1, 0, 0),
        "sign-in provider tokens": (0, 0, 0), "license keys": (0, 0, 0)}
    assert all(r.rotated == 0 for _, r in ring.secret_rotation().rotate())

    only_b = sqlite_container(url, secret_key=KEY_B)
    with only_b.uow() as uow:
        sealed = uow.users.get(two_factor.id).mfa_secret
    assert only_b.identity_box().decrypt(sealed) == "JBSWY3DPEHPK3PXP"


def ownverso(*args: str, env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("OWNVERSO_", "DATABASE", "SECRET_KEY", "ENCRYPTION_KEYS"))}
    return subprocess.run([OWNVERSO, *args], env={**base, **env}, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_the_rotate_command_prints_its_counts_and_refuses_secrets_no_key_opens(tmp_path):
    url = f"sqlite:///{tmp_path / 'ownverso.db'}"
    authors = connect_gateways(sqlite_container(url, secret_key=KEY_A))
    env = {"OWNVERSO_ENV": "development", "VAR_DIR": str(tmp_path / "var"),
           "DATABASE_URL": url, "SECRET_KEY": KEY_B, "ENCRYPTION_KEYS": KEY_A}

    first = ownverso("secrets", "rotate", env=env)
    assert first.returncode == 0, first.stderr
    assert "10 re-encrypted, 0 already current, 0 unreadable (10 in all)" in first.stdout
    second = ownverso("secrets", "rotate", env=env)
    assert "0 re-encrypted, 10 already current" in second.stdout
    for secret in (RZP["key_secret"], STR["secret_key"], XND["api_key"]):
        assert secret not in first.stdout + first.stderr + second.stdout + second.stderr
    assert all_credentials(sqlite_container(url, secret_key=KEY_B), authors)[0][
        "key_secret"] == RZP["key_secret"]

    lost = ownverso("secrets", "rotate", env={**env, "SECRET_KEY": "C" * 48,
                                              "ENCRYPTION_KEYS": ""})
    assert lost.returncode == 1
    assert "0 re-encrypted, 0 already current, 10 unreadable" in lost.stdout
    assert "ENCRYPTION_KEYS" in lost.stderr
