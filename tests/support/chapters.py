"""Users, sites, series and collaborators for chapter tests, stored straight through a unit
of work (no series API needed), plus small helpers for the chapter API.

    kit = author_kit(container, tier="STARTER")      # an author with a site and a series
    chapters.create(actor=kit.actor, series_id=kit.series_id, data={"title": "One"})
    editor = add_member(container, kit.site_id, CollaboratorRole.EDITOR, invited_by=kit.user)
"""

from dataclasses import dataclass
from datetime import timedelta
from itertools import count

from ownverso.domain.identity.user import User
from ownverso.domain.identity.values import UserRole
from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.values import ContentType, SeriesStatus
from ownverso.domain.sites.collaborator import Collaborator
from ownverso.domain.sites.values import CollaboratorRole, CollaboratorStatus
from ownverso.services.context import Actor
from tests.factories.accounts import AuthorProfileFactory
from tests.factories.identity import UserFactory
from tests.support.sites import add_site

_numbers = count(1)


def actor_of(user: User) -> Actor:
    return Actor(user_id=user.id, session_id="ses_test", role=user.role)


def add_user(container, *, tier: str = "FREE", **fields) -> User:
    """A stored, verified user on the platform tier ``tier``."""
    user = UserFactory(platform_tier=tier, **fields)
    with container.uow() as uow:
        uow.users.add(user)
        uow.commit()
    return user


def set_tier(container, user_id: str, tier: str) -> None:
    with container.uow() as uow:
        uow.users.get(user_id).platform_tier = tier
        uow.commit()


def add_series(container, *, site_id: str, author_id: str,
               status: SeriesStatus = SeriesStatus.ONGOING,
               content_type: ContentType = ContentType.WEB_NOVEL, **fields) -> str:
    """Store a series (ONGOING unless told: readers can see it) and return its id."""
    now = container.clock().now()
    number = next(_numbers)
    series = Series(id=f"ser_test_{number:05d}", author_id=author_id, site_id=site_id,
                    slug=fields.pop("slug", f"series-{number}"),
                    title=fields.pop("title", f"Series {number}"),
                    synopsis=fields.pop("synopsis", "A keeper and a storm."),
                    status=status, content_type=content_type, created_at=now, updated_at=now,
                    **fields)
    with container.uow() as uow:
        uow.series.add(series)
        uow.commit()
    return series.id


def series_of(container, series_id: str) -> Series:
    with container.uow() as uow:
        return uow.series.get(series_id)


def add_member(container, site_id: str, role: CollaboratorRole, *, invited_by: User,
               user: User | None = None) -> User:
    """A stored user who is an ACTIVE collaborator with ``role`` on the site."""
    user = user or add_user(container, role=UserRole.COLLABORATOR)
    now = container.clock().now()
    member = Collaborator(
        id=f"col_test_{next(_numbers):05d}", site_id=site_id, role=role, user_id=user.id,
        invite_email=user.email, invited_by_id=invited_by.id, invited_at=now,
        expires_at=now + timedelta(days=7), created_at=now, updated_at=now,
        status=CollaboratorStatus.ACTIVE, accepted_at=now)
    with container.uow() as uow:
        uow.collaborators.add(member)
        uow.commit()
    return user


@dataclass
class AuthorKit:
    user: User
    site_id: str
    series_id: str

    @property
    def actor(self) -> Actor:
        return actor_of(self.user)


def author_kit(container, *, tier: str = "FREE", **series_fields) -> AuthorKit:
    """An author (on ``tier``, with an author profile) with a site and one ONGOING series."""
    user = add_user(container, tier=tier, role=UserRole.AUTHOR)
    with container.uow() as uow:
        uow.author_profiles.add(AuthorProfileFactory(user_id=user.id))
        uow.commit()
    site_id = add_site(container, author_id=user.id)
    return AuthorKit(user=user, site_id=site_id,
                     series_id=add_series(container, site_id=site_id, author_id=user.id,
                                          **series_fields))


# -- API helpers ----------------------------------------------------------------------------
def api_author(client, mailer, *, email: str, username: str, tier: str = "FREE",
               **series_fields):
    """Sign an author up and in through the API and give them a site and a series (stored
    directly); returns ``(signed_in, site_id, series_id)``."""
    from tests.support.sites import author_with_site

    who, site_id = author_with_site(client, mailer, email=email, username=username)
    container = client.application.container
    if tier != "FREE":
        set_tier(container, who.user["id"], tier)
    series_id = add_series(container, site_id=site_id, author_id=who.user["id"],
                           **series_fields)
    return who, site_id, series_id


def api_member(client, mailer, site_id: str, role: CollaboratorRole, *, owner_id: str,
               email: str, username: str):
    """Sign a user up and in, and make them an ACTIVE ``role`` on the site."""
    from tests.support.api import sign_up_and_in

    who = sign_up_and_in(client, mailer, email=email, username=username)
    container = client.application.container
    with container.uow() as uow:
        owner, user = uow.users.get(owner_id), uow.users.get(who.user["id"])
    add_member(container, site_id, role, invited_by=owner, user=user)
    return who


def new_chapter(client, who, series_id: str, **body) -> dict:
    body.setdefault("title", "Chapter")
    response = client.post(f"/api/v1/series/{series_id}/chapters", json=body,
                           headers=who.headers)
    assert response.status_code == 201, response.json
    return response.json
