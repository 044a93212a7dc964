"""/users: the signed-in user's profile, avatar, preferences, tier and usage; public profiles."""

import io
import random

import pytest
from PIL import Image

from ownverso.domain.identity.values import UserStatus
from ownverso.entrypoints.app import create_app
from ownverso.entrypoints.bootstrap import wire
from tests.support.api import register, sign_up_and_in

ME = "/api/v1/users/me"
AVATAR = "/api/v1/users/me/avatar"
PREFERENCES = "/api/v1/users/me/preferences"


@pytest.fixture
def mira(client, mailer):
    return sign_up_and_in(client, mailer)


def png(width: int = 800, height: int = 600, *, noisy: bool = False) -> bytes:
    """A real PNG; ``noisy`` makes it incompressible (large)."""
    if noisy:
        image = Image.frombytes("RGB", (width, height),
                                random.Random(7).randbytes(width * height * 3))
    else:
        image = Image.new("RGB", (width, height), (200, 40, 90))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def upload(client, headers, data: bytes, filename: str = "me.png"):
    return client.post(AVATAR, headers=headers, content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), filename)})


def stored_avatar_key(app, user_id: str) -> str | None:
    with app.container.uow() as uow:
        return uow.users.get(user_id).avatar_key


def set_user(app, user_id: str, **fields) -> None:
    with app.container.uow() as uow:
        user = uow.users.get(user_id)
        status = fields.pop("status", None)
        if status:
            user.change_status(status, now=app.container.clock().now())
        for name, value in fields.items():
            setattr(user, name, value)
        uow.commit()


# -- profile ------------------------------------------------------------------------------------
def test_me_returns_the_full_profile_of_the_signed_in_user(client, mira):
    response = client.get(ME, headers=mira.headers)

    assert response.status_code == 200
    body = response.json
    assert body["id"] == mira.user["id"]
    assert (body["email"], body["username"], body["display_name"]) == (
        "mira@example.com", "mira", "Mira Vale")
    assert (body["locale"], body["timezone"], body["data_region"]) == (
        "en", "Asia/Kolkata", "INDIA")
    assert (body["role"], body["status"], body["platform_tier"]) == ("READER", "ACTIVE", "FREE")
    assert body["email_verified"] is True
    assert body["avatar_url"] is None and body["bio"] is None
    assert "password_hash" not in body and "mfa_secret" not in body


def test_me_without_a_token_answers_401(client):
    response = client.get(ME)

    assert response.status_code == 401
    assert response.json["error"] == "authentication_required"


def test_patching_me_changes_the_profile_fields(client, mira):
    response = client.patch(ME, headers=mira.headers, json={
        "display_name": "Mira of the Vale", "bio": "I write about lighthouses.",
        "locale": "fr", "timezone": "Europe/Paris", "username": "Mira_Writes",
        "data_region": "EUROPE"})

    assert response.status_code == 200, response.json
    again = client.get(ME, headers=mira.headers).json
    for body in (response.json, again):
        assert body["display_name"] == "Mira of the Vale"
        assert body["bio"] == "I write about lighthouses."
        assert (body["locale"], body["timezone"]) == ("fr", "Europe/Paris")
        assert body["username"] == "mira_writes"
        assert body["data_region"] == "EUROPE"


def test_the_public_profile_follows_a_username_change(client, mira):
    client.patch(ME, headers=mira.headers, json={"username": "ashwren"})

    assert client.get("/api/v1/users/ashwren").status_code == 200
    assert client.get("/api/v1/users/mira").json["error"] == "user_not_found"


def test_the_bio_can_be_cleared(client, mira):
    client.patch(ME, headers=mira.headers, json={"bio": "Something"})

    response = client.patch(ME, headers=mira.headers, json={"bio": None})

    assert response.status_code == 200
    assert response.json["bio"] is None


def test_keeping_the_own_username_is_not_a_conflict(client, mira):
    response = client.patch(ME, headers=mira.headers, json={"username": "MIRA"})

    assert response.status_code == 200
    assert response.json["username"] == "mira"


def test_invalid_timezone_locale_and_data_region_are_each_named(client, mira):
    response = client.patch(ME, headers=mira.headers, json={
        "timezone": "Mars/Olympus_Mons", "locale": "EN", "data_region": "MOON"})

    assert response.status_code == 422
    assert set(response.json["errors"]["json"]) == {"timezone", "locale", "data_region"}


