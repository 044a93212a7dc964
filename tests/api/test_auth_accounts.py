"""Registration, email verification, passwords, email change and /auth/me, through HTTP."""

from tests.support.api import PASSWORD, login, register, sign_up_and_in, token_from

API = "/api/v1/auth"
NEW_PASSWORD = "purple mountain sunrise"
ERROR_KEYS = {"code", "status", "error", "message", "errors", "request_id"}
MINIMAL_USER_KEYS = {"id", "email", "username", "display_name", "avatar_url", "role", "status",
                     "email_verified", "mfa_enabled", "created_at"}


def post(client, path, body=None, **kwargs):
    return client.post(f"{API}{path}", json=body if body is not None else {}, **kwargs)


def templates_to(mailer, address):
    return [m.headers.get("X-Ownverso-Template") for m in mailer.sent if m.to == address]


def assert_error(response, status, error):
    assert response.status_code == status, response.json
    assert set(response.json) == ERROR_KEYS
    assert response.json["code"] == status
    assert response.json["error"] == error
    return response.json


def attempt_login(client, email, password):
    return post(client, "/login", {"email": email, "password": password})


# -- register ---------------------------------------------------------------------------------

def test_register_answers_201_with_the_new_pending_user_and_no_password_fields(client):
    response = post(client, "/register", {"email": "Mira@Example.com", "password": PASSWORD,
                                          "username": "Mira", "display_name": " Mira Vale "})

    assert response.status_code == 201
    body = response.json
    assert set(body) == MINIMAL_USER_KEYS
    assert not [key for key in body if "password" in key or "hash" in key or "secret" in key]
    assert PASSWORD not in response.get_data(as_text=True)
    assert body["email"] == "mira@example.com"
    assert body["username"] == "mira"
    assert body["display_name"] == "Mira Vale"
    assert body["status"] == "PENDING_VERIFICATION"
    assert body["email_verified"] is False
    assert body["role"] == "READER"


def test_register_sends_a_verification_email_with_a_token_link(client, mailer):
    register(client, email="mira@example.com")

    message = mailer.last_to("mira@example.com")
    assert message is not None
    assert message.headers["X-Ownverso-Template"] == "verify_email"
    assert "/verify-email?token=" in message.text
    assert len(token_from(message.text)) >= 32


def test_register_with_an_email_already_used_answers_409_email_taken(client):
    register(client, email="mira@example.com", username="mira")

    response = post(client, "/register", {"email": "MIRA@example.com", "password": PASSWORD,
                                          "username": "other", "display_name": "Other"})

    body = assert_error(response, 409, "email_taken")
    assert body["errors"]["json"]["email"]
    assert "username" not in body["errors"]["json"]


def test_register_with_a_username_already_used_answers_409_username_taken(client):
    register(client, email="mira@example.com", username="mira")

    response = post(client, "/register", {"email": "other@example.com", "password": PASSWORD,
                                          "username": "MIRA", "display_name": "Other"})

    body = assert_error(response, 409, "username_taken")
    assert body["errors"]["json"]["username"]
    assert "email" not in body["errors"]["json"]


def test_register_with_a_weak_password_answers_422_weak_password_and_sends_nothing(client,
                                                                                   mailer):
    response = post(client, "/register", {"email": "mira@example.com", "password": "aaaa",
                                          "username": "mira", "display_name": "Mira"})

    body = assert_error(response, 422, "weak_password")
    assert body["errors"]["json"]["password"]
    assert mailer.sent == []


def test_register_refuses_a_password_equal_to_the_username(client):
    response = post(client, "/register", {"email": "mira@example.com", "password": "miravale",
                                          "username": "miravale", "display_name": "Mira"})

    assert assert_error(response, 422, "weak_password")["errors"]["json"]["password"]


def test_register_with_an_invalid_username_answers_422_naming_the_username(client):
    response = post(client, "/register", {"email": "mira@example.com", "password": PASSWORD,
                                          "username": "no spaces!", "display_name": "Mira"})

    body = assert_error(response, 422, "invalid_username")
    assert body["errors"]["json"]["username"]


def test_register_with_a_reserved_username_answers_422(client):
    response = post(client, "/register", {"email": "mira@example.com", "password": PASSWORD,
                                          "username": "admin", "display_name": "Mira"})

    assert assert_error(response, 422, "username_reserved")["errors"]["json"]["username"]


