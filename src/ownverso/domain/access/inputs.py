"""What the access rule needs to know, gathered by the caller so the rule needs no I/O.

Every fact is a frozen value object. Services build them from the entities (the ``of``
constructors) and from the memberships and commerce repositories.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ownverso.domain.identity.values import UserStatus
from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.values import ChapterAccessLevel, SeriesStatus
from ownverso.domain.sites.permissions import OWNER, Permission, allowed
from ownverso.domain.sites.site import Site

DEFAULT_GRACE = timedelta(days=3)  # PAST_DUE keeps access this long when no end is recorded
RESTRICTED = frozenset({UserStatus.SUSPENDED, UserStatus.BANNED, UserStatus.DELETED})
_VISIBLE_SERIES = frozenset({SeriesStatus.ONGOING, SeriesStatus.HIATUS, SeriesStatus.COMPLETED})


class SubscriptionStatus(StrEnum):
    ACTIVE = "ACTIVE"
    PAST_DUE = "PAST_DUE"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"
    PAUSED = "PAUSED"


class EntitlementKind(StrEnum):
    PURCHASE = "PURCHASE"
    COIN_UNLOCK = "COIN_UNLOCK"


class EntitlementState(StrEnum):
    SUCCEEDED = "SUCCEEDED"
    REFUNDED = "REFUNDED"
    CHARGED_BACK = "CHARGED_BACK"


@dataclass(frozen=True, kw_only=True)
class ChapterFacts:
    id: str
    is_published: bool
    published_at: datetime | None
    access_level: ChapterAccessLevel = ChapterAccessLevel.FREE
    minimum_tier_id: str | None = None
    price: int | None = None  # one-time purchase, smallest currency unit
    currency: str = "INR"
    coin_price: int | None = None
    scheduled_free_at: datetime | None = None
    preview_paragraphs: int | None = None  # None: the series'

    @classmethod
    def of(cls, chapter: Chapter, *, coin_price: int | None = None) -> "ChapterFacts":
        return cls(id=chapter.id, is_published=chapter.is_published,
                   published_at=chapter.published_at, access_level=chapter.access_level,
                   minimum_tier_id=chapter.minimum_tier_id, price=chapter.price,
                   currency=chapter.currency, coin_price=coin_price,
                   scheduled_free_at=chapter.free_at,
                   preview_paragraphs=chapter.preview_paragraphs)


@dataclass(frozen=True, kw_only=True)
class SeriesFacts:
    is_visible: bool  # public and active: not a draft, not cancelled, not deleted
    early_access_days: int = 0
    preview_paragraphs: int | None = 3

    @classmethod
    def of(cls, series: Series) -> "SeriesFacts":
        return cls(is_visible=series.status in _VISIBLE_SERIES and not series.is_deleted,
                   early_access_days=series.early_access_days,
                   preview_paragraphs=series.preview_paragraphs)


@dataclass(frozen=True, kw_only=True)
class SiteFacts:
    is_visible: bool  # public and active (maintenance included)
    author_id: str

    @classmethod
    def of(cls, site: Site) -> "SiteFacts":
        return cls(is_visible=site.is_visible_to_public, author_id=site.author_id)


def content_rights(role: str | None) -> bool:
    """Whether a site role may see unpublished content (drafts, hidden chapters)."""
    return role is not None and allowed(role, Permission.CONTENT_READ)


@dataclass(frozen=True, kw_only=True)
class ViewerFacts:
    user_id: str | None = None  # None: anonymous
    status: UserStatus = UserStatus.ACTIVE
    is_admin: bool = False
    site_role: str | None = None  # OWNER, a CollaboratorRole (active collaborator), or None
    has_content_rights: bool = False  # the role may read unpublished content

    @classmethod
    def anonymous(cls) -> "ViewerFacts":
        return cls()

    @classmethod
    def of(cls, *, user_id: str | None, status: UserStatus = UserStatus.ACTIVE,
           is_admin: bool = False, site_role: str | None = None) -> "ViewerFacts":
        """The flag taken from the permission matrix (``content.read``)."""
        return cls(user_id=user_id, status=status, is_admin=is_admin, site_role=site_role,
                   has_content_rights=content_rights(site_role))

    @property
    def is_restricted(self) -> bool:
        return self.user_id is not None and self.status in RESTRICTED

    def is_author_of(self, site: SiteFacts) -> bool:
        return self.user_id is not None and (
            self.user_id == site.author_id or self.site_role == OWNER)


@dataclass(frozen=True, kw_only=True)
class TierFacts:
    id: str
    name: str
    monthly_price: int
    annual_price: int | None = None
    currency: str = "INR"
    display_order: int = 0
    early_access_days: int = 0
    is_active: bool = True

    @property
    def is_free(self) -> bool:
        return self.monthly_price <= 0 and not self.annual_price

    @property
    def rank(self) -> tuple[int, int]:
        """Higher ranks higher: the monthly price, then the lower display order."""
        return (self.monthly_price, -self.display_order)

    def ranks_at_least(self, other: "TierFacts") -> bool:
        return self.id == other.id or self.rank > other.rank


@dataclass(frozen=True, kw_only=True)
class SubscriptionFacts:
    tier_id: str
    status: SubscriptionStatus
    is_trialing: bool = False
    current_period_end: datetime | None = None
    grace_ends_at: datetime | None = None
    is_gift: bool = False
    trial_ends_at: datetime | None = None

    def is_live(self, now: datetime) -> bool:
        """ACTIVE, trialing, CANCELLED before its period ends, PAST_DUE within grace; a
        claimed gift for its months. Never PAUSED or EXPIRED. Follows the clock."""
        status, end = self.status, self.current_period_end
        if status in (SubscriptionStatus.PAUSED, SubscriptionStatus.EXPIRED):
            return False
        if self.is_gift:
            return end is None or now < end
        if status == SubscriptionStatus.CANCELLED:
            return end is not None and now < end
        if status == SubscriptionStatus.PAST_DUE and not self.is_trialing:
            grace = self.grace_ends_at or (end + DEFAULT_GRACE if end else None)
            return grace is not None and now < grace
        if self.is_trialing and self.trial_ends_at is not None:
            return now < self.trial_ends_at  # a lapsed trial ends with the clock, not the job
        return True  # ACTIVE, or trialing


@dataclass(frozen=True, kw_only=True)
class EntitlementFacts:
    kind: EntitlementKind
    chapter_id: str
    state: EntitlementState = EntitlementState.SUCCEEDED

    @property
    def counts(self) -> bool:
        return self.state == EntitlementState.SUCCEEDED
