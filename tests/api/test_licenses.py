"""License keys over HTTP: a licensed product bought through the sandbox gets one key, shown
in full to its buyer only; the public check accepts it and counts the instances activating
it (a 2-seat TEAM key refuses a third, the same instance again is fine, deactivating frees a
seat); the author and an administrator revoke it with a reason and the check then refuses
it; an unlicensed product has no key; bad input is 422 with its fields; checks are
rate-limited."""

import json

from ownverso.services.commerce.licenses import issue_for_purchase, revoke_for_purchase
from tests.api.test_purchases import buy, product
from tests.support.coins import admin_headers
from tests.support.memberships import pay
from tests.support.paywall import API, Paywall
from tests.support.sql_counter import count_statements

TEAM = {"is_licensed": True, "license_type": "TEAM", "license_seats": 2,
        "total_quantity": None}


def bought(wall: Paywall, buyer_id: str, product_id: str) -> dict:
    """Buy and pay: the purchase as its buyer sees it."""
    headers = wall.headers(buyer_id)
    opened = buy(wall.client, headers, product_id=product_id)
    assert opened.status_code == 201, opened.json
    if opened.json["status"] == "OPEN":
        pay(wall.client, opened.json)
    purchase = wall.client.get(f"{API}/purchases/{opened.json['purchase_id']}",
                               headers=headers)
    assert purchase.json["status"] == "SUCCEEDED", purchase.json
    return purchase.json


def verify(client, key: str, **body):
    return client.post(f"{API}/licenses/verify", json={"key": key, **body})


def deactivate(client, key: str, instance_id: str):
    return client.post(f"{API}/licenses/deactivate",
                       json={"key": key, "instance_id": instance_id})


def revoke(client, url: str, headers: dict, reason: str = "Shared on a forum"):
    return client.post(f"{url}/revoke", headers=headers, json={"reason": reason})


def test_a_licensed_product_gets_one_key_shown_to_its_buyer_only(client):
    wall = Paywall.build(client)
    pack = product(wall, is_licensed=True, license_type="PERSONAL", total_quantity=None)
    ana_id, bob_id = wall.reader(), wall.reader()
    purchase = bought(wall, ana_id, pack["id"])
    license = purchase["license"]
    key = license["key"]
    assert key.startswith("OVK-") and len(key) == 27
    assert (license["key_hint"], license["product"], license["license_type"],
            license["seats"], license["activations"], license["status"],
            license["expires_at"], license["purchase_id"], license["owner_id"]) == (
        key[-4:], {"id": pack["id"], "name": pack["name"]}, "PERSONAL", 1, 0, "ACTIVE",
        None, purchase["id"], ana_id)
    mine = client.get(f"{API}/licenses", headers=wall.headers(ana_id))
    assert mine.status_code == 200
    assert [(lic["id"], lic["key"]) for lic in mine.json] == [(license["id"], key)]
    assert client.get(f"{API}/purchases", headers=wall.headers(ana_id)).json[0][
        "license"]["key"] == key

    assert client.get(f"{API}/licenses", headers=wall.headers(bob_id)).json == []
    assert client.get(f"{API}/purchases/{purchase['id']}",
                      headers=wall.headers(bob_id)).status_code == 404
    assert client.get(f"{API}/licenses").status_code == 401
    team = client.get(f"{API}/sites/{wall.site_id}/licenses", headers=wall.author)
    assert team.status_code == 200
    assert [(lic["id"], lic["key_hint"], lic["owner_id"]) for lic in team.json] == [
        (license["id"], key[-4:], ana_id)]
    assert "key" not in team.json[0] and key not in json.dumps(team.json)
    detail = client.get(f"{API}/sites/{wall.site_id}/licenses/{license['id']}",
                        headers=wall.author)
    assert detail.status_code == 200 and key not in json.dumps(detail.json)

    container = client.application.container
    with container.uow() as uow:  # a second fulfilment never issues a second key
        again = issue_for_purchase(uow, uow.purchases.get(purchase["id"]),
                                   uow.products.get(pack["id"]), keys=container.license_keys(),
                                   ids=container.ids(), now=container.clock().now())
        uow.commit()
        assert again is None and uow.licenses.count(purchase_id=purchase["id"]) == 1


def test_an_unlicensed_product_or_a_chapter_has_no_key(client):
    wall = Paywall.build(client)
    pack = product(wall, total_quantity=None)
    ana_id = wall.reader()
    assert bought(wall, ana_id, pack["id"])["license"] is None
    assert client.get(f"{API}/licenses", headers=wall.headers(ana_id)).json == []
    assert client.get(f"{API}/sites/{wall.site_id}/licenses",
                      headers=wall.author).json == []


