"""Sites for tests, stored straight through a unit of work (no sites API needed).

    site_id = add_site(container, author_id=user.id, slug="lighthouse")
    owner, site_id = author_with_site(client, mailer, email="mira@example.com", username="mira")
"""

from itertools import count

from flask.testing import FlaskClient

from ownverso.domain.sites.site import Site
from tests.support.api import SignedIn, sign_up_and_in

_numbers = count(1)


def add_site(container, *, author_id: str, slug: str | None = None,
             name: str = "The Lighthouse Keeper", **fields) -> str:
    """Store a site of ``author_id`` (a stored user) and return its id."""
    now = container.clock().now()
    number = next(_numbers)
    site = Site(id=f"site_test_{number:05d}_{author_id[-12:]}", author_id=author_id,
                slug=slug or f"site-{number}-{author_id[-8:].lower().replace('_', '-')}",
                name=name, created_at=now, updated_at=now, **fields)
    with container.uow() as uow:
        uow.sites.add(site)
        uow.commit()
    return site.id


def become_author(client: FlaskClient, who: SignedIn, pen_name: str = "A. Writer") -> None:
    response = client.post("/api/v1/author-profile", headers=who.headers,
                           json={"pen_name": pen_name})
    assert response.status_code == 201, response.json


def author_with_site(client: FlaskClient, mailer, *, email: str, username: str,
                     display_name: str = "Mira Vale", site_name: str = "The Lighthouse Keeper",
                     **site_fields) -> tuple[SignedIn, str]:
    """Sign an author up and in (verified, with an author profile) and give them a site."""
    author = sign_up_and_in(client, mailer, email=email, username=username,
                            display_name=display_name)
    become_author(client, author)
    site_id = add_site(client.application.container, author_id=author.user["id"],
                       name=site_name, **site_fields)
    return author, site_id
