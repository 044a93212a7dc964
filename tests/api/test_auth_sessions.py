"""Logging in, tokens, refresh rotation, logout and sessions, through HTTP."""

import json

import jwt
import pytest

from ownverso.domain.identity.values import UserStatus
from tests.support.api import BROWSER, PASSWORD, login, register, sign_up_and_in

API = "/api/v1/auth"
ERROR_KEYS = {"code", "status", "error", "message", "errors", "request_id"}
PHONE = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/120.0.0.0 Mobile Safari/537.36")


def post(client, path, body=None, **kwargs):
    return client.post(f"{API}{path}", json=body if body is not None else {}, **kwargs)


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def me(client, token):
    return client.get(f"{API}/me", headers=bearer(token))


def attempt_login(client, email, password=PASSWORD):
    return post(client, "/login", {"email": email, "password": password},
                headers={"User-Agent": BROWSER})


def assert_error(response, status, error):
    assert response.status_code == status, response.json
    assert set(response.json) == ERROR_KEYS
    assert response.json["code"] == status
    assert response.json["error"] == error
    return response.json


def set_status(app, clock, email, status):
    with app.container.uow() as uow:
        user = uow.users.get_by(email=email)
        user.change_status(status, now=clock.now())
        uow.commit()


@pytest.fixture
def verify_calls(app, monkeypatch):
    """Counts how often the password hasher verifies (argon2 runs)."""
    hasher = app.container.password_hasher()
    calls = []
    original = hasher.verify

    def counting(password_hash, password):
        calls.append(password_hash)
        return original(password_hash, password)

    monkeypatch.setattr(hasher, "verify", counting)
    return calls


# -- login ------------------------------------------------------------------------------------

def test_login_returns_bearer_tokens_and_the_user(client, mailer, app):
    register(client, email="mira@example.com", username="mira")

    response = attempt_login(client, "MIRA@example.com")

    assert response.status_code == 200
    body = response.json
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == app.container.settings().access_token_ttl
    assert body["access_token"] and body["refresh_token"]
    assert body["mfa_required"] is False
    assert body["user"]["email"] == "mira@example.com"
    assert body["user"]["username"] == "mira"
    assert "password" not in json.dumps(body["user"])


def test_login_with_a_wrong_password_and_with_an_unknown_email_answer_the_same(client, mailer):
    sign_up_and_in(client, mailer, email="mira@example.com")

    wrong = attempt_login(client, "mira@example.com", "not my password")
    unknown = attempt_login(client, "nobody@example.com", "not my password")

    for response in (wrong, unknown):
        assert_error(response, 401, "invalid_credentials")
    assert wrong.json["message"] == unknown.json["message"]
    assert wrong.json["status"] == unknown.json["status"]
    assert wrong.json["errors"] == unknown.json["errors"]


def test_login_with_an_unknown_email_still_runs_the_password_hasher(client, verify_calls):
    assert_error(attempt_login(client, "nobody@example.com", "whatever it is"),
                 401, "invalid_credentials")

    assert len(verify_calls) == 1


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(client, mailer):
    sign_up_and_in(client, mailer, email="mira@example.com")
    for _ in range(5):
        assert_error(attempt_login(client, "mira@example.com", "not my password"),
                     401, "invalid_credentials")

    response = attempt_login(client, "mira@example.com", PASSWORD)

    assert_error(response, 429, "account_locked")
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60 + 1
    assert "access_token" not in response.json


def test_a_locked_account_does_not_run_the_password_hasher(client, mailer, verify_calls):
    sign_up_and_in(client, mailer, email="mira@example.com")
    for _ in range(5):
        attempt_login(client, "mira@example.com", "not my password")
    verify_calls.clear()

    assert_error(attempt_login(client, "mira@example.com", PASSWORD), 429, "account_locked")

    assert verify_calls == []


def test_a_locked_account_logs_in_again_once_the_lock_has_passed(client, mailer, clock):
    sign_up_and_in(client, mailer, email="mira@example.com")
    for _ in range(5):
        attempt_login(client, "mira@example.com", "not my password")
    clock.advance(minutes=16)

    response = attempt_login(client, "mira@example.com", PASSWORD)

    assert response.status_code == 200
    assert response.json["access_token"]


def test_a_successful_login_resets_the_failure_count(client, mailer):
    sign_up_and_in(client, mailer, email="mira@example.com")
    for _ in range(4):
        attempt_login(client, "mira@example.com", "not my password")
    assert attempt_login(client, "mira@example.com").status_code == 200

    for _ in range(4):
        assert_error(attempt_login(client, "mira@example.com", "not my password"),
                     401, "invalid_credentials")
    assert attempt_login(client, "mira@example.com").status_code == 200


