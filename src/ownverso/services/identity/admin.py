"""Creating platform administrators from the command line."""

from ownverso.domain.identity.user import User, check_username, normalize_email
from ownverso.domain.identity.values import UserRole
from ownverso.services.errors import Conflict, ValidationFailed
from ownverso.services.identity.kit import IdentityKit
from ownverso.services.identity.passwords import check_password_strength


class AdminService:
    def __init__(self, kit: IdentityKit):
        self.kit = kit

    def create_admin(self, *, email: str, username: str, password: str, display_name: str,
                     role: UserRole = UserRole.SUPER_ADMIN) -> User:
        """An active, verified administrator; refused if the email or username is taken."""
        if not role.is_admin:
            raise ValidationFailed("The role must be ADMIN or SUPER_ADMIN.", code="invalid_role")
        email, username = normalize_email(email), check_username(username)
        check_password_strength(password, email=email, username=username)
        now = self.kit.now()
        with self.kit.uow() as uow:
            if uow.users.get_by(email=email) or uow.users.get_by(username=username):
                raise Conflict("A user with this email or username exists.",
                               code="account_exists")
            user = User(id=self.kit.ids.new_id("usr"), email=email, username=username,
                        display_name=display_name, role=role, created_at=now, updated_at=now,
                        password_hash=self.kit.hasher.hash(password))
            user.verify_email(now=now)
            uow.users.add(user)
            uow.commit()
            return user
