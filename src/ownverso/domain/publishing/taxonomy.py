"""Genres, tags and content warnings, and the rules for attaching them to a series."""

from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.entity import Entity
from ownverso.domain.errors import RuleViolation
from ownverso.domain.text import slugify

MAX_GENRES = 3
MAX_TAGS = 10
TAG_NAME_LENGTH = (2, 50)
# Words no tag may contain, whatever else it says (checked word by word on the slug).
BANNED_WORDS = frozenset({"underage", "loli", "shota", "piracy", "pirated", "warez", "nazi"})


@dataclass(eq=False, kw_only=True)
class Genre(Entity):
    name: str
    slug: str
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    icon_url: str | None = None
    color: str | None = None
    parent_id: str | None = None
    display_order: int = 0
    is_active: bool = True
    is_featured: bool = False


@dataclass(eq=False, kw_only=True)
class Tag(Entity):
    name: str
    slug: str
    created_at: datetime
    usage_count: int = 0
    is_approved: bool = True
    is_blocked: bool = False

    def used(self, delta: int) -> None:
        self.usage_count = max(0, self.usage_count + delta)


@dataclass(eq=False, kw_only=True)
class SeriesGenre(Entity):
    series_id: str
    genre_id: str
    created_at: datetime
    is_primary: bool = False


@dataclass(eq=False, kw_only=True)
class SeriesTag(Entity):
    series_id: str
    tag_id: str
    created_at: datetime


@dataclass(eq=False, kw_only=True)
class SeriesContentWarning(Entity):
    series_id: str
    warning_id: str
    created_at: datetime


def choose_genres(genre_ids: list[str], primary_id: str | None) -> list[tuple[str, bool]]:
    """The genres of a series as ``(genre_id, is_primary)``: at most three, no repeats, and
    exactly one primary (the first one unless another is named)."""
    ids = list(dict.fromkeys(genre_ids))
    if len(ids) > MAX_GENRES:
        raise RuleViolation(f"A series has at most {MAX_GENRES} genres.", code="too_many_genres",
                            fields={"genre_ids": [f"At most {MAX_GENRES}."]})
    if primary_id is not None and primary_id not in ids:
        raise RuleViolation("The primary genre must be one of the series' genres.",
                            code="invalid_primary_genre",
                            fields={"primary_genre_id": ["Not among the genres."]})
    primary = primary_id or (ids[0] if ids else None)
    return [(genre_id, genre_id == primary) for genre_id in ids]


def check_tag_count(count: int) -> None:
    if count > MAX_TAGS:
        raise RuleViolation(f"A series has at most {MAX_TAGS} tags.", code="too_many_tags",
                            fields={"tags": [f"At most {MAX_TAGS}."]})


def tag_name(name: str) -> tuple[str, str]:
    """A tag's clean name and its slug; names with banned words are refused."""
    clean = " ".join(name.split())
    slug = slugify(clean, max_length=60)
    low, high = TAG_NAME_LENGTH
    if not low <= len(clean) <= high or len(slug) < low:
        raise RuleViolation(f"Tags are {low} to {high} characters with letters or digits.",
                            code="invalid_tag", fields={"name": ["Invalid tag name."]})
    if BANNED_WORDS & set(slug.split("-")):
        raise tag_blocked()
    return clean, slug


def tag_blocked() -> RuleViolation:
    return RuleViolation("This tag is not allowed.", code="tag_blocked",
                         fields={"name": ["Blocked."]})
