"""The sites module's services on the in-memory suite, with users, authors and collaborators
made in one line each (for the service tests of sites, settings, branding, themes, domains and
pages)."""

import io
from dataclasses import dataclass
from itertools import count

from PIL import Image

from ownverso.container import build_container
from ownverso.domain.identity.values import UserRole
from ownverso.domain.sites.collaborator import Collaborator
from ownverso.domain.sites.values import CollaboratorRole, CollaboratorStatus
from ownverso.services.context import Actor
from tests.factories.accounts import AuthorProfileFactory
from tests.factories.identity import UserFactory

_numbers = count(1)


def image_bytes(width: int = 64, height: int = 32, image_format: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, format=image_format)
    return out.getvalue()


@dataclass
class SiteKit:
    container: object

    @classmethod
    def build(cls) -> "SiteKit":
        return cls(build_container(env="test"))

    @property
    def clock(self):
        return self.container.clock()

    def user(self, *, author: bool = True, tier: str = "FREE",
             role: UserRole | None = None) -> Actor:
        n = next(_numbers)
        user = UserFactory(id=f"usr_kit_{n:05d}", username=f"kit{n:05d}",
                           role=role or (UserRole.AUTHOR if author else UserRole.READER),
                           platform_tier=tier)
        with self.container.uow() as uow:
            uow.users.add(user)
            if author:
                uow.author_profiles.add(AuthorProfileFactory(id=f"aut_kit_{n:05d}",
                                                             user_id=user.id))
            uow.commit()
        return Actor(user_id=user.id, session_id="ses_kit", role=user.role)

    def set_tier(self, actor: Actor, tier: str) -> None:
        with self.container.uow() as uow:
            uow.users.get(actor.user_id).platform_tier = tier
            uow.commit()

    def site(self, owner: Actor, *, slug: str | None = None, **fields) -> str:
        slug = slug or f"kit-site-{next(_numbers)}"
        view = self.container.sites().create(actor=owner, fields={"name": "Kit Site",
                                                                  "slug": slug, **fields})
        return view.site.id

    def join(self, site_id: str, member: Actor, role: CollaboratorRole,
             status: CollaboratorStatus = CollaboratorStatus.ACTIVE) -> None:
        now = self.clock.now()
        with self.container.uow() as uow:
            uow.collaborators.add(Collaborator(
                id=f"col_kit_{next(_numbers):05d}", site_id=site_id, user_id=member.user_id,
                role=role, invite_email=f"{member.user_id}@example.com",
                invited_by_id=member.user_id, invited_at=now, expires_at=now, created_at=now,
                updated_at=now, status=status))
            uow.commit()

    def stored_site(self, site_id: str):
        with self.container.uow() as uow:
            return uow.sites.get(site_id)


# -- through the API ----------------------------------------------------------------------
def api_author(client, mailer, name: str, *, tier: str | None = None):
    """Sign ``name`` up and in, become an author (and move to ``tier``)."""
    from tests.support.api import sign_up_and_in

    who = sign_up_and_in(client, mailer, email=f"{name}@example.com", username=name,
                         display_name=name.title())
    response = client.post("/api/v1/author-profile", headers=who.headers,
                           json={"pen_name": name.title()})
    assert response.status_code == 201, response.json
    if tier:
        api_set_tier(client, who, tier)
    return who


def api_set_tier(client, who, tier: str) -> None:
    with client.application.container.uow() as uow:
        uow.users.get(who.user["id"]).platform_tier = tier
        uow.commit()


def api_site(client, who, slug: str, **fields) -> dict:
    response = client.post("/api/v1/sites", headers=who.headers,
                           json={"name": slug.replace("-", " ").title(), "slug": slug, **fields})
    assert response.status_code == 201, response.json
    return response.json


def api_join(client, site_id: str, who, role: str) -> None:
    """Make ``who`` an active collaborator (straight through a unit of work)."""
    container = client.application.container
    now = container.clock().now()
    with container.uow() as uow:
        uow.collaborators.add(Collaborator(
            id=f"col_api_{next(_numbers):05d}", site_id=site_id, user_id=who.user["id"],
            role=CollaboratorRole(role), invite_email=who.email, invited_by_id=who.user["id"],
            invited_at=now, expires_at=now, created_at=now, updated_at=now,
            status=CollaboratorStatus.ACTIVE))
        uow.commit()
