"""TOTP two-factor authentication through the API, on the in-memory suite.

Codes come from pyotp at the FixedClock's time; a TOTP code is accepted once, so a test that
needs a fresh one moves the clock a step (30 s) forward.
"""

from urllib.parse import parse_qs, unquote, urlparse

import pyotp
import pytest

from ownverso.domain.identity.values import UserStatus
from tests.support.api import BROWSER, PASSWORD, sign_up_and_in

API = "/api/v1"
STEP = 30


def code_at(secret: str, clock) -> str:
    return pyotp.TOTP(secret).at(clock.now())


def fresh_code(secret: str, clock) -> str:
    """The next step's code (the previous one may have been spent)."""
    clock.advance(seconds=STEP)
    return code_at(secret, clock)


def enable_mfa(client, me, clock) -> tuple[str, list[str]]:
    """Enable and verify MFA for ``me``; returns the secret and the backup codes."""
    setup = client.post(f"{API}/auth/mfa/enable", headers=me.headers)
    assert setup.status_code == 200, setup.json
    secret = setup.json["secret"]
    verified = client.post(f"{API}/auth/mfa/verify", headers=me.headers,
                           json={"code": code_at(secret, clock)})
    assert verified.status_code == 200, verified.json
    return secret, verified.json["backup_codes"]


def password_login(client, email: str, password: str = PASSWORD):
    return client.post(f"{API}/auth/login", json={"email": email, "password": password},
                       headers={"User-Agent": BROWSER})


def mfa_token_for(client, me) -> str:
    response = password_login(client, me.email)
    assert response.status_code == 200, response.json
    assert response.json["mfa_required"] is True
    return response.json["mfa_token"]


def challenge(client, mfa_token: str, code: str):
    return client.post(f"{API}/auth/mfa/challenge", json={"mfa_token": mfa_token, "code": code},
                       headers={"User-Agent": BROWSER})


@pytest.fixture
def me(client, mailer):
    return sign_up_and_in(client, mailer)


@pytest.fixture
def mfa_user(client, me, clock):
    """``me`` with MFA on: ``(me, secret, backup_codes)``."""
    secret, codes = enable_mfa(client, me, clock)
    return me, secret, codes


# -- setup ------------------------------------------------------------------------------------
def test_enable_returns_a_secret_and_an_otpauth_uri(client, me, app):
    response = client.post(f"{API}/auth/mfa/enable", headers=me.headers)

    assert response.status_code == 200, response.json
    secret, uri = response.json["secret"], response.json["otpauth_uri"]
    assert uri.startswith("otpauth://totp/")
    parsed = urlparse(uri)
    query = parse_qs(parsed.query)
    assert query["secret"] == [secret]
    assert query["issuer"] == ["Ownverso"]
    assert me.email in unquote(parsed.path)
    assert "Ownverso" in unquote(parsed.path)
    with app.container.uow() as uow:
        stored = uow.users.get(me.user["id"])
        assert stored.mfa_secret and stored.mfa_secret != secret
        assert secret not in stored.mfa_secret
        assert stored.mfa_enabled is False  # not until verified


def test_verify_with_a_wrong_code_is_refused(client, me):
    secret = client.post(f"{API}/auth/mfa/enable", headers=me.headers).json["secret"]
    wrong = "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"

    response = client.post(f"{API}/auth/mfa/verify", headers=me.headers, json={"code": wrong})

    assert response.status_code == 401
    assert response.json["error"] == "invalid_mfa_code"
    assert client.get(f"{API}/auth/me", headers=me.headers).json["mfa_enabled"] is False


def test_verify_before_enable_is_a_conflict(client, me):
    response = client.post(f"{API}/auth/mfa/verify", headers=me.headers,
                           json={"code": "123456"})

    assert response.status_code == 409
    assert response.json["error"] == "mfa_not_started"


