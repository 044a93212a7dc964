"""Health, status, request ids, the one error body, and the published API description."""

import json

ERROR_KEYS = {"code", "status", "error", "message", "errors", "request_id"}


def test_health_answers_200_ok(client):
    response = client.get("/api/v1/health")

    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_status_reports_the_database_and_the_queue(client):
    response = client.get("/api/v1/status")

    assert response.status_code == 200
    body = response.json
    assert body["status"] == "ok"
    assert body["version"]
    assert body["checks"]["database"]["status"] == "up"
    assert body["checks"]["queue"]["status"] == "up"
    assert "redis" in body["checks"]


def test_every_response_carries_a_request_id(client):
    responses = [client.get("/api/v1/health"), client.get("/api/v1/nowhere"),
                 client.get("/api/v1/auth/me"), client.post("/api/v1/auth/login", json={})]

    ids = [r.headers.get("X-Request-ID") for r in responses]
    assert all(ids)
    assert len(set(ids)) == len(ids)


def test_an_incoming_request_id_is_echoed_back(client):
    response = client.get("/api/v1/health", headers={"X-Request-ID": "trace-abc-123"})

    assert response.headers["X-Request-ID"] == "trace-abc-123"


def test_an_error_body_carries_the_same_request_id_as_its_header(client):
    response = client.get("/api/v1/auth/me", headers={"X-Request-ID": "trace-xyz"})

    assert response.status_code == 401
    assert response.json["request_id"] == "trace-xyz"
    assert response.headers["X-Request-ID"] == "trace-xyz"


def test_an_overlong_incoming_request_id_is_cut_to_64_characters(client):
    response = client.get("/api/v1/health", headers={"X-Request-ID": "r" * 500})

    assert response.headers["X-Request-ID"] == "r" * 64


def test_an_unknown_route_answers_404_with_the_error_body(client):
    response = client.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response.is_json
    assert set(response.json) == ERROR_KEYS
    assert response.json["code"] == 404
    assert response.json["error"] == "not_found"
    assert response.json["status"] == "Not Found"
    assert response.json["message"]


def test_a_wrong_method_answers_405_with_the_error_body_and_allow_header(client):
    response = client.delete("/api/v1/auth/login")

    assert response.status_code == 405
    assert set(response.json) == ERROR_KEYS
    assert response.json["code"] == 405
    assert response.json["error"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


def test_malformed_json_answers_400_with_the_error_body(client):
    response = client.post("/api/v1/auth/login", data="{not json",
                           content_type="application/json")

    assert response.status_code == 400
    assert set(response.json) == ERROR_KEYS
    assert response.json["error"] == "bad_request"


def test_a_validation_error_names_the_location_and_the_field(client):
    response = client.post("/api/v1/auth/refresh", json={"refresh_token": 7})

    assert response.status_code == 422
    assert response.json["error"] == "validation_failed"
    assert response.json["errors"]["json"]["refresh_token"]


def test_the_openapi_description_lists_the_auth_routes(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    spec = json.loads(response.get_data(as_text=True))
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/auth/login" in spec["paths"]
    assert "post" in spec["paths"]["/api/v1/auth/login"]
    for path in ("/api/v1/auth/register", "/api/v1/auth/refresh", "/api/v1/auth/sessions",
                 "/api/v1/auth/me", "/api/v1/health", "/api/v1/status"):
        assert path in spec["paths"], path
    assert "bearerAuth" in spec["components"]["securitySchemes"]


def test_the_swagger_ui_answers_200(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert b"swagger" in response.data.lower()