def test_register_with_a_blank_display_name_answers_422_naming_it(client):
    response = post(client, "/register", {"email": "mira@example.com", "password": PASSWORD,
                                          "username": "mira", "display_name": "   "})

    assert_error(response, 422, "validation_failed")
    assert response.json["errors"]["json"]["display_name"]


def test_register_with_an_unknown_field_answers_422_naming_it(client):
    response = post(client, "/register", {"email": "mira@example.com", "password": PASSWORD,
                                          "username": "mira", "display_name": "Mira",
                                          "role": "ADMIN"})

    body = assert_error(response, 422, "validation_failed")
    assert body["errors"]["json"] == {"role": ["Unknown field."]}


def test_register_with_malformed_json_answers_400_with_the_error_body(client):
    response = client.post(f"{API}/register", data='{"email": "mira@',
                           content_type="application/json")

    body = assert_error(response, 400, "bad_request")
    assert body["status"] == "Bad Request"
    assert body["message"]
    assert body["request_id"] == response.headers["X-Request-ID"]


def test_register_with_missing_fields_answers_422_listing_each_of_them(client):
    response = post(client, "/register", {"email": "mira@example.com"})

    body = assert_error(response, 422, "validation_failed")
    assert set(body["errors"]["json"]) == {"password", "username", "display_name"}


def test_register_with_fields_of_the_wrong_type_answers_422(client):
    response = post(client, "/register", {"email": 42, "password": 5, "username": None,
                                          "display_name": "Mira"})

    body = assert_error(response, 422, "validation_failed")
    assert set(body["errors"]["json"]) == {"email", "password", "username"}


def test_register_with_a_json_array_body_answers_422(client):
    response = client.post(f"{API}/register", json=[1, 2])

    assert_error(response, 422, "validation_failed")


# -- verify email -----------------------------------------------------------------------------

def test_verify_email_with_the_emailed_token_activates_the_account(client, mailer):
    register(client, email="mira@example.com")
    token = token_from(mailer.last_to("mira@example.com").text)

    response = post(client, "/verify-email", {"token": token})

    assert response.status_code == 200
    assert response.json["status"] == "ACTIVE"
    assert response.json["email_verified"] is True
    assert response.json["email"] == "mira@example.com"


def test_verify_email_token_works_only_once(client, mailer):
    register(client, email="mira@example.com")
    token = token_from(mailer.last_to("mira@example.com").text)
    assert post(client, "/verify-email", {"token": token}).status_code == 200

    response = post(client, "/verify-email", {"token": token})

    assert assert_error(response, 422, "token_invalid")["errors"]["json"]["token"]


def test_verify_email_with_an_expired_token_answers_422(client, mailer, clock):
    register(client, email="mira@example.com")
    token = token_from(mailer.last_to("mira@example.com").text)
    clock.advance(days=3)

    response = post(client, "/verify-email", {"token": token})

    assert_error(response, 422, "token_invalid")


def test_verify_email_with_an_unknown_token_answers_422(client):
    response = post(client, "/verify-email", {"token": "not-a-real-token"})

    assert_error(response, 422, "token_invalid")


def test_resend_verification_answers_alike_for_unknown_and_known_emails(client, mailer):
    register(client, email="mira@example.com")
    sent_before = len(mailer.sent)

    unknown = post(client, "/resend-verification", {"email": "nobody@example.com"})
    assert len(mailer.sent) == sent_before
    known = post(client, "/resend-verification", {"email": "mira@example.com"})

    assert unknown.status_code == known.status_code == 202
    assert unknown.json == known.json
    assert len(mailer.sent) == sent_before + 1
    assert templates_to(mailer, "mira@example.com") == ["verify_email", "verify_email"]
    assert mailer.last_to("nobody@example.com") is None


def test_resend_verification_sends_a_new_token_that_verifies(client, mailer):
    register(client, email="mira@example.com")
    first = token_from(mailer.last_to("mira@example.com").text)
    post(client, "/resend-verification", {"email": "mira@example.com"})
    second = token_from(mailer.last_to("mira@example.com").text)

    assert second != first
    assert post(client, "/verify-email", {"token": second}).json["status"] == "ACTIVE"


def test_resend_verification_sends_nothing_to_an_already_verified_account(client, mailer):
    sign_up_and_in(client, mailer, email="mira@example.com")
    sent_before = len(mailer.sent)

    response = post(client, "/resend-verification", {"email": "mira@example.com"})

    assert response.status_code == 202
    assert len(mailer.sent) == sent_before


