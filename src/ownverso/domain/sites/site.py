"""An author's site: identity, branding, domain, status and content settings."""

import re
from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.sites.values import ContentRating, SiteStatus

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$")
RESERVED_SLUGS = frozenset({"www", "api", "admin", "app", "ownverso", "static", "media",
                            "files", "help", "support", "mail", "blog", "docs", "status"})

STATUS_MOVES = {
    SiteStatus.ACTIVE: {SiteStatus.MAINTENANCE, SiteStatus.SUSPENDED, SiteStatus.DELETED},
    SiteStatus.MAINTENANCE: {SiteStatus.ACTIVE, SiteStatus.SUSPENDED, SiteStatus.DELETED},
    SiteStatus.SUSPENDED: {SiteStatus.ACTIVE, SiteStatus.DELETED},
    SiteStatus.DELETED: {SiteStatus.ACTIVE},
}


def check_slug(slug: str, *, field_name: str = "slug") -> str:
    slug = slug.strip().lower()
    if not SLUG.match(slug):
        raise RuleViolation("Slugs are 3 to 63 lower-case letters, digits and dashes.",
                            code="invalid_slug", fields={field_name: ["Invalid slug."]})
    if slug in RESERVED_SLUGS:
        raise RuleViolation("This slug is reserved.", code="slug_reserved",
                            fields={field_name: ["Reserved."]})
    return slug


@dataclass(eq=False, kw_only=True)
class Site(Entity):
    author_id: str
    slug: str
    name: str
    created_at: datetime
    updated_at: datetime
    tagline: str | None = None
    description: str | None = None
    # branding (the *_key fields name the files in storage)
    logo_url: str | None = None
    logo_key: str | None = None
    favicon_url: str | None = None
    favicon_key: str | None = None
    cover_image_url: str | None = None
    cover_image_key: str | None = None
    og_image_url: str | None = None
    og_image_key: str | None = None
    theme_id: str | None = None
    theme_settings: dict = field(default_factory=dict)
    primary_color: str | None = None
    secondary_color: str | None = None
    accent_color: str | None = None
    custom_fonts: dict = field(default_factory=dict)
    custom_css: str | None = None
    custom_css_enabled: bool = False
    # custom domain
    custom_domain: str | None = None
    custom_domain_verified: bool = False
    custom_domain_verified_at: datetime | None = None
    custom_domain_token: str | None = None
    custom_domain_dns_records: list = field(default_factory=list)
    ssl_enabled: bool = True
    ssl_status: str | None = None
    ssl_expires_at: datetime | None = None
    # status
    status: SiteStatus = SiteStatus.ACTIVE
    is_public: bool = True
    maintenance_message: str | None = None
    suspension_reason: str | None = None
    deleted_at: datetime | None = None
    # SEO and social
    meta_title: str | None = None
    meta_description: str | None = None
    canonical_url: str | None = None
    social_links: dict = field(default_factory=dict)
    # integrations
    google_analytics_id: str | None = None
    facebook_pixel_id: str | None = None
    custom_tracking_code: str | None = None
    analytics_enabled: bool = True
    integrations_verified_at: datetime | None = None
    # content settings
    default_content_rating: ContentRating = ContentRating.EVERYONE
    comments_enabled: bool = True
    comments_moderation_mode: str = "post"
    allow_anonymous_comments: bool = False
    default_language: str = "en"
    last_published_at: datetime | None = None

    def change_status(self, status: SiteStatus, *, now: datetime, message: str | None = None,
                      reason: str | None = None) -> None:
        if status == self.status and status != SiteStatus.MAINTENANCE:
            return
        if status != self.status and status not in STATUS_MOVES[self.status]:
            raise InvalidTransition(f"A {self.status.lower()} site cannot become "
                                    f"{status.lower()}.", code="invalid_site_status")
        self.status = status
        self.maintenance_message = message if status == SiteStatus.MAINTENANCE else None
        self.suspension_reason = reason if status == SiteStatus.SUSPENDED else None
        self.deleted_at = now if status == SiteStatus.DELETED else None
        self.updated_at = now

    @property
    def is_deleted(self) -> bool:
        return self.status == SiteStatus.DELETED

    @property
    def is_visible_to_public(self) -> bool:
        return self.is_public and self.status in (SiteStatus.ACTIVE, SiteStatus.MAINTENANCE)
