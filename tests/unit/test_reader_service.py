"""ReaderService on the in-memory suite: reading through the paywall (full text or preview),
the access check, unlocking by subscribing, and the batch decision for lists."""

from datetime import timedelta

import pytest

from ownverso.container import build_container
from ownverso.domain.access import EntitlementKind, EntitlementState
from ownverso.domain.access.entitlement import ChapterEntitlement
from ownverso.domain.checkout.session import CheckoutKind, CheckoutSession, CheckoutStatus
from ownverso.domain.identity.values import UserRole, UserStatus
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.access.gathering import decide_many
from ownverso.services.access.reading import ReaderService
from ownverso.services.access.views import UnlockMethod, UnlockOutcome
from ownverso.services.errors import NotFound, PermissionDenied, Unavailable, ValidationFailed
from tests.support.chapters import actor_of, add_member, add_user, author_kit
from tests.support.subscriptions import add_tier, subscribe

TEXT = "One.\n\nTwo.\n\nThree.\n\nFour: the secret.\n\nFive."


@pytest.fixture
def container():
    return build_container(env="test")


@pytest.fixture
def kit(container):
    return author_kit(container, tier="STARTER")


@pytest.fixture
def reader(container):
    return container.reader()


def chapter(container, kit, *, publish=True, **data):
    made = container.chapters().create(actor=kit.actor, series_id=kit.series_id,
                                       data={"content": TEXT, "author_note": "Note!", **data})
    if publish:
        container.chapter_publishing().publish(actor=kit.actor, chapter_id=made.id)
    return made


def a_reader(container, **fields):
    return actor_of(add_user(container, **fields))


# -- reading --------------------------------------------------------------------------------
def test_a_free_chapter_is_read_in_full_by_anyone(container, kit, reader):
    made = chapter(container, kit)
    for viewer in (None, a_reader(container)):
        reading = reader.read(viewer=viewer, chapter_id=made.id)
        assert reading.decision.granted and reading.decision.reason == "free"
        assert not reading.is_preview and "the secret" in reading.content_html
        assert reading.author_note_html == "<p>Note!</p>\n"
        assert reading.preview_paragraphs is None and reading.paywall_message is None


def test_a_gated_chapter_shows_a_preview_and_the_ways_to_unlock_it(container, kit, reader):
    silver = add_tier(container, kit.site_id, name="Silver", monthly_price=300)
    gold = add_tier(container, kit.site_id, name="Gold", monthly_price=900,
                    annual_price=9000, billing_cycles=["MONTHLY", "ANNUAL"])
    add_tier(container, kit.site_id, name="Retired", monthly_price=500, is_active=False)
    add_tier(container, kit.site_id, name="Secret", monthly_price=700, is_public=False)
    made = chapter(container, kit, access_level="SUBSCRIBERS", preview_paragraphs=2,
                   paywall_message="Join us")
    reading = reader.read(viewer=None, chapter_id=made.id)
    assert not reading.decision.granted and reading.decision.reason == "subscription_required"
    assert reading.is_preview and reading.preview_paragraphs == 2
    assert reading.content_html == "<p>One.</p>\n<p>Two.</p>"
    assert reading.author_note_html is None and reading.paywall_message == "Join us"
    options = reading.decision.unlock_options
    assert [(t.tier_id, t.monthly_price, t.annual_price) for t in options.tiers] == [
        (silver, 300, None), (gold, 900, 9000)]

    tiered = chapter(container, kit, access_level="SPECIFIC_TIER", minimum_tier_id=gold)
    denied = reader.read(viewer=a_reader(container), chapter_id=tiered.id)
    assert denied.decision.reason == "tier_required" and denied.preview_paragraphs == 3
    assert [t.tier_id for t in denied.decision.unlock_options.tiers] == [gold]
    assert "the secret" not in denied.content_html


def test_the_series_preview_count_applies_unless_the_chapter_has_one(container, kit, reader):
    with container.uow() as uow:
        uow.series.get(kit.series_id).preview_paragraphs = 1
        uow.commit()
    made = chapter(container, kit, access_level="SUBSCRIBERS")
    reading = reader.read(viewer=None, chapter_id=made.id)
    assert (reading.preview_paragraphs, reading.content_html) == (1, "<p>One.</p>")


def test_subscribers_read_by_the_state_stored_now(container, kit, reader):
    gold = add_tier(container, kit.site_id, name="Gold", monthly_price=900)
    made = chapter(container, kit, access_level="SUBSCRIBERS")
    expected = {"active": True, "cancelled": True, "past_due": True, "paused": False,
                "expired": False, "cancelled_past_end": False, "unpaid": False}
    for state, granted in expected.items():
        viewer = a_reader(container)
        subscribe(container, viewer.user_id, kit.site_id, gold, state=state)
        decision = reader.read(viewer=viewer, chapter_id=made.id).decision
        assert decision.granted is granted, state