def test_resend_verification_for_the_signed_in_user_needs_no_email(client, mailer):
    me = sign_up_and_in(client, mailer, verify=False, email="mira@example.com")
    sent_before = len(mailer.sent)

    response = post(client, "/resend-verification", {}, headers=me.headers)

    assert response.status_code == 202
    assert len(mailer.sent) == sent_before + 1
    assert mailer.sent[-1].to == "mira@example.com"


def test_resend_verification_is_throttled_after_three_an_hour(client, mailer):
    register(client, email="mira@example.com")
    for _ in range(3):
        assert post(client, "/resend-verification",
                    {"email": "mira@example.com"}).status_code == 202
    sent_before = len(mailer.sent)

    response = post(client, "/resend-verification", {"email": "mira@example.com"})

    assert_error(response, 429, "rate_limited")
    assert 0 < int(response.headers["Retry-After"]) <= 3600
    assert len(mailer.sent) == sent_before


# -- forgot and reset password ---------------------------------------------------------------

def forgot(client, email):
    return post(client, "/forgot-password", {"email": email})


def reset_token(client, mailer, email):
    assert forgot(client, email).status_code == 202
    message = mailer.last_to(email)
    assert message.headers["X-Ownverso-Template"] == "reset_password"
    assert "/reset-password?token=" in message.text
    return token_from(message.text)


def test_forgot_password_answers_alike_for_unknown_and_known_emails(client, mailer):
    sign_up_and_in(client, mailer, email="mira@example.com")
    sent_before = len(mailer.sent)

    unknown = forgot(client, "nobody@example.com")
    assert len(mailer.sent) == sent_before
    known = forgot(client, "mira@example.com")

    assert unknown.status_code == known.status_code == 202
    assert unknown.json == known.json
    assert len(mailer.sent) == sent_before + 1
    assert mailer.sent[-1].headers["X-Ownverso-Template"] == "reset_password"


def test_reset_password_sets_the_new_password(client, mailer):
    me = sign_up_and_in(client, mailer, email="mira@example.com")
    token = reset_token(client, mailer, me.email)

    response = post(client, "/reset-password", {"token": token, "password": NEW_PASSWORD})

    assert response.status_code == 200
    assert response.json["message"]
    assert login(client, me.email, NEW_PASSWORD)["access_token"]
    assert_error(attempt_login(client, me.email, PASSWORD), 401, "invalid_credentials")
    assert templates_to(mailer, me.email)[-1] == "password_changed"


def test_reset_password_signs_every_session_out(client, mailer):
    me = sign_up_and_in(client, mailer, email="mira@example.com")
    other = login(client, me.email)
    token = reset_token(client, mailer, me.email)

    assert post(client, "/reset-password",
                {"token": token, "password": NEW_PASSWORD}).status_code == 200

    assert_error(client.get(f"{API}/me", headers=me.headers), 401, "session_revoked")
    assert_error(client.get(f"{API}/me",
                            headers={"Authorization": f"Bearer {other['access_token']}"}),
                 401, "session_revoked")
    assert_error(post(client, "/refresh", {"refresh_token": me.refresh_token}),
                 401, "invalid_refresh_token")


def test_reset_password_token_works_only_once(client, mailer):
    me = sign_up_and_in(client, mailer, email="mira@example.com")
    token = reset_token(client, mailer, me.email)
    assert post(client, "/reset-password",
                {"token": token, "password": NEW_PASSWORD}).status_code == 200

    response = post(client, "/reset-password", {"token": token, "password": "another good one"})

    assert_error(response, 422, "token_invalid")
    assert login(client, me.email, NEW_PASSWORD)


def test_reset_password_with_a_weak_password_answers_422_and_keeps_the_token_usable(client,
                                                                                    mailer):
    me = sign_up_and_in(client, mailer, email="mira@example.com")
    token = reset_token(client, mailer, me.email)

    weak = post(client, "/reset-password", {"token": token, "password": "short"})

    assert assert_error(weak, 422, "weak_password")["errors"]["json"]["password"]
    assert login(client, me.email, PASSWORD)  # nothing changed yet
    assert post(client, "/reset-password",
                {"token": token, "password": NEW_PASSWORD}).status_code == 200
    assert login(client, me.email, NEW_PASSWORD)


def test_reset_password_with_an_expired_token_answers_422(client, mailer, clock):
    me = sign_up_and_in(client, mailer, email="mira@example.com")
    token = reset_token(client, mailer, me.email)
    clock.advance(hours=2)

    response = post(client, "/reset-password", {"token": token, "password": NEW_PASSWORD})

    assert_error(response, 422, "token_invalid")


