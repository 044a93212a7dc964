"""Referrals over HTTP: codes, clicks, applying a code (signed in or at sign-up), qualifying
and rewarding, expiry, stats and the administrators' list."""

from ownverso.domain.identity.values import UserRole, UserStatus
from ownverso.services.referrals.qualification import (
    record_platform_subscription,
    record_reader_revenue,
    referee_discount_percent,
)
from tests.support.api import PASSWORD, login, register, sign_up_and_in
from tests.support.sql_counter import count_statements

API = "/api/v1"
EXPIRE_JOB = "ownverso.entrypoints.workers.jobs.referrals.expire_referrals"


def person(client, mailer, name: str):
    return sign_up_and_in(client, mailer, email=f"{name}@example.com", username=name,
                          display_name=name.title())


def admin(client, mailer, name: str = "boss"):
    who = person(client, mailer, name)
    with client.application.container.uow() as uow:
        uow.users.get(who.user["id"]).role = UserRole.ADMIN
        uow.commit()
    return who


def relogin(client, who) -> None:
    who.access_token = login(client, who.email)["access_token"]


def code_of(client, who) -> str:
    response = client.get(f"{API}/referrals/code", headers=who.headers)
    assert response.status_code == 200, response.json
    return response.json["code"]


def apply(client, who, code: str, **fields):
    return client.post(f"{API}/referrals/apply", headers=who.headers, json={"code": code,
                                                                           **fields})


def stats(client, who) -> dict:
    return client.get(f"{API}/referrals/stats", headers=who.headers).json


def qualify(client, referee_id: str, event: str = "pay_1") -> None:
    container = client.application.container
    with container.uow() as uow:
        record_reader_revenue(uow, author_id=referee_id, now=container.clock().now(),
                              event=event)
        uow.commit()


def mine(client, who, **query) -> list:
    response = client.get(f"{API}/referrals", headers=who.headers, query_string=query)
    assert response.status_code == 200, response.json
    return response.json


def test_a_user_has_a_code_and_regenerating_it_retires_the_old_one(client, mailer):
    mira, noor = person(client, mailer, "mira"), person(client, mailer, "noor")
    first = code_of(client, mira)
    assert len(first) == 8 and code_of(client, mira) == first
    regenerated = client.post(f"{API}/referrals/code/regenerate", headers=mira.headers)
    assert regenerated.status_code == 200
    assert regenerated.json["code"] != first and regenerated.json["regenerated_at"]
    assert code_of(client, mira) == regenerated.json["code"]
    old = apply(client, noor, first)
    assert (old.status_code, old.json["error"]) == (404, "referral_code_not_found")
    assert apply(client, noor, regenerated.json["code"].lower()).status_code == 201
    assert client.get(f"{API}/referrals/code").status_code == 401


def test_a_new_user_applies_a_code_and_the_referrer_sees_them(client, mailer):
    mira, noor = person(client, mailer, "mira"), person(client, mailer, "noor")
    applied = apply(client, noor, code_of(client, mira), utm_source="newsletter",
                    utm_campaign="spring", landing_page="/pricing")
    assert applied.status_code == 201, applied.json
    body = applied.json
    assert body["status"] == "SIGNED_UP" and body["referrer"]["username"] == "mira"
    assert (body["referee_reward"], body["referee_reward_value"]) == ("FIRST_MONTH_DISCOUNT", 50)
    assert (body["utm_source"], body["landing_page"]) == ("newsletter", "/pricing")
    [row] = mine(client, mira)
    assert row["referee"]["username"] == "noor" and row["status"] == "SIGNED_UP"
    assert mine(client, mira, status="REWARDED") == []
    assert mine(client, noor) == []
    assert stats(client, mira) | {"code": None} == {
        "code": None, "clicks": 0, "sign_ups": 1, "pending": 1, "qualified": 0,
        "rewarded": 0, "expired": 0, "reward_months_earned": 0, "reward_months_available": 0}


