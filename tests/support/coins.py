"""Reader coins over HTTP: an administrator's package, buying it through the sandbox, a
coin-priced chapter on a paywalled site."""

from ownverso.domain.identity.values import UserRole
from tests.support.memberships import pay
from tests.support.paywall import API, Paywall


def admin_headers(wall: Paywall) -> dict:
    return wall.headers(wall.reader(role=UserRole.ADMIN))


def add_package(wall: Paywall, admin: dict, **fields) -> dict:
    body = {"name": "Pouch", "coins": 100, "bonus_coins": 20,
            "prices": {"INR": 9900, "USD": 149}, **fields}
    made = wall.client.post(f"{API}/admin/coin-packages", json=body, headers=admin)
    assert made.status_code == 201, made.json
    return made.json


def buy_coins(client, headers: dict, package_id: str, currency: str = "INR") -> dict:
    """Buy a package and pay for it: the completed checkout."""
    opened = client.post(f"{API}/checkout/coins", headers=headers,
                         json={"package_id": package_id, "currency": currency})
    assert opened.status_code == 201, opened.json
    pay(client, opened.json)
    done = client.get(f"{API}/checkout/session/{opened.json['id']}", headers=headers)
    assert done.json["status"] == "COMPLETE", done.json
    return done.json


def coin_chapter(wall: Paywall, coins: int, **access) -> dict:
    chapter = wall.chapter(content="One.\n\nTwo.\n\nThree.\n\nFour.")
    wall.set_access(chapter["id"], access_level="SUBSCRIBERS", coin_price=coins, **access)
    return chapter


def unlock(client, headers: dict, chapter_id: str):
    return client.post(f"{API}/chapters/{chapter_id}/unlock-with-coins", headers=headers)