def test_reset_password_unlocks_a_locked_account(client, mailer):
    me = sign_up_and_in(client, mailer, email="mira@example.com")
    for _ in range(5):
        attempt_login(client, me.email, "wrong password!")
    assert_error(attempt_login(client, me.email, PASSWORD), 429, "account_locked")
    token = reset_token(client, mailer, me.email)

    assert post(client, "/reset-password",
                {"token": token, "password": NEW_PASSWORD}).status_code == 200

    assert login(client, me.email, NEW_PASSWORD)["access_token"]


# -- change password -------------------------------------------------------------------------

def change_password(client, me, current, new):
    return post(client, "/change-password", {"current_password": current, "new_password": new},
                headers=me.headers)


def test_change_password_with_a_wrong_current_password_answers_401_naming_the_field(client,
                                                                                   mailer):
    me = sign_up_and_in(client, mailer)

    response = change_password(client, me, "not my password", NEW_PASSWORD)

    body = assert_error(response, 401, "invalid_password")
    assert body["errors"]["json"]["current_password"]
    assert client.get(f"{API}/me", headers=me.headers).status_code == 200


def test_change_password_with_a_weak_new_password_answers_422_naming_new_password(client,
                                                                                 mailer):
    me = sign_up_and_in(client, mailer)

    response = change_password(client, me, PASSWORD, "short")

    body = assert_error(response, 422, "weak_password")
    assert body["errors"]["json"]["new_password"]
    assert client.get(f"{API}/me", headers=me.headers).status_code == 200
    assert login(client, me.email, PASSWORD)


def test_change_password_returns_fresh_tokens_and_ends_every_old_session(client, mailer):
    me = sign_up_and_in(client, mailer)
    other = login(client, me.email)

    response = change_password(client, me, PASSWORD, NEW_PASSWORD)

    assert response.status_code == 200
    body = response.json
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] > 0
    assert body["access_token"] != me.access_token
    assert body["refresh_token"] != me.refresh_token
    assert_error(client.get(f"{API}/me", headers=me.headers), 401, "session_revoked")
    assert_error(client.get(f"{API}/me",
                            headers={"Authorization": f"Bearer {other['access_token']}"}),
                 401, "session_revoked")
    assert_error(post(client, "/refresh", {"refresh_token": other["refresh_token"]}),
                 401, "invalid_refresh_token")
    fresh = {"Authorization": f"Bearer {body['access_token']}"}
    assert client.get(f"{API}/me", headers=fresh).json["id"] == me.user["id"]
    assert post(client, "/refresh", {"refresh_token": body["refresh_token"]}).status_code == 200


def test_change_password_makes_the_new_password_the_only_one_that_logs_in(client, mailer):
    me = sign_up_and_in(client, mailer)
    assert change_password(client, me, PASSWORD, NEW_PASSWORD).status_code == 200

    assert login(client, me.email, NEW_PASSWORD)["access_token"]
    assert_error(attempt_login(client, me.email, PASSWORD), 401, "invalid_credentials")


def test_change_password_sends_a_password_changed_email(client, mailer):
    me = sign_up_and_in(client, mailer)

    change_password(client, me, PASSWORD, NEW_PASSWORD)

    message = mailer.last_to(me.email)
    assert message.headers["X-Ownverso-Template"] == "password_changed"
    assert message.subject == "Your password was changed"


def test_change_password_without_a_token_answers_401(client):
    response = post(client, "/change-password",
                    {"current_password": PASSWORD, "new_password": NEW_PASSWORD})

    assert_error(response, 401, "authentication_required")


# -- change email ----------------------------------------------------------------------------

def request_email_change(client, me, new_email, password=PASSWORD):
    return post(client, "/change-email", {"new_email": new_email, "password": password},
                headers=me.headers)


def test_change_email_without_the_password_answers_401_naming_the_password(client, mailer):
    me = sign_up_and_in(client, mailer)
    sent_before = len(mailer.sent)

    missing = post(client, "/change-email", {"new_email": "new@example.com"}, headers=me.headers)
    wrong = request_email_change(client, me, "new@example.com", password="not my password")

    for response in (missing, wrong):
        assert assert_error(response, 401, "invalid_password")["errors"]["json"]["password"]
    assert len(mailer.sent) == sent_before


