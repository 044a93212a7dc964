"""Reading through the paywall over HTTP: /chapters/{id}/read, /access-check, /unlock and
/public; rolling release and scheduled free dates against the clock; a Postgres scenario and
the flat statement count."""

from datetime import timedelta

import pytest

from ownverso.domain.identity.values import UserRole, UserStatus
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.entrypoints.workers.jobs.publishing import unlock_due_chapters
from tests.support.chapters import add_member
from tests.support.paywall import API, Paywall
from tests.support.sql_counter import count_statements
from tests.support.subscriptions import subscribe

TEXT = "First.\n\nSecond.\n\nThird.\n\nFourth, behind the wall."
BEHIND = "behind the wall"


def read(client, chapter_id, headers=None, what="read"):
    return client.get(f"{API}/chapters/{chapter_id}/{what}", headers=headers or {})


@pytest.fixture
def wall(client):
    return Paywall.build(client)


def test_readers_without_the_right_get_a_preview_and_the_ways_to_unlock(client, wall):
    silver = wall.tier("Silver", 300)
    gold = wall.tier("Gold", 900, annual_price=9000, billing_cycles=["MONTHLY", "ANNUAL"])
    subs = wall.chapter(content=TEXT, author_note="A note.", access_level="SUBSCRIBERS",
                        price=199, currency="USD", paywall_message="Join the crew")
    tiered = wall.chapter(content=TEXT, access_level="SPECIFIC_TIER", minimum_tier_id=gold,
                          preview_paragraphs=1)
    free_reader = wall.reader()
    for headers in ({}, wall.headers(free_reader)):
        response = read(client, subs["id"], headers)
        assert response.status_code == 200, response.json
        assert response.headers["Cache-Control"] == "private, no-store"
        body = response.json
        assert body["access"]["granted"] is False
        assert body["access"]["reason"] == "subscription_required"
        options = body["access"]["unlock_options"]
        assert [(t["tier_id"], t["monthly_price"], t["annual_price"]) for t in
                options["tiers"]] == [(silver, 300, None), (gold, 900, 9000)]
        assert (options["purchase_price"], options["currency"]) == (199, "USD")
        assert body["is_preview"] and body["preview_paragraphs"] == 3
        assert body["content_html"].count("<p>") == 3 and BEHIND not in body["content_html"]
        assert body["author_note_html"] is None and body["paywall_message"] == "Join the crew"
        assert (body["id"], body["title"], body["access_level"]) == (
            subs["id"], "Chapter", "SUBSCRIBERS")

        response = read(client, tiered["id"], headers)
        assert response.status_code == 200
        body = response.json
        assert (body["access"]["granted"], body["access"]["reason"]) == (False, "tier_required")
        assert [t["tier_id"] for t in body["access"]["unlock_options"]["tiers"]] == [gold]
        assert body["content_html"] == "<p>First.</p>"

    member = wall.reader()
    subscribe(wall.container, member, wall.site_id, gold)
    body = read(client, subs["id"], wall.headers(member)).json
    assert body["access"] == {**body["access"], "granted": True, "reason": "subscriber"}
    assert BEHIND in body["content_html"] and not body["is_preview"]
    assert body["author_note_html"] == "<p>A note.</p>\n" and body["paywall_message"] is None


def test_drafts_are_404_to_readers_and_readable_by_staff(client, wall):
    draft = wall.chapter(content=TEXT, access_level="SUBSCRIBERS", publish=False)
    for what in ("read", "access-check", "public"):
        for headers in ({}, wall.headers(wall.reader())):
            response = read(client, draft["id"], headers, what)
            assert response.status_code == 404 and response.json["error"] == "chapter_not_found"
    container = wall.container
    with container.uow() as uow:
        owner = uow.users.get(wall.author_id)
    editor = add_member(container, wall.site_id, CollaboratorRole.EDITOR, invited_by=owner)
    admin = wall.reader(role=UserRole.ADMIN)
    for user_id, reason in ((wall.author_id, "author"), (editor.id, "collaborator"),
                            (admin, "admin")):
        response = read(client, draft["id"], wall.headers(user_id))
        assert response.status_code == 200, response.json
        assert response.json["access"]["reason"] == reason
        assert BEHIND in response.json["content_html"]
    assert read(client, "chp_nothing").status_code == 404