def test_verify_turns_mfa_on_with_ten_backup_codes_and_an_email(client, me, mailer, clock):
    secret = client.post(f"{API}/auth/mfa/enable", headers=me.headers).json["secret"]

    response = client.post(f"{API}/auth/mfa/verify", headers=me.headers,
                           json={"code": code_at(secret, clock)})

    assert response.status_code == 200, response.json
    codes = response.json["backup_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(f"{API}/auth/me", headers=me.headers).json["mfa_enabled"] is True
    assert mailer.last_to(me.email).subject == "Two-factor authentication enabled"


def test_backup_codes_are_stored_hashed(client, mfa_user, app):
    me, _, codes = mfa_user
    with app.container.uow() as uow:
        stored = uow.users.get(me.user["id"]).mfa_backup_codes
    assert len(stored) == 10
    assert not set(codes) & set(stored)


def test_enabling_twice_is_a_conflict(client, mfa_user, clock):
    me, secret, _ = mfa_user

    again = client.post(f"{API}/auth/mfa/enable", headers=me.headers)
    verify_again = client.post(f"{API}/auth/mfa/verify", headers=me.headers,
                               json={"code": fresh_code(secret, clock)})

    assert again.status_code == 409
    assert again.json["error"] == "mfa_already_enabled"
    assert verify_again.status_code == 409
    assert verify_again.json["error"] == "mfa_already_enabled"


def test_a_short_code_is_a_validation_error(client, me):
    client.post(f"{API}/auth/mfa/enable", headers=me.headers)

    response = client.post(f"{API}/auth/mfa/verify", headers=me.headers, json={"code": "12"})

    assert response.status_code == 422
    assert "code" in response.json["errors"]["json"]


# -- the login challenge ----------------------------------------------------------------------
def test_login_asks_for_a_second_factor(client, mfa_user):
    me, _, _ = mfa_user

    response = password_login(client, me.email)

    assert response.status_code == 200, response.json
    assert response.json["mfa_required"] is True
    assert response.json["mfa_token"]
    assert "access_token" not in response.json
    assert "refresh_token" not in response.json


def test_challenge_with_a_totp_code_signs_in(client, mfa_user, clock):
    me, secret, _ = mfa_user
    token = mfa_token_for(client, me)

    response = challenge(client, token, fresh_code(secret, clock))

    assert response.status_code == 200, response.json
    body = response.json
    assert body["user"]["id"] == me.user["id"]
    assert body["refresh_token"]
    who = client.get(f"{API}/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert who.status_code == 200
    assert who.json["id"] == me.user["id"]


def test_a_totp_code_is_accepted_once(client, mfa_user, clock):
    me, secret, _ = mfa_user
    code = fresh_code(secret, clock)
    assert challenge(client, mfa_token_for(client, me), code).status_code == 200

    replay = challenge(client, mfa_token_for(client, me), code)  # same clock time

    assert replay.status_code == 401
    assert replay.json["error"] == "invalid_mfa_code"


def test_the_code_used_to_verify_setup_does_not_sign_in(client, mfa_user, clock):
    me, secret, _ = mfa_user

    response = challenge(client, mfa_token_for(client, me), code_at(secret, clock))

    assert response.status_code == 401
    assert response.json["error"] == "invalid_mfa_code"


def test_an_mfa_token_signs_in_once(client, mfa_user, clock):
    me, secret, _ = mfa_user
    token = mfa_token_for(client, me)
    assert challenge(client, token, fresh_code(secret, clock)).status_code == 200

    again = challenge(client, token, fresh_code(secret, clock))

    assert again.status_code == 401
    assert again.json["error"] == "invalid_mfa_token"


def test_a_backup_code_works_once(client, mfa_user):
    me, _, codes = mfa_user

    first = challenge(client, mfa_token_for(client, me), codes[0])
    second = challenge(client, mfa_token_for(client, me), codes[0])

    assert first.status_code == 200, first.json
    assert first.json["access_token"]
    assert second.status_code == 401
    assert second.json["error"] == "invalid_mfa_code"


def test_backup_codes_may_be_typed_with_dashes_and_capitals(client, mfa_user):
    me, _, codes = mfa_user
    typed = f"{codes[1][:5]}-{codes[1][5:]}".upper()

    response = challenge(client, mfa_token_for(client, me), typed)

    assert response.status_code == 200, response.json


def test_challenge_with_an_unknown_mfa_token(client, mfa_user, clock):
    _, secret, _ = mfa_user

    response = challenge(client, "not-a-real-token", fresh_code(secret, clock))

    assert response.status_code == 401
    assert response.json["error"] == "invalid_mfa_token"


def test_an_access_token_is_not_an_mfa_token(client, mfa_user, clock):
    me, secret, _ = mfa_user

    response = challenge(client, me.access_token, fresh_code(secret, clock))

    assert response.status_code == 401
    assert response.json["error"] == "invalid_mfa_token"


def test_an_mfa_token_expires_after_five_minutes(client, mfa_user, clock):
    me, secret, _ = mfa_user
    token = mfa_token_for(client, me)
    clock.advance(minutes=6)

    response = challenge(client, token, code_at(secret, clock))

    assert response.status_code == 401
    assert response.json["error"] == "invalid_mfa_token"


def test_five_wrong_codes_then_too_many_attempts(client, mfa_user, clock):
    me, secret, _ = mfa_user
    token = mfa_token_for(client, me)
    good = fresh_code(secret, clock)
    wrong = "000000" if good != "000000" else "111111"

    answers = [challenge(client, token, wrong) for _ in range(5)]
    blocked = challenge(client, token, good)

    assert [a.status_code for a in answers] == [401] * 5
    assert all(a.json["error"] == "invalid_mfa_code" for a in answers)
    assert blocked.status_code == 429
    assert blocked.json["error"] == "too_many_mfa_attempts"
    assert 0 < int(blocked.headers["Retry-After"]) <= 300


def test_a_user_suspended_after_the_password_step_gets_no_tokens(client, mfa_user, clock,
                                                                 app):
    me, secret, _ = mfa_user
    token = mfa_token_for(client, me)
    with app.container.uow() as uow:
        user = uow.users.get(me.user["id"])
        user.change_status(UserStatus.SUSPENDED, now=clock.now(), reason="spam")
        uow.commit()

    response = challenge(client, token, fresh_code(secret, clock))

    assert response.status_code == 403
    assert response.json["error"] == "account_suspended"
    assert "access_token" not in response.json


def test_challenge_needs_both_fields(client):
    response = client.post(f"{API}/auth/mfa/challenge", json={})

    assert response.status_code == 422
    assert set(response.json["errors"]["json"]) == {"mfa_token", "code"}


# -- backup codes -----------------------------------------------------------------------------
def test_backup_codes_left_decreases_after_use(client, mfa_user):
    me, _, codes = mfa_user
    assert client.get(f"{API}/auth/mfa/backup-codes",
                      headers=me.headers).json["remaining"] == 10

    assert challenge(client, mfa_token_for(client, me), codes[3]).status_code == 200

    response = client.get(f"{API}/auth/mfa/backup-codes", headers=me.headers)
    assert response.status_code == 200
    assert response.json["remaining"] == 9


def test_backup_codes_left_without_mfa_is_a_conflict(client, me):
    response = client.get(f"{API}/auth/mfa/backup-codes", headers=me.headers)

    assert response.status_code == 409
    assert response.json["error"] == "mfa_not_enabled"


def test_regenerating_replaces_every_backup_code(client, mfa_user, clock):
    me, secret, old = mfa_user

    response = client.post(f"{API}/auth/mfa/regenerate-backup", headers=me.headers,
                           json={"code": fresh_code(secret, clock)})

    assert response.status_code == 200, response.json
    new = response.json["backup_codes"]
    assert len(new) == 10 and not set(new) & set(old)
    refused = challenge(client, mfa_token_for(client, me), old[0])
    assert refused.status_code == 401
    assert refused.json["error"] == "invalid_mfa_code"
    assert challenge(client, mfa_token_for(client, me), new[0]).status_code == 200
    assert client.get(f"{API}/auth/mfa/backup-codes",
                      headers=me.headers).json["remaining"] == 9


def test_regenerating_with_a_wrong_password_is_refused(client, mfa_user):
    me, _, _ = mfa_user

    response = client.post(f"{API}/auth/mfa/regenerate-backup", headers=me.headers,
                           json={"password": "not my password"})

    assert response.status_code == 401
    assert response.json["error"] == "invalid_password"


# -- disabling --------------------------------------------------------------------------------
def test_disable_with_the_password(client, mfa_user, mailer, app):
    me, _, _ = mfa_user

    response = client.post(f"{API}/auth/mfa/disable", headers=me.headers,
                           json={"password": me.password})

    assert response.status_code == 204
    assert client.get(f"{API}/auth/me", headers=me.headers).json["mfa_enabled"] is False
    assert mailer.last_to(me.email).subject == "Two-factor authentication disabled"
    login = password_login(client, me.email)
    assert login.status_code == 200
    assert login.json["mfa_required"] is False
    assert login.json["access_token"]
    with app.container.uow() as uow:
        stored = uow.users.get(me.user["id"])
        assert stored.mfa_secret is None and stored.mfa_backup_codes == []


def test_disable_with_a_current_code(client, mfa_user, clock):
    me, secret, _ = mfa_user

    response = client.post(f"{API}/auth/mfa/disable", headers=me.headers,
                           json={"code": fresh_code(secret, clock)})

    assert response.status_code == 204
    assert password_login(client, me.email).json["mfa_required"] is False


def test_disable_needs_a_code_or_the_password(client, mfa_user):
    me, _, _ = mfa_user

    response = client.post(f"{API}/auth/mfa/disable", headers=me.headers, json={})

    assert response.status_code == 422
    assert response.json["error"] == "confirmation_required"
    assert client.get(f"{API}/auth/me", headers=me.headers).json["mfa_enabled"] is True


def test_disable_with_a_wrong_code_is_refused(client, mfa_user, clock):
    me, secret, _ = mfa_user
    wrong = "000000" if fresh_code(secret, clock) != "000000" else "111111"

    response = client.post(f"{API}/auth/mfa/disable", headers=me.headers,
                           json={"code": wrong})

    assert response.status_code == 401
    assert response.json["error"] == "invalid_mfa_code"


def test_disable_when_off_is_a_conflict(client, me):
    response = client.post(f"{API}/auth/mfa/disable", headers=me.headers,
                           json={"password": me.password})

    assert response.status_code == 409
    assert response.json["error"] == "mfa_not_enabled"


def test_mfa_can_be_enabled_again_after_disabling(client, mfa_user, clock):
    me, old_secret, _ = mfa_user
    client.post(f"{API}/auth/mfa/disable", headers=me.headers, json={"password": me.password})

    secret, codes = enable_mfa(client, me, clock)

    assert secret != old_secret and len(codes) == 10
    response = challenge(client, mfa_token_for(client, me), fresh_code(secret, clock))
    assert response.status_code == 200, response.json


# -- authentication -------------------------------------------------------------------------
@pytest.mark.parametrize(("method", "path"), [
    ("post", "/auth/mfa/enable"), ("post", "/auth/mfa/verify"), ("post", "/auth/mfa/disable"),
    ("get", "/auth/mfa/backup-codes"), ("post", "/auth/mfa/regenerate-backup"),
])
def test_mfa_endpoints_need_a_signed_in_user(client, method, path):
    response = getattr(client, method)(f"{API}{path}", json={"code": "123456"})

    assert response.status_code == 401
    assert response.json["error"]
