"""The public face of an author: pen name, links, commissions."""

from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.entity import Entity
from ownverso.domain.errors import RuleViolation


@dataclass(eq=False, kw_only=True)
class AuthorProfile(Entity):
    user_id: str
    created_at: datetime
    updated_at: datetime
    pen_name: str | None = None
    tagline: str | None = None
    full_bio: str | None = None
    website_url: str | None = None
    twitter_handle: str | None = None
    instagram_handle: str | None = None
    tiktok_handle: str | None = None
    youtube_channel: str | None = None
    discord_server: str | None = None
    patreon_page: str | None = None
    kofi_page: str | None = None
    genres: list = field(default_factory=list)
    primary_genre: str | None = None
    writing_since: datetime | None = None
    is_verified: bool = False
    verified_at: datetime | None = None
    verification_note: str | None = None
    accepting_commissions: bool = False
    commission_info: str | None = None
    commission_min_price: int | None = None  # smallest currency unit
    commission_max_price: int | None = None
    commission_currency: str = "INR"
    allow_direct_messages: bool = True
    show_email: bool = False

    EDITABLE = frozenset({
        "pen_name", "tagline", "full_bio", "website_url", "twitter_handle", "instagram_handle",
        "tiktok_handle", "youtube_channel", "discord_server", "patreon_page", "kofi_page",
        "genres", "primary_genre", "writing_since", "accepting_commissions", "commission_info",
        "commission_min_price", "commission_max_price", "commission_currency",
        "allow_direct_messages", "show_email",
    })

    def update(self, changes: dict, *, now: datetime) -> None:
        unknown = set(changes) - self.EDITABLE
        if unknown:
            raise RuleViolation("These fields cannot be changed here.", code="field_not_editable",
                                fields={name: ["Not editable."] for name in sorted(unknown)})
        for name, value in changes.items():
            setattr(self, name, value)
        self._check_commission_range()
        self.updated_at = now

    def _check_commission_range(self) -> None:
        low, high = self.commission_min_price, self.commission_max_price
        if low is not None and high is not None and low > high:
            raise RuleViolation(
                "The minimum commission price is above the maximum.",
                code="invalid_commission_range",
                fields={"commission_min_price": ["Must not exceed commission_max_price."]},
            )
