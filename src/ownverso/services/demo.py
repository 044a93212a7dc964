"""Demo data to click through: an author with a profile and a reader. Grows with the modules."""

from dataclasses import dataclass

from ownverso.domain.accounts.author_profile import AuthorProfile
from ownverso.domain.identity.user import User
from ownverso.domain.identity.values import UserRole
from ownverso.services.identity.kit import IdentityKit

DEMO_PASSWORD = "ownverso-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str


class DemoService:
    def __init__(self, kit: IdentityKit):
        self.kit = kit

    def load(self) -> list[DemoAccount]:
        """Idempotent: accounts already there are left as they are."""
        people = [("author@demo.ownverso.local", "demo_author", "Mira Vale", UserRole.AUTHOR),
                  ("reader@demo.ownverso.local", "demo_reader", "Sam Reader", UserRole.READER)]
        with self.kit.uow() as uow:
            for email, username, name, role in people:
                if uow.users.get_by(email=email):
                    continue
                user = self._user(email, username, name, role)
                uow.users.add(user)
                if role == UserRole.AUTHOR:
                    uow.author_profiles.add(self._profile(user))
            uow.commit()
        return [DemoAccount(email=e, password=DEMO_PASSWORD, role=r.value)
                for e, _, _, r in people]

    def _user(self, email: str, username: str, name: str, role: UserRole) -> User:
        now = self.kit.now()
        user = User(id=self.kit.ids.new_id("usr"), email=email, username=username,
                    display_name=name, role=role, created_at=now, updated_at=now,
                    password_hash=self.kit.hasher.hash(DEMO_PASSWORD),
                    bio="A demo account of Ownverso.")
        user.verify_email(now=now)
        return user

    def _profile(self, user: User) -> AuthorProfile:
        now = self.kit.now()
        return AuthorProfile(
            id=self.kit.ids.new_id("aut"), user_id=user.id, created_at=now, updated_at=now,
            pen_name="M. Vale", tagline="Weekly chapters of a slow-burn space opera.",
            full_bio="Mira writes serialized science fiction.", genres=["sci-fi", "romance"],
            primary_genre="sci-fi", accepting_commissions=True, commission_min_price=50_000,
            commission_max_price=200_000, commission_currency="INR")