def test_login_is_throttled_per_ip_without_running_the_password_hasher(client, mailer,
                                                                       verify_calls):
    sign_up_and_in(client, mailer, email="mira@example.com")  # one login attempt
    for number in range(29):
        assert_error(attempt_login(client, f"nobody{number}@example.com", "whatever it is"),
                     401, "invalid_credentials")
    verify_calls.clear()

    response = attempt_login(client, "mira@example.com", PASSWORD)

    assert_error(response, 429, "rate_limited")
    assert 0 < int(response.headers["Retry-After"]) <= 600
    assert verify_calls == []


def test_the_per_ip_throttle_leaves_other_addresses_alone(client, mailer):
    sign_up_and_in(client, mailer, email="mira@example.com")
    for number in range(30):
        attempt_login(client, f"nobody{number}@example.com", "whatever it is")
    assert_error(attempt_login(client, "mira@example.com"), 429, "rate_limited")

    response = client.post(f"{API}/login", json={"email": "mira@example.com",
                                                 "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": "203.0.113.7"})

    assert response.status_code == 200


def test_the_per_ip_throttle_ends_after_its_window(client, mailer, clock):
    sign_up_and_in(client, mailer, email="mira@example.com")
    for number in range(30):
        attempt_login(client, f"nobody{number}@example.com", "whatever it is")
    assert_error(attempt_login(client, "mira@example.com"), 429, "rate_limited")
    clock.advance(minutes=11)

    assert attempt_login(client, "mira@example.com").status_code == 200


@pytest.mark.parametrize(("status", "error"), [(UserStatus.SUSPENDED, "account_suspended"),
                                               (UserStatus.BANNED, "account_banned")])
def test_suspended_and_banned_users_cannot_log_in(client, mailer, app, clock, status, error):
    sign_up_and_in(client, mailer, email="mira@example.com")
    set_status(app, clock, "mira@example.com", status)

    response = attempt_login(client, "mira@example.com", PASSWORD)

    assert_error(response, 403, error)
    assert "access_token" not in response.json
    assert "refresh_token" not in response.json


def test_a_suspended_users_existing_tokens_stop_working(client, mailer, app, clock):
    me_ = sign_up_and_in(client, mailer, email="mira@example.com")
    set_status(app, clock, "mira@example.com", UserStatus.SUSPENDED)

    assert_error(me(client, me_.access_token), 401, "account_unavailable")
    assert_error(post(client, "/refresh", {"refresh_token": me_.refresh_token}),
                 403, "account_suspended")


def test_an_unverified_user_may_log_in(client):
    register(client, email="mira@example.com")

    response = attempt_login(client, "mira@example.com")

    assert response.status_code == 200
    assert response.json["user"]["status"] == "PENDING_VERIFICATION"


def test_login_with_missing_fields_answers_422_naming_them(client):
    response = post(client, "/login", {})

    body = assert_error(response, 422, "validation_failed")
    assert set(body["errors"]["json"]) == {"email", "password"}


# -- access tokens ---------------------------------------------------------------------------

def test_the_access_token_opens_auth_me(client, mailer):
    signed = sign_up_and_in(client, mailer, email="mira@example.com")

    response = me(client, signed.access_token)

    assert response.status_code == 200
    assert response.json["email"] == "mira@example.com"


def test_an_expired_access_token_answers_401_token_expired(client, mailer, clock):
    signed = sign_up_and_in(client, mailer)
    clock.advance(minutes=16)

    assert_error(me(client, signed.access_token), 401, "token_expired")


def test_a_garbage_access_token_answers_401_invalid_token(client):
    assert_error(me(client, "not.a.jwt"), 401, "invalid_token")
    assert_error(me(client, "garbage"), 401, "invalid_token")


def test_an_access_token_signed_with_another_key_answers_401_invalid_token(client, mailer):
    signed = sign_up_and_in(client, mailer)
    claims = jwt.decode(signed.access_token, options={"verify_signature": False})
    forged = jwt.encode({**claims, "role": "SUPER_ADMIN"},
                        "not-the-signing-key-of-this-platform-at-all", algorithm="HS256")

    assert_error(me(client, forged), 401, "invalid_token")


def test_a_request_without_a_bearer_token_answers_401_authentication_required(client):
    assert_error(client.get(f"{API}/me"), 401, "authentication_required")
    assert_error(client.get(f"{API}/me", headers={"Authorization": "Basic bWlyYTpwdw=="}),
                 401, "authentication_required")