def test_rolling_release_follows_the_clock_for_each_tier(client, clock):
    wall = Paywall.build(client, early_access_days=10)
    silver = wall.tier("Silver", 300, early_access_days=3)
    gold = wall.tier("Gold", 900, early_access_days=7)
    published_at = clock.now()
    chapter = wall.chapter(content=TEXT)
    readers = {"none": wall.reader(), "silver": wall.reader(), "gold": wall.reader()}
    subscribe(wall.container, readers["silver"], wall.site_id, silver)
    subscribe(wall.container, readers["gold"], wall.site_id, gold)

    first = read(client, chapter["id"]).json["access"]
    assert first["reason"] == "early_access"
    assert [(t["tier_id"], t["available_at"]) for t in first["unlock_options"]["tiers"]] == [
        (silver, (published_at + timedelta(days=7)).isoformat()),
        (gold, (published_at + timedelta(days=3)).isoformat())]
    expected = {0: {"gold": False, "silver": False, "none": False},
                3: {"gold": True, "silver": False, "none": False},
                7: {"gold": True, "silver": True, "none": False},
                10: {"gold": True, "silver": True, "none": True}}
    for day, who_reads in expected.items():
        clock.advance(published_at + timedelta(days=day) - clock.now())
        for name, granted in who_reads.items():
            body = read(client, chapter["id"], wall.headers(readers[name])).json
            assert body["access"]["granted"] is granted, (day, name)
            assert (BEHIND in body["content_html"]) is granted
        assert read(client, chapter["id"]).json["access"]["granted"] is who_reads["none"]


def test_scheduled_free_opens_at_its_date_before_the_job_records_it(client, clock, wall):
    gold = wall.tier("Gold", 900)
    chapter = wall.chapter(content=TEXT, access_level="SUBSCRIBERS")
    free_at = clock.now() + timedelta(days=2)
    wall.schedule_free(chapter["id"], free_at)
    wall.set_access(chapter["id"], access_level="SCHEDULED_FREE", minimum_tier_id=gold)
    before = read(client, chapter["id"]).json
    assert (before["access"]["reason"], before["is_preview"]) == ("tier_required", True)
    assert before["access"]["readable_at"] == free_at.isoformat()
    assert before["access"]["unlock_options"]["free_at"] == free_at.isoformat()

    clock.advance(days=2)
    after = read(client, chapter["id"]).json
    assert (after["access"]["reason"], after["is_preview"]) == ("scheduled_free", False)
    with wall.container.uow() as uow:
        assert uow.scheduled_unlocks.get_by(chapter_id=chapter["id"]).is_pending

    assert unlock_due_chapters() == {"unlocked": 1, "failed": 0, "skipped": 0}
    assert unlock_due_chapters()["unlocked"] == 0
    with wall.container.uow() as uow:
        record = uow.scheduled_unlocks.get_by(chapter_id=chapter["id"])
    assert (record.status, record.original_access_level, record.original_minimum_tier_id) == (
        "UNLOCKED", "SCHEDULED_FREE", gold)
    settings = client.get(f"{API}/chapters/{chapter['id']}/access", headers=wall.author).json
    assert (settings["access_level"], settings["minimum_tier_id"]) == ("FREE", None)
    assert read(client, chapter["id"]).json["access"]["reason"] == "free"


def test_a_suspended_reader_reads_nothing_past_the_preview(client, wall):
    gold = wall.tier("Gold", 900)
    chapter = wall.chapter(content=TEXT, access_level="SUBSCRIBERS")
    reader = wall.reader()
    subscribe(wall.container, reader, wall.site_id, gold)
    headers = wall.headers(reader)
    assert read(client, chapter["id"], headers).json["access"]["granted"]
    with wall.container.uow() as uow:
        uow.users.get(reader).status = UserStatus.SUSPENDED
        uow.commit()
    refused = read(client, chapter["id"], headers)  # the token no longer signs anyone in
    assert refused.status_code == 401 and BEHIND not in refused.get_data(as_text=True)
    preview = read(client, chapter["id"]).json
    assert preview["is_preview"] and BEHIND not in preview["content_html"]


def test_the_access_check_answers_without_content(client, wall):
    gold = wall.tier("Gold", 900)
    chapter = wall.chapter(content=TEXT, access_level="SUBSCRIBERS", price=250)
    response = read(client, chapter["id"], what="access-check")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    body = response.json
    assert {k: body[k] for k in ("chapter_id", "has_access", "needs_purchase", "price",
                                 "currency_code", "has_subscription_access", "granted",
                                 "reason", "readable_at")} == {
        "chapter_id": chapter["id"], "has_access": False, "needs_purchase": True, "price": 250,
        "currency_code": "INR", "has_subscription_access": False, "granted": False,
        "reason": "subscription_required", "readable_at": None}
    assert [t["tier_id"] for t in body["unlock_options"]["tiers"]] == [gold]
    assert "content_html" not in body and BEHIND not in response.get_data(as_text=True)


