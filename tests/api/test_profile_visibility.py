"""Who may see a user's public page: the role and the user's own choice decide, in the
service, whoever asks."""

from ownverso.domain.identity.values import UserRole, UserStatus
from tests.support.api import sign_up_and_in


def set_user(app, email, **changes):
    with app.container.uow() as uow:
        user = uow.users.get_by(email=email)
        for name, value in changes.items():
            if name == "status":
                user.change_status(value, now=app.container.clock().now())
            else:
                setattr(user, name, value)
        uow.commit()


def test_a_private_profile_is_hidden_from_others_but_not_from_its_owner(app, client, mailer):
    owner = sign_up_and_in(client, mailer)
    other = sign_up_and_in(client, mailer, email="sam@example.com", username="sam")
    client.patch("/api/v1/users/me/preferences", json={"profile_public": False},
                 headers=owner.headers)

    assert client.get("/api/v1/users/mira").status_code == 404
    assert client.get("/api/v1/users/mira", headers=other.headers).status_code == 404
    assert client.get("/api/v1/users/mira", headers=owner.headers).status_code == 200


def test_a_banned_user_is_hidden_except_from_admins(app, client, mailer):
    sign_up_and_in(client, mailer)
    admin = sign_up_and_in(client, mailer, email="root@example.com", username="chief")
    set_user(app, "root@example.com", role=UserRole.ADMIN)
    set_user(app, "mira@example.com", status=UserStatus.BANNED)

    hidden = client.get("/api/v1/users/mira")
    assert hidden.status_code == 404 and hidden.json["error"] == "user_not_found"
    seen = client.get("/api/v1/users/mira", headers=admin.headers)
    assert seen.status_code == 200 and seen.json["username"] == "mira"