def test_the_check_counts_instances_against_the_seats(client):
    wall = Paywall.build(client)
    pack = product(wall, **TEAM)
    other = product(wall, name="Other pack", **TEAM)
    key = bought(wall, wall.reader(), pack["id"])["license"]["key"]

    checked = verify(client, key)
    assert checked.status_code == 200
    assert checked.json == {"valid": True, "reason": None, "status": "ACTIVE",
                            "product": {"id": pack["id"], "name": pack["name"]},
                            "license_type": "TEAM", "seats": 2, "activations": 0,
                            "expires_at": None}
    assert verify(client, key.lower().replace("-", ""), product_id=pack["id"]).json["valid"]
    unknown = {"valid": False, "reason": "unknown_key", "status": None, "product": None,
               "license_type": None, "seats": None, "activations": None, "expires_at": None}
    assert verify(client, key, product_id=other["id"]).json == unknown  # another product's
    assert verify(client, "OVK-00000-00000-00000-00000").json == unknown
    assert verify(client, "not a key").json == unknown

    def use(instance: str) -> dict:
        answer = verify(client, key, instance_id=instance, instance_label=f"{instance} pc")
        assert answer.status_code == 200
        return answer.json

    assert (use("laptop")["valid"], use("desktop")["activations"]) == (True, 2)
    assert (use("laptop")["valid"], use("laptop")["activations"]) == (True, 2)  # no new seat
    third = use("tablet")
    assert (third["valid"], third["reason"], third["activations"]) == (
        False, "seats_exhausted", 2)
    assert verify(client, key).json["valid"]  # a check without an instance takes no seat

    freed = deactivate(client, key, "laptop")
    assert freed.status_code == 200
    assert (freed.json["deactivated"], freed.json["activations"]) == (True, 1)
    assert deactivate(client, key, "laptop").json["deactivated"] is False
    assert deactivate(client, key, "never-seen").json["deactivated"] is False
    assert deactivate(client, "OVK-00000-00000-00000-00000", "laptop").json["reason"] == \
        "unknown_key"
    assert (use("tablet")["valid"], use("laptop")["reason"]) == (True, "seats_exhausted")

    license_id = client.get(f"{API}/sites/{wall.site_id}/licenses",
                            headers=wall.author).json[0]["id"]
    detail = client.get(f"{API}/sites/{wall.site_id}/licenses/{license_id}",
                        headers=wall.author).json
    assert [(i["instance_id"], i["label"], i["is_active"]) for i in detail["instances"]] == [
        ("laptop", "laptop pc", False), ("desktop", "desktop pc", True),
        ("tablet", "tablet pc", True)]


def test_the_author_revokes_with_a_reason_and_the_check_refuses(client):
    wall = Paywall.build(client)
    pack = product(wall, **TEAM)
    ana_id = wall.reader()
    key = bought(wall, ana_id, pack["id"])["license"]["key"]
    license_id = client.get(f"{API}/licenses", headers=wall.headers(ana_id)).json[0]["id"]
    url = f"{API}/sites/{wall.site_id}/licenses/{license_id}"

    outsider = Paywall.build(client)
    assert client.get(url, headers=outsider.author).status_code == 404
    assert revoke(client, url, outsider.author).status_code == 404
    assert revoke(client, url, wall.headers(ana_id)).status_code == 404  # the owner is no team
    assert client.get(f"{API}/sites/{outsider.site_id}/licenses/{license_id}",
                      headers=outsider.author).json["error"] == "license_not_found"
    empty = revoke(client, url, wall.author, reason="   ")
    assert (empty.status_code, empty.json["error"], list(empty.json["errors"]["json"])) == (
        422, "reason_required", ["reason"])
    missing = client.post(f"{url}/revoke", headers=wall.author, json={})
    assert (missing.status_code, list(missing.json["errors"]["json"])) == (422, ["reason"])

    done = revoke(client, url, wall.author)
    assert done.status_code == 200, done.json
    assert (done.json["status"], done.json["revoked_reason"], done.json["revoked_by"]) == (
        "REVOKED", "Shared on a forum", wall.author_id)
    again = revoke(client, url, wall.author)
    assert (again.status_code, again.json["error"]) == (409, "license_revoked")
    refused = verify(client, key, instance_id="laptop").json
    assert (refused["valid"], refused["reason"], refused["status"], refused["activations"]) == (
        False, "revoked", "REVOKED", 0)
    assert client.get(f"{API}/licenses?status=REVOKED",
                      headers=wall.headers(ana_id)).json[0]["status"] == "REVOKED"
    assert client.get(f"{API}/sites/{wall.site_id}/licenses?status=ACTIVE",
                      headers=wall.author).json == []
    assert client.get(f"{API}/sites/{wall.site_id}/licenses?product_id={pack['id']}",
                      headers=wall.author).json[0]["id"] == license_id