def test_drafts_exist_only_for_staff(container, kit, reader):
    draft = chapter(container, kit, publish=False, access_level="SUBSCRIBERS")
    with pytest.raises(NotFound) as hidden:
        reader.read(viewer=a_reader(container), chapter_id=draft.id)
    assert hidden.value.code == "chapter_not_found"
    with pytest.raises(NotFound):
        reader.access_check(viewer=None, chapter_id=draft.id)
    analyst = actor_of(add_member(container, kit.site_id, CollaboratorRole.ANALYST,
                                  invited_by=kit.user))
    admin = a_reader(container, role=UserRole.ADMIN)
    for viewer, reason in ((kit.actor, "author"), (analyst, "collaborator"),
                           (admin, "admin")):
        reading = reader.read(viewer=viewer, chapter_id=draft.id)
        assert (reading.decision.reason, reading.is_preview) == (reason, False)
        assert "the secret" in reading.content_html
    with pytest.raises(NotFound):  # the public view is the public's, even for staff
        reader.public(viewer=kit.actor, chapter_id=draft.id)


def test_a_suspended_reader_gets_the_preview_only(container, kit, reader):
    gold = add_tier(container, kit.site_id, name="Gold", monthly_price=900)
    made = chapter(container, kit, access_level="SUBSCRIBERS")
    viewer = a_reader(container)
    subscribe(container, viewer.user_id, kit.site_id, gold)
    assert reader.read(viewer=viewer, chapter_id=made.id).decision.granted
    with container.uow() as uow:
        uow.users.get(viewer.user_id).status = UserStatus.SUSPENDED
        uow.commit()
    reading = reader.read(viewer=viewer, chapter_id=made.id)
    assert reading.decision.reason == "account_restricted" and reading.is_preview
    with pytest.raises(PermissionDenied):
        reader.unlock(actor=viewer, chapter_id=made.id, method=UnlockMethod.SUBSCRIBE,
                      tier_id=gold)


def test_an_entitlement_grants_until_refunded(container, kit, reader):
    made = chapter(container, kit, access_level="SUBSCRIBERS")
    viewer = a_reader(container)
    now = container.clock().now()
    held = ChapterEntitlement.grant(id="ent_1", user_id=viewer.user_id, chapter_id=made.id,
                                    kind=EntitlementKind.PURCHASE, source_id="pur_1", now=now)
    with container.uow() as uow:
        uow.chapter_entitlements.add(held)
        uow.commit()
    assert reader.read(viewer=viewer, chapter_id=made.id).decision.reason == "purchase"
    with container.uow() as uow:
        uow.chapter_entitlements.get("ent_1").end(EntitlementState.REFUNDED, now=now)
        uow.commit()
    assert not reader.read(viewer=viewer, chapter_id=made.id).decision.granted


def test_the_access_check_has_no_content_and_the_seed_fields(container, kit, reader):
    gold = add_tier(container, kit.site_id, name="Gold", monthly_price=900)
    made = chapter(container, kit, access_level="SUBSCRIBERS", price=199, currency="USD")
    check = reader.access_check(viewer=None, chapter_id=made.id)
    assert (check.has_access, check.needs_purchase, check.price, check.currency_code,
            check.has_subscription_access, check.reason) == (
        False, True, 199, "USD", False, "subscription_required")
    assert not hasattr(check, "content_html")
    viewer = a_reader(container)
    subscribe(container, viewer.user_id, kit.site_id, gold)
    check = reader.access_check(viewer=viewer, chapter_id=made.id)
    assert (check.has_access, check.needs_purchase, check.has_subscription_access) == (
        True, False, True)


# -- unlocking ------------------------------------------------------------------------------
class FakeSubscribe:
    """Stands in for the memberships checkout: records the call, completes free tiers."""

    def __init__(self, container):
        self.container, self.calls = container, []

    def start(self, *, actor, site_id, tier_id, billing_cycle, discount_code=None):
        self.calls.append((actor.user_id, site_id, tier_id, billing_cycle, discount_code))
        now = self.container.clock().now()
        session = CheckoutSession.open(now=now, id="cs_1", kind=CheckoutKind.SUBSCRIPTION,
                                       user_id=actor.user_id, site_id=site_id, tier_id=tier_id,
                                       amount=900, currency="INR")
        session.checkout_url = "https://pay.example/cs_1"
        with self.container.uow() as uow:
            free = uow.tiers.get(tier_id).is_free
        if free:
            subscribe(self.container, actor.user_id, site_id, tier_id)
            session.status = CheckoutStatus.COMPLETE
        return session