# -- refresh ---------------------------------------------------------------------------------

def refresh(client, token):
    return post(client, "/refresh", {"refresh_token": token})


def test_refresh_rotates_the_refresh_token_and_issues_a_working_access_token(client, mailer):
    signed = sign_up_and_in(client, mailer)

    response = refresh(client, signed.refresh_token)

    assert response.status_code == 200
    body = response.json
    assert body["token_type"] == "Bearer"
    assert body["refresh_token"] != signed.refresh_token
    assert body["access_token"] != signed.access_token
    assert body["user"]["id"] == signed.user["id"]
    assert me(client, body["access_token"]).status_code == 200
    assert me(client, signed.access_token).status_code == 200  # until it expires


def test_refresh_keeps_working_along_the_chain_of_rotated_tokens(client, mailer, clock):
    signed = sign_up_and_in(client, mailer)
    token = signed.refresh_token
    for _ in range(3):
        clock.advance(minutes=20)
        token = refresh(client, token).json["refresh_token"]

    assert refresh(client, token).status_code == 200


def test_reusing_a_rotated_refresh_token_revokes_the_whole_session(client, mailer):
    signed = sign_up_and_in(client, mailer)
    newest = refresh(client, signed.refresh_token).json

    reused = refresh(client, signed.refresh_token)

    assert_error(reused, 401, "refresh_token_reused")
    assert_error(me(client, newest["access_token"]), 401, "session_revoked")
    assert_error(me(client, signed.access_token), 401, "session_revoked")
    assert_error(refresh(client, newest["refresh_token"]), 401, "invalid_refresh_token")


def test_reuse_revokes_only_the_session_it_belongs_to(client, mailer):
    signed = sign_up_and_in(client, mailer)
    other = login(client, signed.email)
    refresh(client, signed.refresh_token)

    assert_error(refresh(client, signed.refresh_token), 401, "refresh_token_reused")

    assert me(client, other["access_token"]).status_code == 200
    assert refresh(client, other["refresh_token"]).status_code == 200


def test_an_invalid_refresh_token_answers_401_invalid_refresh_token(client, mailer):
    signed = sign_up_and_in(client, mailer)
    session_id = signed.refresh_token.partition(".")[0]

    for token in ("garbage", ".", f"{session_id}.not-the-secret", signed.access_token):
        assert_error(refresh(client, token), 401, "invalid_refresh_token")
    assert me(client, signed.access_token).status_code == 200  # a wrong guess revokes nothing


def test_an_expired_refresh_token_answers_401(client, mailer, clock):
    signed = sign_up_and_in(client, mailer)
    clock.advance(days=31)

    assert_error(refresh(client, signed.refresh_token), 401, "invalid_refresh_token")


# -- logout ----------------------------------------------------------------------------------

def test_logout_ends_the_session_on_the_very_next_request(client, mailer):
    signed = sign_up_and_in(client, mailer)

    response = post(client, "/logout", headers=signed.headers)

    assert response.status_code == 204
    assert response.data == b""
    assert_error(me(client, signed.access_token), 401, "session_revoked")
    assert_error(refresh(client, signed.refresh_token), 401, "invalid_refresh_token")


def test_logout_leaves_the_other_sessions_signed_in(client, mailer):
    signed = sign_up_and_in(client, mailer)
    other = login(client, signed.email)

    post(client, "/logout", headers=signed.headers)

    assert me(client, other["access_token"]).status_code == 200


def test_logout_needs_a_token(client):
    assert_error(post(client, "/logout"), 401, "authentication_required")


def test_logout_all_revokes_every_session_and_counts_them(client, mailer):
    signed = sign_up_and_in(client, mailer)
    second = login(client, signed.email)
    bystander = sign_up_and_in(client, mailer, email="theo@example.com", username="theo")

    response = post(client, "/logout-all", headers=signed.headers)

    assert response.status_code == 200
    assert response.json == {"revoked": 2}
    for access, refresh_token in ((signed.access_token, signed.refresh_token),
                                  (second["access_token"], second["refresh_token"])):
        assert_error(me(client, access), 401, "session_revoked")
        assert_error(refresh(client, refresh_token), 401, "invalid_refresh_token")
    assert me(client, bystander.access_token).status_code == 200


# -- sessions --------------------------------------------------------------------------------

def list_sessions(client, token, **params):
    return client.get(f"{API}/sessions", headers=bearer(token), query_string=params)


