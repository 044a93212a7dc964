"""Failed sign-ins never tell whether an account exists: known and unknown addresses are
refused, then throttled, exactly alike."""

from tests.support.api import sign_up_and_in


def attempts(client, email, n):
    return [client.post("/api/v1/auth/login", json={"email": email, "password": "wrong wrong"})
            for _ in range(n)]


def test_known_and_unknown_addresses_are_locked_out_alike(client, mailer):
    sign_up_and_in(client, mailer)
    known = attempts(client, "mira@example.com", 6)
    unknown = attempts(client, "nobody@example.com", 6)

    assert [r.status_code for r in known] == [r.status_code for r in unknown] == [401] * 5 + [429]
    assert known[0].json["message"] == unknown[0].json["message"]
    assert known[-1].json["error"] == unknown[-1].json["error"] == "account_locked"
    assert known[-1].json["message"] == unknown[-1].json["message"]
    assert int(known[-1].headers["Retry-After"]) > 0 and int(unknown[-1].headers["Retry-After"]) > 0


def test_a_401_tells_the_client_to_use_a_bearer_token(client):
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_resending_verification_anonymously_needs_an_email(client):
    response = client.post("/api/v1/auth/resend-verification", json={})
    assert response.status_code == 422
    assert response.json["error"] == "email_required"