def test_unlock_subscribes_to_a_tier_among_the_options(container, kit):
    silver = add_tier(container, kit.site_id, name="Silver", monthly_price=300)
    gold = add_tier(container, kit.site_id, name="Gold", monthly_price=900)
    made = chapter(container, kit, access_level="SPECIFIC_TIER", minimum_tier_id=gold)
    fake = FakeSubscribe(container)
    reader = ReaderService(uow=container.uow, clock=container.clock(), subscribe=fake)
    viewer = a_reader(container)
    with pytest.raises(ValidationFailed) as refused:
        reader.unlock(actor=viewer, chapter_id=made.id, method="SUBSCRIBE", tier_id=silver)
    assert refused.value.code == "tier_does_not_unlock" and not fake.calls
    result = reader.unlock(actor=viewer, chapter_id=made.id, method="SUBSCRIBE",
                           tier_id=gold, billing_cycle="MONTHLY", discount_code="HELLO")
    assert result.status == UnlockOutcome.CHECKOUT_OPEN
    assert result.checkout.checkout_url == "https://pay.example/cs_1"
    assert fake.calls == [(viewer.user_id, kit.site_id, gold, "MONTHLY", "HELLO")]
    mine = reader.unlock(actor=kit.actor, chapter_id=made.id, method="SUBSCRIBE")
    assert mine.status == UnlockOutcome.ALREADY_UNLOCKED and mine.checkout is None


def test_unlock_reports_a_chapter_readable_at_once(container, kit):
    early = add_tier(container, kit.site_id, name="Early free", monthly_price=0,
                     early_access_days=5)
    with container.uow() as uow:
        uow.series.get(kit.series_id).early_access_days = 7
        uow.commit()
    made = chapter(container, kit)
    reader = ReaderService(uow=container.uow, clock=container.clock(),
                           subscribe=FakeSubscribe(container))
    viewer = a_reader(container)
    assert reader.read(viewer=viewer, chapter_id=made.id).decision.reason == "early_access"
    container.clock().advance(days=3)
    result = reader.unlock(actor=viewer, chapter_id=made.id, method="SUBSCRIBE", tier_id=early)
    assert result.status == UnlockOutcome.UNLOCKED
    assert result.decision.reason == "early_access_subscriber"


def test_unlock_without_a_checkout_service_is_unavailable(container, kit):
    gold = add_tier(container, kit.site_id, name="Gold", monthly_price=900)
    made = chapter(container, kit, access_level="SUBSCRIBERS")
    reader = ReaderService(uow=container.uow, clock=container.clock())
    with pytest.raises(Unavailable) as refused:
        reader.unlock(actor=a_reader(container), chapter_id=made.id, method="SUBSCRIBE",
                      tier_id=gold)
    assert refused.value.code == "checkout_unavailable"
    for method, code in (("PURCHASE", "checkout_unavailable"), ("COINS", "coins_unavailable")):
        with pytest.raises(Unavailable) as refused:
            reader.unlock(actor=a_reader(container), chapter_id=made.id, method=method)
        assert refused.value.code == code
    with pytest.raises(ValidationFailed) as refused:
        reader.unlock(actor=a_reader(container), chapter_id=made.id, method="BARTER")
    assert refused.value.code == "invalid_method"


def test_unlock_through_the_memberships_checkout(container, kit, reader):
    gold = add_tier(container, kit.site_id, name="Gold", monthly_price=900)
    made = chapter(container, kit, access_level="SUBSCRIBERS")
    viewer = a_reader(container)
    result = reader.unlock(actor=viewer, chapter_id=made.id, method="SUBSCRIBE", tier_id=gold)
    assert result.status == UnlockOutcome.CHECKOUT_OPEN and result.checkout.amount == 900
    assert result.checkout.site_id == kit.site_id and result.checkout.tier_id == gold


# -- lists ----------------------------------------------------------------------------------
def test_many_chapters_are_decided_with_the_reads_of_one(container, kit):
    gold = add_tier(container, kit.site_id, name="Gold", monthly_price=900)
    free, gated = chapter(container, kit), chapter(container, kit, access_level="SUBSCRIBERS")
    viewer = a_reader(container)
    with container.uow() as uow:
        series, site = uow.series.get(kit.series_id), uow.sites.get(kit.site_id)
        chapters = [uow.chapters.get(free.id), uow.chapters.get(gated.id)]
        now = container.clock().now()
        before = decide_many(uow, viewer, series, site, chapters, now=now)
    assert {k: d.granted for k, d in before.items()} == {free.id: True, gated.id: False}
    subscribe(container, viewer.user_id, kit.site_id, gold)
    with container.uow() as uow:
        after = decide_many(uow, viewer, series, site, chapters, now=now + timedelta(1))
    assert all(d.granted for d in after.values())