def test_sessions_list_describes_each_device_and_marks_the_current_one(client, mailer):
    signed = sign_up_and_in(client, mailer)
    phone = login(client, signed.email, **{"User-Agent": PHONE})

    response = list_sessions(client, signed.access_token)

    assert response.status_code == 200
    by_id = {s["id"]: s for s in response.json}
    assert set(by_id) == {signed.refresh_token.partition(".")[0], phone["session_id"]}
    mine = by_id[signed.refresh_token.partition(".")[0]]
    assert mine["current"] is True
    assert mine["device_type"] == "desktop"
    assert mine["browser"].startswith("Safari")
    assert mine["device_os"].startswith("Mac OS X")
    assert mine["ip_address"] == "127.0.0.1"
    assert mine["auth_provider"] == "EMAIL"
    other = by_id[phone["session_id"]]
    assert other["current"] is False
    assert other["device_type"] == "mobile"
    assert other["browser"].startswith("Chrome")
    assert other["device_os"].startswith("Android")
    pagination = json.loads(response.headers["X-Pagination"])
    assert pagination["total"] == 2
    assert "refresh_token_hash" not in response.get_data(as_text=True)


def test_sessions_list_marks_current_from_the_callers_point_of_view(client, mailer):
    signed = sign_up_and_in(client, mailer)
    phone = login(client, signed.email, **{"User-Agent": PHONE})

    listed = list_sessions(client, phone["access_token"]).json

    current = [s["id"] for s in listed if s["current"]]
    assert current == [phone["session_id"]]


def test_sessions_list_leaves_out_revoked_sessions_and_other_users(client, mailer):
    signed = sign_up_and_in(client, mailer)
    gone = login(client, signed.email)
    post(client, "/logout", headers=bearer(gone["access_token"]))
    sign_up_and_in(client, mailer, email="theo@example.com", username="theo")

    response = list_sessions(client, signed.access_token)

    assert [s["id"] for s in response.json] == [signed.refresh_token.partition(".")[0]]
    assert json.loads(response.headers["X-Pagination"])["total"] == 1


def test_sessions_list_pages_with_page_size(client, mailer, clock):
    signed = sign_up_and_in(client, mailer)
    for _ in range(2):
        clock.advance(minutes=1)
        login(client, signed.email)

    first = list_sessions(client, signed.access_token, page_size=2)
    second = list_sessions(client, signed.access_token, page_size=2, page=2)

    assert len(first.json) == 2
    assert len(second.json) == 1
    pagination = json.loads(first.headers["X-Pagination"])
    assert pagination["total"] == 3
    assert pagination["total_pages"] == 2
    ids = [s["id"] for s in first.json + second.json]
    assert len(set(ids)) == 3


def test_sessions_list_refuses_a_page_size_out_of_range(client, mailer):
    signed = sign_up_and_in(client, mailer)

    response = list_sessions(client, signed.access_token, page_size=0)

    assert assert_error(response, 422, "validation_failed")["errors"]["query"]["page_size"]


def test_deleting_another_of_my_sessions_signs_it_out(client, mailer):
    signed = sign_up_and_in(client, mailer)
    phone = login(client, signed.email, **{"User-Agent": PHONE})

    response = client.delete(f"{API}/sessions/{phone['session_id']}", headers=signed.headers)

    assert response.status_code == 204
    assert_error(me(client, phone["access_token"]), 401, "session_revoked")
    assert_error(refresh(client, phone["refresh_token"]), 401, "invalid_refresh_token")
    assert me(client, signed.access_token).status_code == 200
    listed = list_sessions(client, signed.access_token).json
    assert phone["session_id"] not in [s["id"] for s in listed]


def test_deleting_someone_elses_session_answers_404_and_leaves_it_alone(client, mailer):
    signed = sign_up_and_in(client, mailer)
    theo = sign_up_and_in(client, mailer, email="theo@example.com", username="theo")
    theos_session = theo.refresh_token.partition(".")[0]

    response = client.delete(f"{API}/sessions/{theos_session}", headers=signed.headers)
    unknown = client.delete(f"{API}/sessions/ses_nope", headers=signed.headers)

    assert_error(response, 404, "session_not_found")
    assert_error(unknown, 404, "session_not_found")
    assert response.json["message"] == unknown.json["message"]
    assert me(client, theo.access_token).status_code == 200
    assert refresh(client, theo.refresh_token).status_code == 200


def test_deleting_a_session_needs_a_token(client, mailer):
    signed = sign_up_and_in(client, mailer)
    session_id = signed.refresh_token.partition(".")[0]

    assert_error(client.delete(f"{API}/sessions/{session_id}"), 401, "authentication_required")
    assert me(client, signed.access_token).status_code == 200