def test_an_administrator_lists_and_revokes_any_license(client):
    wall = Paywall.build(client)
    pack = product(wall, is_licensed=True, license_type="COMMERCIAL", total_quantity=None)
    ana_id = wall.reader()
    key = bought(wall, ana_id, pack["id"])["license"]["key"]
    admin = admin_headers(wall)
    listed = client.get(f"{API}/admin/licenses?owner_id={ana_id}", headers=admin)
    assert listed.status_code == 200 and key not in json.dumps(listed.json)
    assert [(lic["owner_id"], lic["license_type"]) for lic in listed.json] == [
        (ana_id, "COMMERCIAL")]
    license_id = listed.json[0]["id"]
    url = f"{API}/admin/licenses/{license_id}"
    assert client.get(f"{API}/admin/licenses", headers=wall.author).status_code == 403
    assert revoke(client, url, wall.author).status_code == 403
    assert revoke(client, f"{API}/admin/licenses/lic_nope", admin).status_code == 404
    done = revoke(client, url, admin, reason="Fraudulent payment")
    assert (done.status_code, done.json["status"], done.json["revoked_reason"]) == (
        200, "REVOKED", "Fraudulent payment")
    assert revoke(client, url, admin).json["error"] == "license_revoked"
    assert verify(client, key).json["reason"] == "revoked"


def test_a_refund_revokes_the_purchase_license_once(client):
    wall = Paywall.build(client)
    pack = product(wall, **TEAM)
    key = bought(wall, wall.reader(), pack["id"])["license"]["key"]
    plain = bought(wall, wall.reader(), product(wall, name="Plain", total_quantity=None)["id"])
    purchase_id = client.get(f"{API}/sites/{wall.site_id}/licenses",
                             headers=wall.author).json[0]["purchase_id"]
    container = client.application.container
    now = container.clock().now()
    for reason in ("Refunded", "Refunded again"):  # the second is a no-op
        with container.uow() as uow:
            license = revoke_for_purchase(uow, purchase_id, reason=reason, actor_id=None,
                                          now=now)
            uow.commit()
        assert (license.status, license.revoked_reason) == ("REVOKED", "Refunded")
    with container.uow() as uow:
        assert revoke_for_purchase(uow, plain["id"], reason="Refunded", actor_id=None,
                                   now=now) is None
    assert verify(client, key).json["reason"] == "revoked"


def test_bad_input_is_422_with_its_fields(client):
    cases = [({}, ["key"]), ({"key": ""}, ["key"]), ({"key": "k", "extra": 1}, ["extra"]),
             ({"key": "k", "instance_id": "x" * 129}, ["instance_id"]),
             ({"key": "k", "instance_label": "x" * 101}, ["instance_label"])]
    for body, fields in cases:
        answer = client.post(f"{API}/licenses/verify", json=body)
        assert (answer.status_code, sorted(answer.json["errors"]["json"])) == (422, fields)
    answer = client.post(f"{API}/licenses/deactivate", json={"key": "k"})
    assert (answer.status_code, list(answer.json["errors"]["json"])) == (422, ["instance_id"])
    wall = Paywall.build(client)
    answer = client.get(f"{API}/sites/{wall.site_id}/licenses?status=NOPE",
                        headers=wall.author)
    assert (answer.status_code, list(answer.json["errors"]["query"])) == (422, ["status"])


def test_checks_are_rate_limited_by_address(client):
    answers = [verify(client, "OVK-00000-00000-00000-00000").status_code for _ in range(61)]
    assert answers[:60] == [200] * 60 and answers[60] == 429
    limited = verify(client, "OVK-00000-00000-00000-00000")
    assert limited.json["error"] == "rate_limited" and int(limited.headers["Retry-After"]) > 0
    assert deactivate(client, "OVK-00000-00000-00000-00000", "laptop").status_code == 429
    other = client.post(f"{API}/licenses/verify", json={"key": "k"},
                        environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_license_lists_cost_the_same_whatever_their_length(pg_client):
    client = pg_client
    wall = Paywall.build(client)
    ana_id = wall.reader()
    admin = admin_headers(wall)
    engine = client.application.container.engine()

    def statements(url: str, headers: dict) -> int:
        with count_statements(engine) as seen:
            response = client.get(url, headers=headers)
            assert response.status_code == 200 and response.json
        return len(seen)

    def costs() -> list[int]:
        return [statements(f"{API}/licenses", wall.headers(ana_id)),
                statements(f"{API}/purchases", wall.headers(ana_id)),
                statements(f"{API}/sites/{wall.site_id}/licenses", wall.author),
                statements(f"{API}/admin/licenses", admin)]

    bought(wall, ana_id, product(wall, name="One", **TEAM)["id"])
    one = costs()
    for name in ("Two", "Three", "Four"):
        bought(wall, ana_id, product(wall, name=name, **TEAM)["id"])
    bought(wall, ana_id, product(wall, name="Plain", total_quantity=None)["id"])
    assert costs() == one
    assert len(client.get(f"{API}/licenses", headers=wall.headers(ana_id)).json) == 4
    assert [p["license"] is not None for p in client.get(
        f"{API}/purchases", headers=wall.headers(ana_id)).json] == [False, True, True, True,
                                                                   True]
