"""A paywalled site for API tests: an author (STARTER: prices allowed) with a site, a series,
tiers and chapters made through the API; readers stored directly and signed in without the
login endpoint (no password hashing, no login rate limit), so a test can sign in again after
moving the clock.

    wall = Paywall.build(client)
    gold = wall.tier("Gold", 900, early_access_days=7)
    chapter = wall.chapter(content="...", access_level="SUBSCRIBERS")
    reader = wall.reader(); subscribe(wall.container, reader, wall.site_id, gold)
    client.get(f"/api/v1/chapters/{chapter['id']}/read", headers=wall.headers(reader))
"""

from dataclasses import dataclass

from ownverso.domain.identity.values import UserRole
from ownverso.services.context import RequestInfo
from tests.support.chapters import add_user, author_kit
from tests.support.subscriptions import add_tier

API = "/api/v1"


def bearer(container, user_id: str) -> dict:
    """``Authorization`` for a new session of the user, valid from the clock's time."""
    kit = container.identity_kit()
    with container.uow() as uow:
        user = uow.users.get(user_id)
        tokens = kit.open_session(uow, user, RequestInfo(ip="127.0.0.1", user_agent="tests"))
        uow.commit()
    return {"Authorization": f"Bearer {tokens.access_token}"}


@dataclass
class Paywall:
    client: object
    author_id: str
    site_id: str
    series_id: str

    @classmethod
    def build(cls, client, **series_fields) -> "Paywall":
        kit = author_kit(client.application.container, tier="STARTER", **series_fields)
        return cls(client=client, author_id=kit.user.id, site_id=kit.site_id,
                   series_id=kit.series_id)

    @property
    def container(self):
        return self.client.application.container

    @property
    def author(self) -> dict:
        return self.headers(self.author_id)

    def headers(self, user_id: str | None) -> dict:
        return bearer(self.container, user_id) if user_id else {}

    def reader(self, *, role: UserRole = UserRole.READER) -> str:
        return add_user(self.container, role=role).id

    def tier(self, name: str, monthly_price: int, **fields) -> str:
        return add_tier(self.container, self.site_id, name=name, monthly_price=monthly_price,
                        **fields)

    def chapter(self, *, publish: bool = True, **body) -> dict:
        """A chapter made (and published, unless told) through the API by the author."""
        headers = self.author
        body.setdefault("title", "Chapter")
        made = self.client.post(f"{API}/series/{self.series_id}/chapters", json=body,
                                headers=headers)
        assert made.status_code == 201, made.json
        if publish:
            done = self.client.post(f"{API}/chapters/{made.json['id']}/publish",
                                    headers=headers)
            assert done.status_code == 200, done.json
        return made.json

    def set_access(self, chapter_id: str, **changes) -> dict:
        response = self.client.patch(f"{API}/chapters/{chapter_id}/access", json=changes,
                                     headers=self.author)
        assert response.status_code == 200, response.json
        return response.json

    def schedule_free(self, chapter_id: str, at) -> None:
        response = self.client.post(f"{API}/chapters/{chapter_id}/schedule-free",
                                    json={"free_at": at.isoformat()}, headers=self.author)
        assert response.status_code == 200, response.json
