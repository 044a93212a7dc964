"""What the reading use cases answer: a chapter as one reader may see it, the decision alone,
and the outcome of an unlock. Only the fields named in ``CARD`` are read off the chapter; the
text is set by the service, from the decision."""

from dataclasses import dataclass
from enum import StrEnum

from ownverso.domain.access import AccessDecision
from ownverso.domain.checkout.session import CheckoutSession
from ownverso.domain.publishing.chapter import Chapter
from ownverso.services.access.pages import PageView

# What any reader may know of a published chapter (no text, nothing private).
CARD = frozenset({"id", "series_id", "site_id", "slug", "title", "chapter_number",
                  "volume_number", "word_count", "access_level", "published_at", "price",
                  "currency", "free_at", "author_note_position", "is_purchasable"})
SUBSCRIBED = frozenset({"subscriber", "tier", "early_access_subscriber"})


class _Card:
    chapter: Chapter

    def __getattr__(self, name: str):
        if name in CARD:
            return getattr(self.chapter, name)
        raise AttributeError(name)


@dataclass(frozen=True)
class Reading(_Card):
    """``GET /chapters/{id}/read``: the whole text when granted, else the first paragraphs
    (``is_preview``) and the author's paywall message; the author's note only when granted."""

    chapter: Chapter
    decision: AccessDecision
    content_html: str
    is_preview: bool
    preview_paragraphs: int | None  # how many paragraphs the preview shows (None: full)
    author_note_html: str | None = None
    paywall_message: str | None = None
    pages: tuple[PageView, ...] = ()  # comics: every page when granted, else the preview's

    @property
    def access(self) -> AccessDecision:
        return self.decision


@dataclass(frozen=True)
class PublicView(_Card):
    """``GET /chapters/{id}/public``: a published chapter as the public sees it; the text
    only when this viewer may read it in full (``is_locked`` otherwise)."""

    chapter: Chapter
    decision: AccessDecision
    pages: tuple[PageView, ...] = ()  # comics: every page when granted, else the preview's

    @property
    def is_locked(self) -> bool:
        return not self.decision.granted

    @property
    def content_html(self) -> str | None:
        return self.chapter.content_html if self.decision.granted else None

    @property
    def author_note_html(self) -> str | None:
        return self.chapter.author_note_html if self.decision.granted else None

    @property
    def paywall_message(self) -> str | None:
        return None if self.decision.granted else self.chapter.paywall_message


@dataclass(frozen=True)
class AccessCheck:
    """``GET /chapters/{id}/access-check``: the decision without content, also in the shape
    of seed 001 (``has_access``, ``needs_purchase``, ``price``, ``currency_code``,
    ``has_subscription_access``)."""

    chapter_id: str
    decision: AccessDecision

    @property
    def has_access(self) -> bool:
        return self.decision.granted

    @property
    def needs_purchase(self) -> bool:
        """Denied, and buying the chapter would unlock it (other ways may exist: see
        ``unlock_options``)."""
        return not self.decision.granted and self.decision.unlock_options.purchase_price \
            is not None

    @property
    def price(self) -> int | None:
        return self.decision.unlock_options.purchase_price

    @property
    def currency_code(self) -> str | None:
        return self.decision.unlock_options.currency

    @property
    def has_subscription_access(self) -> bool:
        """Granted through a live subscription (not because it is free, bought or staff's)."""
        return self.decision.granted and self.decision.reason in SUBSCRIBED

    def __getattr__(self, name: str):
        if name in ("granted", "reason", "readable_at", "unlock_options"):
            return getattr(self.decision, name)
        raise AttributeError(name)


class UnlockMethod(StrEnum):
    """How a reader unlocks a chapter: subscribe to a tier that reads it, buy it once, or
    spend coins on it."""

    SUBSCRIBE = "SUBSCRIBE"
    PURCHASE = "PURCHASE"
    COINS = "COINS"


class UnlockOutcome(StrEnum):
    ALREADY_UNLOCKED = "already_unlocked"  # readable before the call: nothing was started
    UNLOCKED = "unlocked"  # readable now (a checkout with nothing to pay completed at once)
    CHECKOUT_OPEN = "checkout_open"  # pay at ``checkout.checkout_url``, then read
    SUBSCRIBED = "subscribed"  # subscribed at once; the chapter opens at ``readable_at``


@dataclass(frozen=True)
class UnlockResult:
    status: UnlockOutcome
    chapter_id: str
    decision: AccessDecision
    checkout: CheckoutSession | None = None
    coins_spent: int | None = None  # COINS: what this call spent (0 when nothing was due)
    coin_balance: int | None = None  # COINS: the wallet after the call

    @property
    def access(self) -> AccessDecision:
        return self.decision