def test_change_email_to_an_address_in_use_answers_409(client, mailer):
    me = sign_up_and_in(client, mailer)
    register(client, email="taken@example.com", username="taken")

    response = request_email_change(client, me, "Taken@Example.com")

    body = assert_error(response, 409, "email_taken")
    assert body["errors"]["json"]["new_email"]


def test_change_email_to_the_same_address_answers_422(client, mailer):
    me = sign_up_and_in(client, mailer)

    response = request_email_change(client, me, me.email.upper())

    assert_error(response, 422, "same_email")


def test_change_email_sends_the_confirmation_to_the_new_address_and_a_notice_to_the_old(
        client, mailer):
    me = sign_up_and_in(client, mailer)

    response = request_email_change(client, me, "new@example.com")

    assert response.status_code == 202
    confirmation = mailer.last_to("new@example.com")
    assert confirmation.headers["X-Ownverso-Template"] == "confirm_email_change"
    assert "/verify-email-change?token=" in confirmation.text
    notice = mailer.last_to(me.email)
    assert notice.headers["X-Ownverso-Template"] == "email_change_requested"
    assert "new@example.com" in notice.text
    assert "token=" not in notice.text
    assert client.get(f"{API}/me", headers=me.headers).json["email"] == me.email


def test_verify_email_change_switches_the_email(client, mailer):
    me = sign_up_and_in(client, mailer)
    request_email_change(client, me, "new@example.com")
    token = token_from(mailer.last_to("new@example.com").text)

    response = post(client, "/verify-email-change", {"token": token}, headers=me.headers)

    assert response.status_code == 200
    assert response.json["email"] == "new@example.com"
    assert response.json["email_verified"] is True
    assert client.get(f"{API}/me", headers=me.headers).json["email"] == "new@example.com"
    assert login(client, "new@example.com")["user"]["id"] == me.user["id"]
    assert_error(attempt_login(client, me.email, PASSWORD), 401, "invalid_credentials")


def test_verify_email_change_token_works_only_once(client, mailer):
    me = sign_up_and_in(client, mailer)
    request_email_change(client, me, "new@example.com")
    token = token_from(mailer.last_to("new@example.com").text)
    assert post(client, "/verify-email-change", {"token": token},
                headers=me.headers).status_code == 200

    response = post(client, "/verify-email-change", {"token": token}, headers=me.headers)

    assert_error(response, 422, "token_invalid")


def test_verify_email_change_with_another_users_token_answers_422(client, mailer):
    mira = sign_up_and_in(client, mailer)
    theo = sign_up_and_in(client, mailer, email="theo@example.com", username="theo")
    request_email_change(client, mira, "new@example.com")
    token = token_from(mailer.last_to("new@example.com").text)

    response = post(client, "/verify-email-change", {"token": token}, headers=theo.headers)

    assert_error(response, 422, "token_invalid")
    assert client.get(f"{API}/me", headers=theo.headers).json["email"] == "theo@example.com"
    assert post(client, "/verify-email-change", {"token": token},
                headers=mira.headers).json["email"] == "new@example.com"


def test_verify_email_change_answers_409_when_the_address_was_taken_meanwhile(client, mailer):
    me = sign_up_and_in(client, mailer)
    request_email_change(client, me, "new@example.com")
    token = token_from(mailer.last_to("new@example.com").text)
    register(client, email="new@example.com", username="quick")

    response = post(client, "/verify-email-change", {"token": token}, headers=me.headers)

    assert_error(response, 409, "email_taken")
    assert client.get(f"{API}/me", headers=me.headers).json["email"] == me.email


def test_change_email_and_its_confirmation_need_a_signed_in_user(client):
    assert_error(post(client, "/change-email", {"new_email": "new@example.com",
                                                "password": PASSWORD}),
                 401, "authentication_required")
    assert_error(post(client, "/verify-email-change", {"token": "whatever"}),
                 401, "authentication_required")


# -- me --------------------------------------------------------------------------------------

def test_me_returns_the_minimal_signed_in_user(client, mailer):
    me = sign_up_and_in(client, mailer, email="mira@example.com", username="mira",
                        display_name="Mira Vale")

    response = client.get(f"{API}/me", headers=me.headers)

    assert response.status_code == 200
    assert set(response.json) == MINIMAL_USER_KEYS
    assert response.json == me.user
    assert response.json["username"] == "mira"
    assert response.json["display_name"] == "Mira Vale"
    assert response.json["status"] == "ACTIVE"