def test_self_referral_a_second_referral_and_a_mutual_one_are_refused(client, mailer):
    mira, noor, omar = (person(client, mailer, n) for n in ("mira", "noor", "omar"))
    own = apply(client, mira, code_of(client, mira))
    assert (own.status_code, own.json["error"]) == (422, "self_referral")
    assert apply(client, noor, code_of(client, mira)).status_code == 201
    second = apply(client, noor, code_of(client, omar))
    assert (second.status_code, second.json["error"]) == (409, "already_referred")
    back = apply(client, mira, code_of(client, noor))
    assert (back.status_code, back.json["error"]) == (422, "mutual_referral")


def test_a_code_can_be_applied_only_within_seven_days_of_signing_up(client, mailer, clock):
    mira, noor = person(client, mailer, "mira"), person(client, mailer, "noor")
    code = code_of(client, mira)
    clock.advance(days=7, minutes=1)
    relogin(client, noor)
    late = apply(client, noor, code)
    assert (late.status_code, late.json["error"]) == (422, "referral_window_closed")
    assert "code" in late.json["errors"]["json"]


def test_an_unknown_or_malformed_code_is_not_found(client, mailer):
    noor = person(client, mailer, "noor")
    for code in ("ZZZZZZZZ", "??", ""):
        refused = apply(client, noor, code)
        assert (refused.status_code, refused.json["error"]) == (404, "referral_code_not_found")


def test_a_code_given_at_sign_up_is_applied_and_a_bad_one_is_ignored(client, mailer):
    mira = person(client, mailer, "mira")
    code = code_of(client, mira)
    register(client, email="noor@example.com", username="noor")  # plain sign-up still works
    response = client.post(f"{API}/auth/register", json={
        "email": "omar@example.com", "password": PASSWORD, "username": "omar",
        "display_name": "Omar", "referral_code": code, "utm_medium": "social",
        "landing_page": "/welcome"})
    assert response.status_code == 201, response.json
    bad = client.post(f"{API}/auth/register", json={
        "email": "pia@example.com", "password": PASSWORD, "username": "pia",
        "display_name": "Pia", "referral_code": "NOSUCHCODE"})
    assert bad.status_code == 201, bad.json
    [row] = mine(client, mira)
    assert row["referee"]["username"] == "omar"
    assert (row["utm_medium"], row["landing_page"]) == ("social", "/welcome")


def test_clicks_are_counted_and_carried_into_the_referral(client, mailer):
    mira = person(client, mailer, "mira")
    code = code_of(client, mira)
    click = client.post(f"{API}/referrals/clicks", json={
        "code": code, "landing_page": "/series/dragon", "utm_source": "twitter"})
    assert click.status_code == 202, click.json
    assert client.post(f"{API}/referrals/clicks", json={"code": code}).status_code == 202
    unknown = client.post(f"{API}/referrals/clicks", json={"code": "ZZZZZZZZ"})
    assert (unknown.status_code, unknown.json["error"]) == (404, "referral_code_not_found")
    assert client.post(f"{API}/auth/register", json={
        "email": "noor@example.com", "password": PASSWORD, "username": "noor",
        "display_name": "Noor", "referral_code": code,
        "referral_click_id": click.json["click_id"]}).status_code == 201
    [row] = mine(client, mira)
    assert row["clicked_at"] == click.json["clicked_at"]
    assert (row["landing_page"], row["utm_source"]) == ("/series/dragon", "twitter")
    assert (stats(client, mira)["clicks"], stats(client, mira)["sign_ups"]) == (2, 1)


