"""A body that is not JSON is refused, never silently read as empty."""

from tests.support.api import sign_up_and_in


def test_a_non_json_body_is_refused_with_415_and_changes_nothing(client, mailer):
    me = sign_up_and_in(client, mailer)
    response = client.patch("/api/v1/users/me", data="display_name=Other",
                            headers={**me.headers, "Content-Type": "text/plain"})
    assert response.status_code == 415
    assert response.json["error"] == "unsupported_media_type"
    assert client.get("/api/v1/users/me", headers=me.headers).json["display_name"] == "Mira Vale"
