"""The demo shows the paywall: two tiers on the demo site, and a members-only chapter whose
preview the demo reader sees with both tiers as ways to unlock."""

from ownverso.container import build_container
from ownverso.services.context import Actor
from ownverso.services.demo import MEMBERS_ONLY, SITE_SLUG


def test_the_demo_reader_meets_the_paywall():
    container = build_container(env="test")
    container.demo().load()
    with container.uow() as uow:
        site = uow.sites.get_by(slug=SITE_SLUG)
        reader = uow.users.get_by(email="reader@demo.ownverso.local")
        chapter = uow.chapters.get_by(title=MEMBERS_ONLY)
        tiers = uow.tiers.list(site_id=site.id, order_by=("monthly_price",))
    assert [(t.name, t.monthly_price, t.trial_days) for t in tiers] == [
        ("Harbour Crew", 300, 7), ("Lighthouse Keepers", 900, 0)]
    reading = container.reader().read(
        viewer=Actor(user_id=reader.id, session_id="s", role=reader.role),
        chapter_id=chapter.id)
    assert not reading.decision.granted and reading.is_preview
    assert "ledger" not in reading.content_html
    assert [o.name for o in reading.decision.unlock_options.tiers] == [t.name for t in tiers]
    container.demo().load()  # idempotent: nothing is made twice
    with container.uow() as uow:
        assert uow.tiers.count(site_id=site.id) == 2