@pytest.mark.parametrize(("field", "value"), [
    ("timezone", "Not/AZone"), ("timezone", ""), ("locale", "english"), ("locale", "e1"),
    ("data_region", "ANTARCTICA"), ("username", "admin"), ("username", "no spaces"),
    ("display_name", "   "), ("display_name", ""), ("bio", "x" * 5001), ("locale", None),
])
def test_an_invalid_field_answers_422_naming_it(client, mira, field, value):
    response = client.patch(ME, headers=mira.headers, json={field: value})

    assert response.status_code == 422
    assert field in response.json["errors"]["json"]


def test_a_username_taken_by_someone_else_answers_409(client, mira):
    register(client, email="ash@example.com", username="ash", display_name="Ash")

    response = client.patch(ME, headers=mira.headers, json={"username": "ASH"})

    assert response.status_code == 409
    assert response.json["error"] == "username_taken"
    assert "username" in response.json["errors"]["json"]


def test_an_unknown_field_answers_422_naming_it(client, mira):
    response = client.patch(ME, headers=mira.headers, json={"email": "new@example.com",
                                                            "role": "ADMIN"})

    assert response.status_code == 422
    assert set(response.json["errors"]["json"]) == {"email", "role"}


@pytest.mark.parametrize("body", [
    {"display_name": "Changed", "timezone": "Nowhere/Town"},
    {"display_name": "Changed", "username": "ash"},
    {"display_name": "Changed", "role": "ADMIN"},
    {"display_name": "Changed", "bio": "New bio", "locale": "EN"},
])
def test_a_refused_update_changes_nothing(client, mira, body):
    register(client, email="ash@example.com", username="ash", display_name="Ash")
    before = client.get(ME, headers=mira.headers).json

    response = client.patch(ME, headers=mira.headers, json=body)

    assert response.status_code in (409, 422)
    assert client.get(ME, headers=mira.headers).json == before


def test_a_body_that_is_not_an_object_answers_422(client, mira):
    response = client.patch(ME, headers=mira.headers, json=["display_name"])

    assert response.status_code == 422


# -- avatar -------------------------------------------------------------------------------------
def test_uploading_an_avatar_stores_a_square_webp_and_sets_the_url(app, client, mira):
    response = upload(client, mira.headers, png(800, 600))

    assert response.status_code == 200, response.json
    key = stored_avatar_key(app, mira.user["id"])
    assert key and response.json["avatar_url"].endswith(key)
    assert client.get(ME, headers=mira.headers).json["avatar_url"] == response.json["avatar_url"]
    with Image.open(io.BytesIO(app.container.storage().read(key))) as stored:
        assert stored.format == "WEBP"
        assert stored.size == (512, 512)


def test_a_second_upload_replaces_the_avatar_and_deletes_the_old_file(app, client, mira):
    first = upload(client, mira.headers, png(300, 300)).json["avatar_url"]
    old_key = stored_avatar_key(app, mira.user["id"])

    second = upload(client, mira.headers, png(640, 900))

    assert second.status_code == 200
    new_key = stored_avatar_key(app, mira.user["id"])
    assert new_key != old_key and second.json["avatar_url"] != first
    storage = app.container.storage()
    assert storage.exists(new_key)
    assert not storage.exists(old_key)


def test_a_text_file_named_png_is_refused_as_invalid_image(app, client, mira):
    response = upload(client, mira.headers, b"I am not an image at all\n" * 20, "cat.png")

    assert response.status_code == 422
    assert response.json["error"] == "invalid_image"
    assert "file" in response.json["errors"]["files"]
    assert stored_avatar_key(app, mira.user["id"]) is None
    assert app.container.storage().files == {}


def test_an_image_in_a_format_not_allowed_is_refused(client, mira):
    out = io.BytesIO()
    Image.new("RGB", (64, 64)).save(out, format="BMP")

    response = upload(client, mira.headers, out.getvalue(), "me.png")

    assert response.status_code == 422
    assert response.json["error"] == "unsupported_image"


def test_a_decompression_bomb_is_refused_as_invalid_image(client, mira):
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, format="PNG")  # 100 Mpx in a few KiB

    response = upload(client, mira.headers, out.getvalue())

    assert response.status_code == 422
    assert response.json["error"] == "invalid_image"


def test_the_stored_avatar_keeps_no_exif_metadata(app, client, mira):
    exif = Image.Exif()
    exif[0x010F] = "Spy Camera Co."  # Make
    exif[0x0131] = "secret-software"  # Software
    out = io.BytesIO()
    Image.new("RGB", (400, 400), (10, 120, 30)).save(out, format="JPEG", exif=exif.tobytes())

    assert upload(client, mira.headers, out.getvalue(), "me.jpg").status_code == 200

    data = app.container.storage().read(stored_avatar_key(app, mira.user["id"]))
    with Image.open(io.BytesIO(data)) as stored:
        assert not stored.getexif()
    assert b"Spy Camera" not in data


