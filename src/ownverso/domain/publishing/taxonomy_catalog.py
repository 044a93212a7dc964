"""The genres and tags every installation starts with (seeded by the migration and by the
in-memory suite alike, with the same ids)."""

from datetime import UTC, datetime

SEEDED_AT = datetime(2026, 1, 1, tzinfo=UTC)

# (slug, name, description, featured, children as (slug, name, description))
GENRES: tuple[tuple[str, str, str, bool, tuple[tuple[str, str, str], ...]], ...] = (
    ("fantasy", "Fantasy", "Magic, other worlds and the impossible made real.", True, (
        ("high-fantasy", "High Fantasy", "Secondary worlds, epic stakes."),
        ("urban-fantasy", "Urban Fantasy", "Magic in modern cities."),
        ("dark-fantasy", "Dark Fantasy", "Fantasy with horror's edge."),
    )),
    ("science-fiction", "Science Fiction", "Futures, technology and the stars.", True, (
        ("space-opera", "Space Opera", "Adventure across the galaxy."),
        ("cyberpunk", "Cyberpunk", "High tech, low life."),
    )),
    ("romance", "Romance", "Love stories with a hopeful ending.", True, (
        ("romantic-fantasy", "Romantic Fantasy", "Love among magic and monsters."),
        ("contemporary-romance", "Contemporary Romance", "Love in the here and now."),
    )),
    ("litrpg", "LitRPG", "Game systems, levels and stats.", True, ()),
    ("mystery", "Mystery", "Crimes, clues and the people who solve them.", False, ()),
    ("thriller", "Thriller", "Suspense, danger and high tension.", False, ()),
    ("horror", "Horror", "Fear, dread and the uncanny.", False, ()),
    ("adventure", "Adventure", "Journeys, quests and exploration.", False, ()),
    ("action", "Action", "Fights, chases and set pieces.", False, ()),
    ("drama", "Drama", "Character-driven emotional stories.", False, ()),
    ("comedy", "Comedy", "Stories told for laughs.", False, ()),
    ("slice-of-life", "Slice of Life", "Everyday moments, quietly told.", False, ()),
    ("historical", "Historical", "Stories set in the real past.", False, ()),
    ("isekai", "Isekai", "Transported or reborn into another world.", True, ()),
    ("cultivation", "Cultivation", "Xianxia and wuxia: martial paths to power.", False, ()),
    ("post-apocalyptic", "Post-Apocalyptic", "After the end of the world.", False, ()),
    ("young-adult", "Young Adult", "Coming-of-age stories.", False, ()),
    ("literary", "Literary Fiction", "Style and character first.", False, ()),
    ("superhero", "Superhero", "Powers, capes and secret identities.", False, ()),
    ("non-fiction", "Non-fiction", "True stories and essays.", False, ()),
)

# Tags seeded as approved (slug, name) and as blocked (slug, name).
TAGS: tuple[tuple[str, str], ...] = (
    ("slow-burn", "Slow burn"), ("found-family", "Found family"),
    ("magic-system", "Magic system"), ("time-travel", "Time travel"),
    ("enemies-to-lovers", "Enemies to lovers"), ("strong-female-lead", "Strong female lead"),
    ("kingdom-building", "Kingdom building"), ("dungeon", "Dungeon"),
)
BLOCKED_TAGS: tuple[tuple[str, str], ...] = (
    ("free-download", "Free download"), ("spam", "Spam"), ("underage", "Underage"),
    ("piracy", "Piracy"),
)


def _genre_id(slug: str) -> str:
    return f"gen_{slug.replace('-', '_')}"


def genre_rows() -> list[dict]:
    """Parents first, then their children (so foreign keys are satisfied in order)."""
    rows = []
    for order, (slug, name, description, featured, _) in enumerate(GENRES):
        rows.append({"id": _genre_id(slug), "name": name, "slug": slug,
                     "description": description, "parent_id": None, "display_order": order,
                     "is_active": True, "is_featured": featured,
                     "created_at": SEEDED_AT, "updated_at": SEEDED_AT})
    for slug, _, _, _, children in GENRES:
        for order, (child, name, description) in enumerate(children):
            rows.append({"id": _genre_id(child), "name": name, "slug": child,
                         "description": description, "parent_id": _genre_id(slug),
                         "display_order": order, "is_active": True, "is_featured": False,
                         "created_at": SEEDED_AT, "updated_at": SEEDED_AT})
    return rows


def tag_rows() -> list[dict]:
    return [{"id": f"tag_{slug.replace('-', '_')}", "name": name, "slug": slug,
             "usage_count": 0, "is_approved": not blocked, "is_blocked": blocked,
             "created_at": SEEDED_AT}
            for blocked, catalog in ((False, TAGS), (True, BLOCKED_TAGS))
            for slug, name in catalog]
