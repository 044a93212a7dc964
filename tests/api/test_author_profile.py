"""/author-profile (becoming an author, editing the profile) and the public /authors pages."""

import pytest

from ownverso.domain.identity.values import UserStatus
from tests.support.api import sign_up_and_in

PROFILE = "/api/v1/author-profile"
FULL = {
    "pen_name": "M. Vale", "tagline": "Lighthouses and the people who keep them",
    "full_bio": "Mira writes slow fantasy.", "website_url": "https://mira.example.com",
    "twitter_handle": "@miravale", "instagram_handle": "mira.vale",
    "patreon_page": "https://patreon.com/miravale", "genres": ["fantasy", "literary"],
    "primary_genre": "fantasy", "writing_since": "2019-03-01T00:00:00+00:00",
    "accepting_commissions": True, "commission_info": "Short stories only.",
    "commission_min_price": 50_000, "commission_max_price": 200_000,
    "commission_currency": "USD", "allow_direct_messages": False,
}


@pytest.fixture
def mira(client, mailer):
    return sign_up_and_in(client, mailer)


@pytest.fixture
def author(client, mira):
    response = client.post(PROFILE, headers=mira.headers, json={"pen_name": "M. Vale"})
    assert response.status_code == 201, response.json
    return mira


def test_before_becoming_an_author_there_is_no_author_profile(client, mira):
    response = client.get(PROFILE, headers=mira.headers)

    assert response.status_code == 404
    assert response.json["error"] == "author_profile_not_found"


def test_creating_the_author_profile_makes_the_user_an_author(client, mira):
    response = client.post(PROFILE, headers=mira.headers, json=FULL)

    assert response.status_code == 201, response.json
    body = response.json
    assert body["user_id"] == mira.user["id"]
    for name, value in FULL.items():
        assert body[name] == value, name
    assert body["is_verified"] is False
    assert client.get("/api/v1/auth/me", headers=mira.headers).json["role"] == "AUTHOR"
    assert client.get(PROFILE, headers=mira.headers).json == body


def test_an_author_profile_can_be_created_with_no_fields(client, mira):
    response = client.post(PROFILE, headers=mira.headers, json={})

    assert response.status_code == 201
    assert response.json["pen_name"] is None
    assert response.json["commission_currency"] == "INR"
    assert response.json["show_email"] is False


def test_becoming_an_author_twice_answers_409_already_author(client, author):
    response = client.post(PROFILE, headers=author.headers, json={"pen_name": "Other"})

    assert response.status_code == 409
    assert response.json["error"] == "already_author"
    assert client.get(PROFILE, headers=author.headers).json["pen_name"] == "M. Vale"


def test_patching_the_author_profile_updates_the_fields(client, author):
    response = client.patch(PROFILE, headers=author.headers, json={
        "tagline": "New tagline", "genres": ["horror"], "show_email": True,
        "commission_min_price": 1000, "commission_max_price": 1000})

    assert response.status_code == 200, response.json
    again = client.get(PROFILE, headers=author.headers).json
    for body in (response.json, again):
        assert body["tagline"] == "New tagline"
        assert body["genres"] == ["horror"]
        assert body["show_email"] is True
        assert body["pen_name"] == "M. Vale"  # untouched
        assert (body["commission_min_price"], body["commission_max_price"]) == (1000, 1000)


def test_patching_before_becoming_an_author_answers_404(client, mira):
    response = client.patch(PROFILE, headers=mira.headers, json={"tagline": "x"})

    assert response.status_code == 404
    assert response.json["error"] == "author_profile_not_found"


def test_a_minimum_commission_above_the_maximum_answers_422(client, author):
    response = client.patch(PROFILE, headers=author.headers, json={
        "commission_min_price": 5000, "commission_max_price": 1000})

    assert response.status_code == 422
    assert response.json["error"] == "invalid_commission_range"
    assert "commission_min_price" in response.json["errors"]["json"]


