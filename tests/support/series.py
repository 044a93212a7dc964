"""Helpers for series tests: authors, sites and collaborators made through the unit of work
(the sites API is its own module), series made through the API, images, counters."""

import io
import itertools
from datetime import UTC, datetime

from PIL import Image

from ownverso.domain.publishing.series import Series
from ownverso.domain.sites.collaborator import Collaborator
from ownverso.domain.sites.site import Site
from ownverso.domain.sites.values import CollaboratorRole, CollaboratorStatus, SiteStatus
from ownverso.services.reference_data import seed_reference_data
from tests.support.api import SignedIn, sign_up_and_in

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
_numbers = itertools.count(1)


def author(client, *, name: str) -> SignedIn:
    """A verified, signed-in user who became an AUTHOR through /author-profile."""
    mailer = client.application.container.mailer()
    user = sign_up_and_in(client, mailer, email=f"{name}@example.com", username=name,
                          display_name=name.title())
    response = client.post("/api/v1/author-profile", headers=user.headers,
                           json={"pen_name": name.title()})
    assert response.status_code == 201, response.json
    return user


def reader(client, *, name: str) -> SignedIn:
    return sign_up_and_in(client, client.application.container.mailer(),
                          email=f"{name}@example.com", username=name)


def make_site(container, owner_id: str, *, slug: str | None = None, **fields) -> Site:
    number = next(_numbers)
    site = Site(id=f"site_{number:05d}", author_id=owner_id,
                slug=slug or f"site-{number:05d}", name=f"Site {number}", created_at=NOW,
                updated_at=NOW, **fields)
    with container.uow() as uow:
        uow.sites.add(site)
        uow.commit()
    return site


def hide_site(container, site_id: str, status: SiteStatus = SiteStatus.SUSPENDED) -> None:
    with container.uow() as uow:
        uow.sites.get(site_id).status = status
        uow.commit()


def add_collaborator(container, site: Site, user_id: str, role: CollaboratorRole) -> None:
    number = next(_numbers)
    with container.uow() as uow:
        uow.collaborators.add(Collaborator(
            id=f"col_{number:05d}", site_id=site.id, role=role,
            invite_email=f"collab{number}@example.com", invited_by_id=site.author_id,
            invited_at=NOW, expires_at=NOW, created_at=NOW, updated_at=NOW,
            user_id=user_id, status=CollaboratorStatus.ACTIVE, accepted_at=NOW))
        uow.commit()


def set_series(container, series_id: str, **fields) -> Series:
    """Change stored columns directly (the chapter counters are the chapters module's)."""
    with container.uow() as uow:
        series = uow.series.get(series_id)
        for name, value in fields.items():
            setattr(series, name, value)
        uow.commit()
        return series


def stored_series(container, series_id: str) -> Series:
    with container.uow() as uow:
        return uow.series.get(series_id)


def reseed(container) -> None:
    """``pg_client`` empties every table but tier_limits; put the catalogs back."""
    seed_reference_data(container.uow)


def create_series(client, user: SignedIn, site_id: str, **fields) -> dict:
    body = {"title": "The Lighthouse Keeper", "synopsis": "A keeper and a storm.", **fields}
    response = client.post(f"/api/v1/sites/{site_id}/series", headers=user.headers, json=body)
    assert response.status_code == 201, response.json
    return response.json


def listable(client, user: SignedIn, series_id: str) -> None:
    """Publish the series, give it a cover and a published chapter, and list it."""
    container = client.application.container
    assert client.post(f"/api/v1/series/{series_id}/publish",
                       headers=user.headers).status_code == 200
    response = client.post(f"/api/v1/series/{series_id}/cover", headers=user.headers,
                           data={"file": (io.BytesIO(png()), "cover.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 200, response.json
    set_series(container, series_id, published_chapter_count=1, chapter_count=1)
    response = client.post(f"/api/v1/series/{series_id}/list", headers=user.headers)
    assert response.status_code == 200, response.json


def png(width: int = 60, height: int = 90, color: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()


class World:
    """The memory suite for service tests: users (as actors), sites and collaborators."""

    def __init__(self) -> None:
        from ownverso.container import build_container

        self.container = build_container(env="test")

    def user(self, *, role=None, **fields):
        from ownverso.domain.identity.values import UserRole
        from ownverso.services.context import Actor
        from tests.factories.identity import UserFactory

        user = UserFactory(role=role or UserRole.AUTHOR, **fields)
        with self.container.uow() as uow:
            uow.users.add(user)
            uow.commit()
        return Actor(user_id=user.id, session_id="ses_none", role=user.role)

    def site(self, owner, **fields) -> Site:
        return make_site(self.container, owner.user_id, **fields)

    def collaborator(self, site: Site, role: CollaboratorRole):
        from ownverso.domain.identity.values import UserRole

        actor = self.user(role=UserRole.COLLABORATOR)
        add_collaborator(self.container, site, actor.user_id, role)
        return actor

    def stored_user(self, actor):
        with self.container.uow() as uow:
            return uow.users.get(actor.user_id)
