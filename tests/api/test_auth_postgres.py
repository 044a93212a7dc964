"""The main identity scenario on Postgres: proof that the SQL adapters hold end to end.

The Postgres app lives for the whole test session (its clock and rate limiter too), so each
test here signs in from its own address and with its own email."""

import json

import pytest

from ownverso.domain.identity.values import UserStatus
from tests.support.api import BROWSER, PASSWORD, login, register, token_from

API = "/api/v1/auth"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def pg(pg_client):
    return pg_client


def from_address(client, address):
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_register_verify_login_refresh_sessions_reuse_and_logout_on_postgres(pg):
    client = from_address(pg, "198.51.100.10")
    mailer = client.application.container.mailer()

    user = register(client, email="pg.mira@example.com", username="pgmira")
    assert user["status"] == "PENDING_VERIFICATION"
    message = mailer.last_to("pg.mira@example.com")
    assert message.headers["X-Ownverso-Template"] == "verify_email"

    verified = client.post(f"{API}/verify-email", json={"token": token_from(message.text)})
    assert verified.status_code == 200
    assert verified.json["status"] == "ACTIVE"
    assert verified.json["email_verified"] is True
    again = client.post(f"{API}/verify-email", json={"token": token_from(message.text)})
    assert again.status_code == 422
    assert again.json["error"] == "token_invalid"

    first = login(client, "pg.mira@example.com")
    assert first["token_type"] == "Bearer"
    assert first["user"]["id"] == user["id"]
    second = client.post(f"{API}/login", json={"email": "pg.mira@example.com",
                                               "password": PASSWORD},
                         headers={"User-Agent": "curl/8.5.0"}).json
    assert client.get(f"{API}/me", headers=bearer(first["access_token"])).json["email"] \
        == "pg.mira@example.com"

    rotated = client.post(f"{API}/refresh", json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 200
    newest = rotated.json
    assert newest["refresh_token"] != first["refresh_token"]
    assert client.get(f"{API}/me", headers=bearer(newest["access_token"])).status_code == 200

    listed = client.get(f"{API}/sessions", headers=bearer(newest["access_token"]))
    assert listed.status_code == 200
    assert json.loads(listed.headers["X-Pagination"])["total"] == 2
    by_id = {s["id"]: s for s in listed.json}
    assert by_id[first["session_id"]]["current"] is True
    assert by_id[first["session_id"]]["browser"].startswith("Safari")
    assert by_id[first["session_id"]]["ip_address"] == "198.51.100.10"
    assert by_id[second["session_id"]]["current"] is False

    reused = client.post(f"{API}/refresh", json={"refresh_token": first["refresh_token"]})
    assert reused.status_code == 401
    assert reused.json["error"] == "refresh_token_reused"
    revoked = client.get(f"{API}/me", headers=bearer(newest["access_token"]))
    assert revoked.status_code == 401
    assert revoked.json["error"] == "session_revoked"
    dead = client.post(f"{API}/refresh", json={"refresh_token": newest["refresh_token"]})
    assert dead.status_code == 401
    assert dead.json["error"] == "invalid_refresh_token"

    still = client.get(f"{API}/sessions", headers=bearer(second["access_token"]))
    assert [s["id"] for s in still.json] == [second["session_id"]]

    assert client.post(f"{API}/logout", headers=bearer(second["access_token"])).status_code \
        == 204
    after = client.get(f"{API}/me", headers=bearer(second["access_token"]))
    assert after.status_code == 401
    assert after.json["error"] == "session_revoked"
    gone = client.post(f"{API}/refresh", json={"refresh_token": second["refresh_token"]})
    assert gone.status_code == 401


def test_duplicate_registration_answers_409_on_postgres(pg):
    client = from_address(pg, "198.51.100.11")
    register(client, email="pg.dup@example.com", username="pgdup")

    response = client.post(f"{API}/register", json={
        "email": "PG.DUP@example.com", "password": PASSWORD, "username": "pgdup2",
        "display_name": "Dup"})

    assert response.status_code == 409
    assert response.json["error"] == "email_taken"


def test_lockout_then_unlock_after_the_lock_passes_on_postgres(pg):
    client = from_address(pg, "198.51.100.12")
    clock = client.application.container.clock()
    register(client, email="pg.lock@example.com", username="pglock")

    for _ in range(5):
        wrong = client.post(f"{API}/login", json={"email": "pg.lock@example.com",
                                                  "password": "not my password"},
                            headers={"User-Agent": BROWSER})
        assert wrong.status_code == 401
        assert wrong.json["error"] == "invalid_credentials"

    locked = client.post(f"{API}/login", json={"email": "pg.lock@example.com",
                                               "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.json["error"] == "account_locked"
    assert int(locked.headers["Retry-After"]) > 0

    clock.advance(minutes=16)
    assert login(client, "pg.lock@example.com")["access_token"]


def test_a_suspended_user_cannot_log_in_on_postgres(pg):
    client = from_address(pg, "198.51.100.13")
    app = client.application
    register(client, email="pg.sus@example.com", username="pgsus")
    with app.container.uow() as uow:
        user = uow.users.get_by(email="pg.sus@example.com")
        user.change_status(UserStatus.SUSPENDED, now=app.container.clock().now())
        uow.commit()

    response = client.post(f"{API}/login", json={"email": "pg.sus@example.com",
                                                 "password": PASSWORD})

    assert response.status_code == 403
    assert response.json["error"] == "account_suspended"


def test_password_reset_and_email_change_on_postgres(pg):
    client = from_address(pg, "198.51.100.14")
    mailer = client.application.container.mailer()
    register(client, email="pg.pw@example.com", username="pgpw")
    session = login(client, "pg.pw@example.com")

    assert client.post(f"{API}/forgot-password",
                       json={"email": "pg.pw@example.com"}).status_code == 202
    token = token_from(mailer.last_to("pg.pw@example.com").text)
    reset = client.post(f"{API}/reset-password",
                        json={"token": token, "password": "purple mountain sunrise"})
    assert reset.status_code == 200
    assert client.get(f"{API}/me", headers=bearer(session["access_token"])).status_code == 401
    fresh = login(client, "pg.pw@example.com", "purple mountain sunrise")

    changed = client.post(f"{API}/change-email", headers=bearer(fresh["access_token"]),
                          json={"new_email": "pg.pw2@example.com",
                                "password": "purple mountain sunrise"})
    assert changed.status_code == 202
    token = token_from(mailer.last_to("pg.pw2@example.com").text)
    confirmed = client.post(f"{API}/verify-email-change", headers=bearer(fresh["access_token"]),
                            json={"token": token})
    assert confirmed.status_code == 200
    assert confirmed.json["email"] == "pg.pw2@example.com"
    assert login(client, "pg.pw2@example.com", "purple mountain sunrise")["access_token"]