def test_a_request_larger_than_the_app_accepts_answers_413(client, mira):
    huge = b"\x89PNG\r\n\x1a\n" + bytes(9 * 1024 * 1024)

    response = upload(client, mira.headers, huge)

    assert response.status_code == 413
    assert response.json["error"] == "payload_too_large"


@pytest.fixture
def small_cap_app():
    app = create_app(env="test", max_avatar_bytes=2048)
    wire(app.container)
    return app


def test_an_image_over_the_size_cap_answers_413(small_cap_app):
    client = small_cap_app.test_client()
    mira = sign_up_and_in(client, small_cap_app.container.mailer())
    image = png(120, 120, noisy=True)
    assert len(image) > 2048

    response = upload(client, mira.headers, image)

    assert response.status_code == 413
    assert response.json["error"] == "file_too_large"
    assert small_cap_app.container.storage().files == {}
    assert client.get(ME, headers=mira.headers).json["avatar_url"] is None


def test_an_image_under_the_size_cap_is_accepted(small_cap_app):
    client = small_cap_app.test_client()
    mira = sign_up_and_in(client, small_cap_app.container.mailer())
    image = png(64, 64)
    assert len(image) <= 2048

    assert upload(client, mira.headers, image).status_code == 200


def test_an_upload_without_a_file_answers_422_naming_the_field(client, mira):
    response = client.post(AVATAR, headers=mira.headers, content_type="multipart/form-data",
                           data={"other": "x"})

    assert response.status_code == 422
    assert "file" in response.json["errors"]["files"]


def test_deleting_the_avatar_removes_the_url_and_the_file(app, client, mira):
    upload(client, mira.headers, png())
    key = stored_avatar_key(app, mira.user["id"])

    response = client.delete(AVATAR, headers=mira.headers)

    assert response.status_code == 200
    assert response.json["avatar_url"] is None
    assert client.get(ME, headers=mira.headers).json["avatar_url"] is None
    assert stored_avatar_key(app, mira.user["id"]) is None
    assert not app.container.storage().exists(key)


def test_deleting_an_avatar_that_is_not_there_is_harmless(client, mira):
    response = client.delete(AVATAR, headers=mira.headers)

    assert response.status_code == 200
    assert response.json["avatar_url"] is None


def test_an_avatar_upload_needs_a_signed_in_user(client):
    response = client.post(AVATAR, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(png()), "me.png")})

    assert response.status_code == 401


# -- preferences --------------------------------------------------------------------------------
DEFAULTS = {"theme": "system", "reading_font_size": 16, "reading_font": "serif",
            "reading_line_height": 1.6, "show_mature_content": False,
            "email_notifications": True, "push_notifications": True, "newsletter": True,
            "marketing_emails": False, "profile_public": True, "show_reading_activity": True}


def test_preferences_start_at_the_defaults(client, mira):
    response = client.get(PREFERENCES, headers=mira.headers)

    assert response.status_code == 200
    assert response.json == DEFAULTS


def test_patching_preferences_merges_the_changes(client, mira):
    client.patch(PREFERENCES, headers=mira.headers, json={"theme": "dark"})

    response = client.patch(PREFERENCES, headers=mira.headers,
                            json={"reading_font_size": 20, "newsletter": False})

    assert response.status_code == 200
    expected = {**DEFAULTS, "theme": "dark", "reading_font_size": 20, "newsletter": False}
    assert response.json == expected
    assert client.get(PREFERENCES, headers=mira.headers).json == expected


def test_an_unknown_preference_answers_422_naming_it(client, mira):
    response = client.patch(PREFERENCES, headers=mira.headers, json={"colour": "teal"})

    assert response.status_code == 422
    assert "colour" in response.json["errors"]["json"]


@pytest.mark.parametrize(("field", "value"), [
    ("reading_font_size", "huge"), ("reading_line_height", "tall"), ("newsletter", "sometimes"),
    ("theme", 3), ("theme", None), ("reading_font_size", 16.5),
])
def test_a_preference_of_the_wrong_type_answers_422_naming_it(client, mira, field, value):
    response = client.patch(PREFERENCES, headers=mira.headers, json={field: value})

    assert response.status_code == 422
    assert field in response.json["errors"]["json"]


