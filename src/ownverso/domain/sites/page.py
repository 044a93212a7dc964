"""A static page of a site (about, FAQ, contact …): Markdown content, navigation, SEO."""

import re
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.entity import Entity
from ownverso.domain.errors import RuleViolation
from ownverso.domain.text import slugify as slugify_text

PAGE_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$")
MAX_PAGE_SLUG = 100


def slugify(text: str, *, max_length: int = MAX_PAGE_SLUG) -> str:
    """A page slug from a title ("Über uns!" → "uber-uns"), at most 100 characters."""
    return slugify_text(text, max_length=max_length)


def check_page_slug(slug: str, *, field_name: str = "slug") -> str:
    slug = (slug or "").strip().lower()
    if not PAGE_SLUG.match(slug):
        raise RuleViolation("Page slugs are 1 to 100 lower-case letters, digits and dashes.",
                            code="invalid_slug", fields={field_name: ["Invalid slug."]})
    return slug


def copy_slug(slug: str, taken: set[str]) -> str:
    """``about`` → ``about-copy``, then ``about-copy-2`` … the first one not ``taken``."""
    base = f"{slug[:MAX_PAGE_SLUG - 5].rstrip('-')}-copy"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[:MAX_PAGE_SLUG - len(suffix)] + suffix
    return candidate


@dataclass(eq=False, kw_only=True)
class Page(Entity):
    site_id: str
    slug: str
    title: str
    created_at: datetime
    updated_at: datetime
    content: str = ""
    content_html: str = ""
    is_published: bool = False
    published_at: datetime | None = None
    show_in_nav: bool = False
    nav_order: int = 0
    nav_label: str | None = None
    meta_title: str | None = None
    meta_description: str | None = None

    def publish(self, *, now: datetime) -> None:
        if not self.is_published:
            self.is_published, self.published_at, self.updated_at = True, now, now

    def unpublish(self, *, now: datetime) -> None:
        if self.is_published:
            self.is_published, self.updated_at = False, now

    @property
    def nav_title(self) -> str:
        return self.nav_label or self.title