def test_the_commission_range_is_checked_against_the_stored_prices(client, author):
    client.patch(PROFILE, headers=author.headers, json={"commission_max_price": 1000})

    response = client.patch(PROFILE, headers=author.headers,
                            json={"commission_min_price": 2000, "tagline": "changed"})

    assert response.status_code == 422
    assert response.json["error"] == "invalid_commission_range"
    body = client.get(PROFILE, headers=author.headers).json
    assert (body["commission_min_price"], body["tagline"]) == (None, None)


def test_an_inverted_commission_range_on_creation_creates_nothing(client, mira):
    response = client.post(PROFILE, headers=mira.headers, json={
        "commission_min_price": 5000, "commission_max_price": 1000})

    assert response.status_code == 422
    assert response.json["error"] == "invalid_commission_range"
    assert client.get(PROFILE, headers=mira.headers).status_code == 404
    assert client.get("/api/v1/auth/me", headers=mira.headers).json["role"] == "READER"


@pytest.mark.parametrize(("field", "value"), [
    ("website_url", "not a url"), ("website_url", "javascript:alert(1)"),
    ("patreon_page", "patreon"), ("kofi_page", 42),
])
def test_an_invalid_url_answers_422_naming_the_field(client, author, field, value):
    response = client.patch(PROFILE, headers=author.headers, json={field: value})

    assert response.status_code == 422
    assert field in response.json["errors"]["json"]


@pytest.mark.parametrize(("field", "value"), [
    ("twitter_handle", "has spaces"), ("commission_min_price", -1),
    ("commission_max_price", "100"), ("commission_currency", "rupees"),
    ("genres", "fantasy"), ("writing_since", "2019-03-01T00:00:00"), ("show_email", "maybe"),
    ("is_verified", True), ("user_id", "usr_999999"),
])
def test_other_invalid_fields_answer_422_naming_the_field(client, author, field, value):
    response = client.patch(PROFILE, headers=author.headers, json={field: value})

    assert response.status_code == 422
    assert field in response.json["errors"]["json"]
    assert client.get(PROFILE, headers=author.headers).json["is_verified"] is False


@pytest.mark.parametrize("method", ["get", "post", "patch"])
def test_the_author_profile_needs_a_signed_in_user(client, method):
    response = getattr(client, method)(PROFILE, json={"pen_name": "Anon"})

    assert response.status_code == 401
    assert response.json["error"] == "authentication_required"


# -- the public author page ---------------------------------------------------------------------
def test_the_public_author_page_shows_the_profile_without_the_email(client, author):
    response = client.get(f"/api/v1/authors/{author.user['id']}")

    assert response.status_code == 200
    body = response.json
    assert (body["user_id"], body["username"], body["display_name"]) == (
        author.user["id"], "mira", "Mira Vale")
    assert body["profile"]["pen_name"] == "M. Vale"
    assert body.get("email") is None
    assert "mira@example.com" not in response.get_data(as_text=True)


def test_the_public_author_page_shows_the_email_when_the_author_allows_it(client, author):
    client.patch(PROFILE, headers=author.headers, json={"show_email": True})

    body = client.get(f"/api/v1/authors/{author.user['id']}").json

    assert body["email"] == "mira@example.com"
    assert body["profile"]["show_email"] is True


def test_the_public_author_page_of_a_reader_answers_404_author_not_found(client, mira):
    response = client.get(f"/api/v1/authors/{mira.user['id']}")

    assert response.status_code == 404
    assert response.json["error"] == "author_not_found"


def test_the_public_author_page_of_an_unknown_id_answers_404(client):
    response = client.get("/api/v1/authors/usr_999999")

    assert response.status_code == 404


def test_a_banned_author_has_no_public_page(app, client, author):
    with app.container.uow() as uow:
        user = uow.users.get(author.user["id"])
        user.change_status(UserStatus.BANNED, now=app.container.clock().now())
        uow.commit()

    response = client.get(f"/api/v1/authors/{author.user['id']}")

    assert response.status_code == 404