@pytest.mark.parametrize(("field", "value"), [
    ("reading_font_size", 9), ("reading_font_size", 200), ("reading_line_height", 0.5),
    ("theme", "neon"), ("reading_font", "comic"),
])
def test_a_preference_out_of_range_answers_422_naming_it(client, mira, field, value):
    response = client.patch(PREFERENCES, headers=mira.headers, json={field: value})

    assert response.status_code == 422
    assert response.json["error"] == "invalid_preferences"
    assert field in response.json["errors"]["json"]


def test_a_refused_preference_patch_keeps_the_old_values(client, mira):
    client.patch(PREFERENCES, headers=mira.headers, json={"theme": "sepia"})

    response = client.patch(PREFERENCES, headers=mira.headers,
                            json={"theme": "dark", "reading_font_size": 99})

    assert response.status_code == 422
    assert client.get(PREFERENCES, headers=mira.headers).json == {**DEFAULTS, "theme": "sepia"}


# -- tier and usage -----------------------------------------------------------------------------
def test_a_new_user_is_on_the_free_tier_with_its_limits(client, mira):
    response = client.get("/api/v1/users/me/tier", headers=mira.headers)

    assert response.status_code == 200
    body = response.json
    assert (body["tier"], body["status"]) == ("FREE", "ACTIVE")
    assert body["limits"]["max_series"] == 3
    assert body["limits"]["has_custom_domain"] is False
    assert body["limits"]["custom_domain_count"] == 0


def test_usage_shows_used_limit_and_remaining_for_each_limit(client, mira):
    response = client.get("/api/v1/users/me/usage", headers=mira.headers)

    assert response.status_code == 200
    assert response.json["tier"] == "FREE"
    usage = response.json["usage"]
    assert usage["series"] == {"used": 0, "limit": 3, "remaining": 3}
    assert usage["storage_bytes"]["limit"] == 1024**3
    for entry in usage.values():
        assert set(entry) == {"used", "limit", "remaining"}


def test_usage_counts_what_has_been_used(app, client, mira):
    set_user(app, mira.user["id"], series_count=2, storage_used_bytes=5000)

    usage = client.get("/api/v1/users/me/usage", headers=mira.headers).json["usage"]

    assert usage["series"] == {"used": 2, "limit": 3, "remaining": 1}
    assert usage["storage_bytes"]["remaining"] == 1024**3 - 5000


def test_usage_over_a_limit_leaves_nothing_remaining(app, client, mira):
    set_user(app, mira.user["id"], series_count=5)

    usage = client.get("/api/v1/users/me/usage", headers=mira.headers).json["usage"]

    assert usage["series"] == {"used": 5, "limit": 3, "remaining": 0}


def test_an_enterprise_user_has_unlimited_series(app, client, mira):
    set_user(app, mira.user["id"], platform_tier="ENTERPRISE", series_count=40)

    usage = client.get("/api/v1/users/me/usage", headers=mira.headers).json
    tier = client.get("/api/v1/users/me/tier", headers=mira.headers).json

    assert usage["tier"] == "ENTERPRISE"
    assert usage["usage"]["series"] == {"used": 40, "limit": None, "remaining": None}
    assert tier["tier"] == "ENTERPRISE"
    assert tier["limits"]["max_series"] == -1
    assert tier["limits"]["has_custom_domain"] is True


def test_tier_and_usage_need_a_signed_in_user(client):
    assert client.get("/api/v1/users/me/tier").status_code == 401
    assert client.get("/api/v1/users/me/usage").status_code == 401


# -- public profile -----------------------------------------------------------------------------
def test_the_public_profile_shows_no_email_and_no_preferences(client, mira):
    client.patch(ME, headers=mira.headers, json={"bio": "Hello"})
    client.patch(PREFERENCES, headers=mira.headers, json={"theme": "dark"})

    response = client.get("/api/v1/users/mira")

    assert response.status_code == 200
    body = response.json
    assert (body["id"], body["username"], body["display_name"], body["bio"]) == (
        mira.user["id"], "mira", "Mira Vale", "Hello")
    assert body["is_author"] is False
    assert "email" not in body and "preferences" not in body and "theme" not in body
    assert not {"timezone", "locale", "last_login_at", "status", "mfa_enabled"} & set(body)
    assert "mira@example.com" not in response.get_data(as_text=True)


def test_the_public_profile_says_when_the_user_is_an_author(client, mira):
    client.post("/api/v1/author-profile", headers=mira.headers, json={"pen_name": "M. Vale"})

    body = client.get("/api/v1/users/mira").json

    assert body["is_author"] is True
    assert body["role"] == "AUTHOR"