def test_the_public_view_carries_the_text_only_when_granted(client, wall):
    gold = wall.tier("Gold", 900)
    free = wall.chapter(content=TEXT)
    locked = wall.chapter(content=TEXT, access_level="SUBSCRIBERS")
    public = read(client, free["id"], what="public")
    assert public.headers["Cache-Control"] == "private, no-store"
    assert BEHIND in public.json["content_html"] and not public.json["is_locked"]
    body = read(client, locked["id"], what="public").json
    assert body["is_locked"] and body["content_html"] is None
    member = wall.reader()
    subscribe(wall.container, member, wall.site_id, gold)
    body = read(client, locked["id"], wall.headers(member), what="public").json
    assert not body["is_locked"] and BEHIND in body["content_html"]


def test_unlock(client, wall):
    silver, gold = wall.tier("Silver", 300), wall.tier("Gold", 900)
    free = wall.chapter(content=TEXT)
    tiered = wall.chapter(content=TEXT, access_level="SPECIFIC_TIER", minimum_tier_id=gold)
    reader = wall.headers(wall.reader())
    url = f"{API}/chapters/{tiered['id']}/unlock"
    assert client.post(url, json={"method": "SUBSCRIBE", "tier_id": gold}).status_code == 401
    done = client.post(f"{API}/chapters/{free['id']}/unlock", json={"method": "SUBSCRIBE"},
                       headers=reader)
    assert done.status_code == 200 and done.json["status"] == "already_unlocked"
    assert done.json["access"]["granted"] and done.json["checkout"] is None
    unknown = client.post(url, json={"method": "BARTER"}, headers=reader)
    assert unknown.status_code == 422 and "method" in unknown.json["errors"]["json"]
    wrong = client.post(url, json={"method": "SUBSCRIBE", "tier_id": silver}, headers=reader)
    assert wrong.status_code == 422 and wrong.json["error"] == "tier_does_not_unlock"
    started = client.post(url, json={"method": "SUBSCRIBE", "tier_id": gold},
                          headers=reader)
    assert started.status_code == 200, started.json
    assert started.headers["Cache-Control"] == "private, no-store"
    body = started.json
    assert (body["status"], body["access"]["granted"]) == ("checkout_open", False)
    assert (body["checkout"]["status"], body["checkout"]["amount"]) == ("OPEN", 900)
    assert body["checkout"]["checkout_url"]
    with wall.container.uow() as uow:
        paying = uow.checkout_sessions.get(body["checkout"]["id"]).gateway_checkout_id
    paid = client.post(f"{API}/sandbox/checkouts/{paying}/complete")
    assert paid.status_code == 200, paid.json
    after = read(client, tiered["id"], reader).json
    assert after["access"]["reason"] == "tier" and BEHIND in after["content_html"]
    again = client.post(url, json={"method": "SUBSCRIBE", "tier_id": gold}, headers=reader)
    assert again.json["status"] == "already_unlocked"


def test_reading_on_postgres_costs_the_same_whatever_the_tiers_and_subscriptions(pg_client):
    wall = Paywall.build(pg_client)
    gold = wall.tier("Gold", 900)
    chapter = wall.chapter(content=TEXT, access_level="SUBSCRIBERS")
    reader = wall.reader()
    headers = wall.headers(reader)
    engine = pg_client.application.container.engine()
    counts = {}
    for label in ("few", "many"):
        if label == "many":
            for n in range(6):
                tier = wall.tier(f"Extra {n}", 100 + n)
                subscribe(wall.container, wall.reader(), wall.site_id, tier)
            for state in ("expired", "expired", "unpaid"):
                subscribe(wall.container, reader, wall.site_id, gold, state=state)
            subscribe(wall.container, reader, wall.site_id, gold)
        for what in ("read", "access-check"):
            for who, h in (("anonymous", {}), ("reader", headers)):
                with count_statements(engine) as statements:
                    response = read(pg_client, chapter["id"], h, what)
                assert response.status_code == 200, response.json
                counts[(label, what, who)] = len(statements)
    assert read(pg_client, chapter["id"], headers).json["access"]["granted"]
    for what in ("read", "access-check"):
        for who in ("anonymous", "reader"):
            assert counts[("few", what, who)] == counts[("many", what, who)], counts
    assert counts[("many", "read", "anonymous")] == 4  # chapter, series, site, tiers
