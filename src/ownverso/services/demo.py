"""Demo data to click through, built through the real use cases: an author with a profile, a
site with two membership tiers, a series and its chapters (one free, one for subscribers, one
draft), and a reader. Grows with the modules."""

from dataclasses import dataclass

from ownverso.domain.accounts.author_profile import AuthorProfile
from ownverso.domain.identity.user import User
from ownverso.domain.identity.values import UserRole
from ownverso.domain.publishing.values import ChapterAccessLevel
from ownverso.services.context import Actor
from ownverso.services.identity.kit import IdentityKit
from ownverso.services.memberships.tiers import TierService
from ownverso.services.publishing.chapter_access import ChapterAccessService
from ownverso.services.publishing.chapter_schedule import ChapterPublishingService
from ownverso.services.publishing.chapters import ChapterService
from ownverso.services.publishing.series import SeriesService
from ownverso.services.publishing.series_status import SeriesStatusService
from ownverso.services.sites.sites import SiteService

DEMO_PASSWORD = "ownverso-demo-2026"
SITE_SLUG = "tidewater-tales"
CHAPTERS = (
    ("The Tide Comes In", "The harbour bells rang twice before dawn.\n\nMira counted the "
     "boats: eleven, where there should have been twelve.", True),
    ("Salt on the Wind", "Nobody in Tidewater spoke of the twelfth boat.\n\n*Nobody*, "
     "except the lighthouse keeper.\n\nShe kept a ledger of every ship that never came "
     "back, and the twelfth was in it already.", True),
    ("Iron Under Water", "Draft: the diver's account of what lies below the breakwater.",
     False),
)
MEMBERS_ONLY = "Salt on the Wind"
TIERS = (
    {"name": "Harbour Crew", "monthly_price": 300, "annual_price": 3000, "currency": "INR",
     "billing_cycles": ["MONTHLY", "ANNUAL"], "early_access_days": 3, "trial_days": 7,
     "benefits": ["Every chapter", "Three days of early access"]},
    {"name": "Lighthouse Keepers", "monthly_price": 900, "currency": "INR",
     "billing_cycles": ["MONTHLY"], "early_access_days": 7, "is_highlighted": True,
     "benefits": ["Every chapter", "A week of early access", "Your name in the ledger"]},
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str


@dataclass
class DemoService:
    kit: IdentityKit
    sites: SiteService
    series: SeriesService
    series_status: SeriesStatusService
    chapters: ChapterService
    publishing: ChapterPublishingService
    tiers: TierService
    access: ChapterAccessService

    def load(self) -> list[DemoAccount]:
        """Idempotent: what is already there is left as it is."""
        people = [("author@demo.ownverso.local", "demo_author", "Mira Vale", UserRole.AUTHOR),
                  ("reader@demo.ownverso.local", "demo_reader", "Sam Reader", UserRole.READER)]
        with self.kit.uow() as uow:
            for email, username, name, role in people:
                if uow.users.get_by(email=email):
                    continue
                user = self._user(email, username, name, role)
                uow.users.add(user)
                if role == UserRole.AUTHOR:
                    uow.author_profiles.add(self._profile(user))
            uow.commit()
            author = uow.users.get_by(email=people[0][0])
            has_site = uow.sites.get_by(slug=SITE_SLUG) is not None
        if not has_site:
            self._publish_a_serial(Actor(user_id=author.id, session_id="demo",
                                         role=author.role))
        return [DemoAccount(email=e, password=DEMO_PASSWORD, role=r.value)
                for e, _, _, r in people]

    def _publish_a_serial(self, actor: Actor) -> None:
        site = self.sites.create(actor=actor, fields={
            "name": "Tidewater Tales", "slug": SITE_SLUG,
            "tagline": "A harbour town at war with the sea."})
        series = self.series.create(actor=actor, site_id=site.site.id, fields={
            "title": "Salt and Iron", "synopsis": "Eleven boats came home. One did not."})
        self.series_status.change(actor=actor, series_id=series.id, action="publish")
        for fields in TIERS:
            self.tiers.create(actor=actor, site_id=site.site.id, fields=fields)
        for title, content, published in CHAPTERS:
            chapter = self.chapters.create(actor=actor, series_id=series.id,
                                           data={"title": title, "content": content})
            if title == MEMBERS_ONLY:
                self.access.update_access(actor=actor, chapter_id=chapter.id,
                                          changes={"access_level": ChapterAccessLevel.SUBSCRIBERS,
                                                   "preview_paragraphs": 1})
            if published:
                self.publishing.publish(actor=actor, chapter_id=chapter.id)

    def _user(self, email: str, username: str, name: str, role: UserRole) -> User:
        now = self.kit.now()
        user = User(id=self.kit.ids.new_id("usr"), email=email, username=username,
                    display_name=name, role=role, created_at=now, updated_at=now,
                    password_hash=self.kit.hasher.hash(DEMO_PASSWORD),
                    bio="A demo account of Ownverso.")
        user.verify_email(now=now)
        return user

    def _profile(self, user: User) -> AuthorProfile:
        now = self.kit.now()
        return AuthorProfile(
            id=self.kit.ids.new_id("aut"), user_id=user.id, created_at=now, updated_at=now,
            pen_name="M. Vale", tagline="Weekly chapters of a slow-burn sea saga.",
            full_bio="Mira writes serialized fiction.", genres=["fantasy", "mystery"],
            primary_genre="fantasy", accepting_commissions=True, commission_min_price=50_000,
            commission_max_price=200_000, commission_currency="INR")