def test_the_public_profile_is_found_whatever_the_case_of_the_username(client, mira):
    assert client.get("/api/v1/users/MiRa").json["id"] == mira.user["id"]


def test_an_unknown_username_answers_404_user_not_found(client):
    response = client.get("/api/v1/users/nobody")

    assert response.status_code == 404
    assert response.json["error"] == "user_not_found"


@pytest.mark.parametrize("status", [UserStatus.BANNED, UserStatus.DELETED])
def test_a_banned_or_deleted_user_has_no_public_profile(app, client, mira, status):
    set_user(app, mira.user["id"], status=status)

    response = client.get("/api/v1/users/mira")

    assert response.status_code == 404
    assert response.json["error"] == "user_not_found"


# -- on Postgres --------------------------------------------------------------------------------
@pytest.mark.postgres
def test_a_new_author_sets_up_their_account_on_postgres(pg_client):
    app = pg_client.application
    client = pg_client
    mira = sign_up_and_in(client, app.container.mailer())

    profile = client.patch(ME, headers=mira.headers, json={
        "display_name": "Mira of the Vale", "bio": "Lighthouses.", "timezone": "Europe/Paris"})
    assert profile.status_code == 200, profile.json
    assert profile.json["timezone"] == "Europe/Paris"

    avatar = upload(client, mira.headers, png(700, 500))
    assert avatar.status_code == 200, avatar.json
    key = stored_avatar_key(app, mira.user["id"])
    assert avatar.json["avatar_url"].endswith(key)
    with Image.open(io.BytesIO(app.container.storage().read(key))) as stored:
        assert (stored.format, stored.size) == ("WEBP", (512, 512))

    created = client.post("/api/v1/author-profile", headers=mira.headers, json={
        "pen_name": "M. Vale", "genres": ["fantasy"], "show_email": True,
        "writing_since": "2019-03-01T00:00:00+00:00",
        "commission_min_price": 1000, "commission_max_price": 5000})
    assert created.status_code == 201, created.json
    assert client.get("/api/v1/auth/me", headers=mira.headers).json["role"] == "AUTHOR"
    assert client.post("/api/v1/author-profile", headers=mira.headers,
                       json={}).json["error"] == "already_author"
    refused = client.patch("/api/v1/author-profile", headers=mira.headers,
                           json={"commission_min_price": 9000})
    assert refused.json["error"] == "invalid_commission_range"

    page = client.get(f"/api/v1/authors/{mira.user['id']}")
    assert page.status_code == 200, page.json
    assert page.json["display_name"] == "Mira of the Vale"
    assert page.json["avatar_url"] == avatar.json["avatar_url"]
    assert page.json["email"] == "mira@example.com"
    assert page.json["profile"]["pen_name"] == "M. Vale"
    assert page.json["profile"]["genres"] == ["fantasy"]
    assert page.json["profile"]["writing_since"] == "2019-03-01T00:00:00+00:00"
    assert page.json["profile"]["commission_min_price"] == 1000
    public = client.get("/api/v1/users/mira").json
    assert (public["is_author"], public["bio"]) == (True, "Lighthouses.")

    usage = client.get("/api/v1/users/me/usage", headers=mira.headers)
    assert usage.status_code == 200, usage.json
    assert usage.json["usage"]["series"] == {"used": 0, "limit": 3, "remaining": 3}
    tier = client.get("/api/v1/users/me/tier", headers=mira.headers).json
    assert tier["limits"]["max_series"] == 3 and tier["limits"]["has_custom_domain"] is False

    with app.container.uow() as uow:
        uow.users.get(mira.user["id"]).platform_tier = "ENTERPRISE"
        uow.commit()
    unlimited = client.get("/api/v1/users/me/usage", headers=mira.headers).json
    assert unlimited["usage"]["series"] == {"used": 0, "limit": None, "remaining": None}

    assert client.delete(AVATAR, headers=mira.headers).json["avatar_url"] is None
    assert not app.container.storage().exists(key)


@pytest.mark.postgres
def test_a_taken_username_is_refused_on_postgres_and_nothing_changes(pg_client):
    mira = sign_up_and_in(pg_client, pg_client.application.container.mailer())
    register(pg_client, email="ash@example.com", username="ash", display_name="Ash")

    response = pg_client.patch(ME, headers=mira.headers,
                               json={"username": "Ash", "display_name": "Changed"})

    assert response.status_code == 409, response.json
    assert response.json["error"] == "username_taken"
    body = pg_client.get(ME, headers=mira.headers).json
    assert (body["username"], body["display_name"]) == ("mira", "Mira Vale")