def test_reader_revenue_qualifies_and_rewards_the_referral_once(client, mailer):
    mira, noor = person(client, mailer, "mira"), person(client, mailer, "noor")
    apply(client, noor, code_of(client, mira))
    qualify(client, noor.user["id"], "pay_1")
    qualify(client, noor.user["id"], "pay_2")
    qualify(client, mira.user["id"])  # not referred: nothing happens
    [row] = mine(client, mira)
    assert row["status"] == "REWARDED"
    assert (row["qualification_event"], row["qualification_reason"]) == ("READER_REVENUE",
                                                                           "pay_1")
    assert (row["referrer_reward"], row["referrer_reward_value"]) == ("FREE_MONTH", 1)
    assert row["referrer_reward_applied_at"] and row["converted_at"]
    assert client.get(f"{API}/referrals/code", headers=mira.headers).json["reward_months"] == 1
    counted = stats(client, mira)
    assert (counted["qualified"], counted["rewarded"], counted["pending"]) == (1, 1, 0)
    assert (counted["reward_months_earned"], counted["reward_months_available"]) == (1, 1)


def test_a_first_platform_subscription_uses_the_discount_and_qualifies(client, mailer):
    mira, noor = person(client, mailer, "mira"), person(client, mailer, "noor")
    apply(client, noor, code_of(client, mira))
    container = client.application.container
    with container.uow() as uow:
        assert referee_discount_percent(uow, user_id=noor.user["id"]) == 50
        record_platform_subscription(uow, user_id=noor.user["id"], now=container.clock().now())
        record_platform_subscription(uow, user_id=mira.user["id"], now=container.clock().now())
        uow.commit()
    with container.uow() as uow:
        assert referee_discount_percent(uow, user_id=noor.user["id"]) == 0
    [row] = mine(client, mira)
    assert (row["status"], row["qualification_event"]) == ("REWARDED", "PLATFORM_SUBSCRIPTION")
    assert row["referee_reward_applied_at"]


def test_referrals_expire_after_ninety_days_without_qualifying(client, mailer, clock):
    mira, noor, omar = (person(client, mailer, n) for n in ("mira", "noor", "omar"))
    code = code_of(client, mira)
    apply(client, noor, code)
    apply(client, omar, code)
    qualify(client, omar.user["id"])
    jobs = client.application.container.jobs()
    clock.advance(days=89)
    jobs.enqueue(EXPIRE_JOB)
    relogin(client, mira)
    assert {r["status"] for r in mine(client, mira)} == {"SIGNED_UP", "REWARDED"}
    clock.advance(days=1)
    jobs.enqueue(EXPIRE_JOB)
    jobs.enqueue(EXPIRE_JOB)  # idempotent
    qualify(client, noor.user["id"])  # too late: nothing happens
    relogin(client, mira)
    by_referee = {r["referee"]["username"]: r["status"] for r in mine(client, mira)}
    assert by_referee == {"noor": "EXPIRED", "omar": "REWARDED"}
    assert stats(client, mira)["expired"] == 1


def test_admins_list_referrals_and_reward_a_held_one(client, mailer):
    mira, noor, omar = (person(client, mailer, n) for n in ("mira", "noor", "omar"))
    boss = admin(client, mailer)
    apply(client, noor, code_of(client, mira))
    apply(client, omar, code_of(client, mira))
    container = client.application.container
    with container.uow() as uow:  # a suspended referrer's reward is held for review
        uow.users.get(mira.user["id"]).status = UserStatus.SUSPENDED
        uow.commit()
    qualify(client, noor.user["id"])
    denied = client.get(f"{API}/admin/referrals", headers=noor.headers)
    assert (denied.status_code, denied.json["error"]) == (403, "admin_required")
    listed = client.get(f"{API}/admin/referrals", headers=boss.headers)
    assert listed.status_code == 200 and len(listed.json) == 2
    assert listed.headers["X-Pagination"]
    held = client.get(f"{API}/admin/referrals", headers=boss.headers,
                      query_string={"status": "QUALIFIED"}).json
    assert [(r["referee"]["username"], r["referrer"]["username"]) for r in held] == [
        ("noor", "mira")]
    assert len(client.get(f"{API}/admin/referrals", headers=boss.headers, query_string={
        "referee_id": omar.user["id"]}).json) == 1
    for code, found in ((held[0]["referrer_code"].lower(), 2), ("NOSUCHCODE", 0), ("??", 0)):
        assert len(client.get(f"{API}/admin/referrals", headers=boss.headers,
                              query_string={"code": code}).json) == found
    url = f"{API}/admin/referrals/{held[0]['id']}/mark-rewarded"
    assert client.post(url, headers=noor.headers).status_code == 403
    rewarded = client.post(url, headers=boss.headers)
    assert rewarded.status_code == 200, rewarded.json
    assert (rewarded.json["status"], rewarded.json["rewarded_by"]) == ("REWARDED",
                                                                       boss.user["id"])
    again = client.post(url, headers=boss.headers)
    assert (again.status_code, again.json["error"]) == (409, "already_rewarded")
    signed_up = client.get(f"{API}/admin/referrals", headers=boss.headers,
                           query_string={"status": "SIGNED_UP"}).json[0]
    early = client.post(f"{API}/admin/referrals/{signed_up['id']}/mark-rewarded",
                        headers=boss.headers)
    assert (early.status_code, early.json["error"]) == (409, "referral_not_qualified")
    missing = client.post(f"{API}/admin/referrals/rfr_nope/mark-rewarded", headers=boss.headers)
    assert missing.status_code == 404
    with container.uow() as uow:
        assert uow.referral_accounts.get_by(user_id=mira.user["id"]).reward_months == 1


