"""Helpers for API tests: sign a user up and in, read tokens out of emails."""

import re
from dataclasses import dataclass

from flask.testing import FlaskClient

TOKEN = re.compile(r"token=([A-Za-z0-9_\-]+)")
PASSWORD = "correct horse battery"
BROWSER = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
           "(KHTML, like Gecko) Version/17.0 Safari/605.1.15")


def token_from(text: str) -> str:
    found = TOKEN.search(text)
    assert found, f"no token link in: {text!r}"
    return found.group(1)


@dataclass
class SignedIn:
    user: dict
    access_token: str
    refresh_token: str
    email: str
    password: str

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.access_token}"}


def register(client: FlaskClient, *, email: str = "mira@example.com", username: str = "mira",
             password: str = PASSWORD, display_name: str = "Mira Vale") -> dict:
    response = client.post("/api/v1/auth/register", json={
        "email": email, "password": password, "username": username,
        "display_name": display_name})
    assert response.status_code == 201, response.json
    return response.json


def login(client: FlaskClient, email: str, password: str = PASSWORD, **headers) -> dict:
    response = client.post("/api/v1/auth/login", json={"email": email, "password": password},
                           headers={"User-Agent": BROWSER, **headers})
    assert response.status_code == 200, response.json
    return response.json


def sign_up_and_in(client: FlaskClient, mailer, *, verify: bool = True, **fields) -> SignedIn:
    """Register, verify through the emailed token (read from ``mailer``), and log in."""
    user = register(client, **fields)
    if verify:
        message = mailer.last_to(user["email"])
        response = client.post("/api/v1/auth/verify-email",
                               json={"token": token_from(message.text)})
        assert response.status_code == 200, response.json
    body = login(client, user["email"], fields.get("password", PASSWORD))
    return SignedIn(user=body["user"], access_token=body["access_token"],
                    refresh_token=body["refresh_token"], email=user["email"],
                    password=fields.get("password", PASSWORD))