def test_referrals_on_postgres(pg_client):
    client = pg_client
    mailer = client.application.container.mailer()
    mira, boss = person(client, mailer, "mira"), admin(client, mailer)
    code = code_of(client, mira)
    click = client.post(f"{API}/referrals/clicks", json={"code": code, "utm_source": "x"})
    assert click.status_code == 202, click.json
    assert client.post(f"{API}/auth/register", json={
        "email": "noor@example.com", "password": PASSWORD, "username": "noor",
        "display_name": "Noor", "referral_code": code,
        "referral_click_id": click.json["click_id"]}).status_code == 201
    omar = person(client, mailer, "omar")
    assert apply(client, omar, code).status_code == 201
    assert apply(client, omar, code).json["error"] == "already_referred"
    [noor_row] = [r for r in mine(client, mira, status="SIGNED_UP")
                  if r["referee"]["username"] == "noor"]
    assert noor_row["utm_source"] == "x"
    qualify(client, noor_row["referee"]["id"])
    qualify(client, noor_row["referee"]["id"])
    counted = stats(client, mira)
    assert (counted["clicks"], counted["sign_ups"], counted["rewarded"]) == (1, 2, 1)
    assert counted["reward_months_available"] == 1
    listed = client.get(f"{API}/admin/referrals", headers=boss.headers,
                        query_string={"code": code.lower()})
    assert len(listed.json) == 2
    url = f"{API}/admin/referrals/{noor_row['id']}/mark-rewarded"
    assert client.post(url, headers=boss.headers).json["error"] == "already_rewarded"
    regenerated = client.post(f"{API}/referrals/code/regenerate", headers=mira.headers).json
    assert regenerated["code"] != code and regenerated["reward_months"] == 1


def test_referral_lists_cost_the_same_whatever_their_length(pg_client):
    client = pg_client
    mailer = client.application.container.mailer()
    mira, boss = person(client, mailer, "mira"), admin(client, mailer)
    code = code_of(client, mira)
    engine = client.application.container.engine()

    def statements_for(url: str, who) -> int:
        with count_statements(engine) as statements:
            assert client.get(url, headers=who.headers).status_code == 200
        return len(statements)

    def lists() -> tuple[int, int, int]:
        return (statements_for(f"{API}/referrals", mira),
                statements_for(f"{API}/admin/referrals", boss),
                statements_for(f"{API}/referrals/stats", mira))

    assert apply(client, person(client, mailer, "noor"), code).status_code == 201
    one = lists()
    for name in ("omar", "pia", "quin", "rosa"):
        assert apply(client, person(client, mailer, name), code).status_code == 201
    assert lists() == one, one
