"""Genres, tags and content warnings: the catalogs and a series' own, on the memory suite."""

import pytest

from ownverso.domain.accounts.tiers import PlatformTier
from ownverso.domain.errors import RuleViolation
from ownverso.domain.identity.values import UserRole
from ownverso.domain.publishing.taxonomy import choose_genres, slugify, tag_name
from ownverso.domain.publishing.values import SeriesStatus
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import NotFound, PermissionDenied, ValidationFailed
from tests.support.series import World, set_series


@pytest.fixture
def world():
    return World()


@pytest.fixture
def owner(world):
    return world.user()


@pytest.fixture
def site(world, owner):
    return world.site(owner)


@pytest.fixture
def series(world, owner, site):
    return world.container.series().create(actor=owner, site_id=site.id,
                                           fields={"title": "Keeper"})


# -- pure rules ---------------------------------------------------------------------------
def test_slugify_keeps_ascii_words():
    assert slugify("  Enemies → to  Lovers!! ") == "enemies-to-lovers"
    assert slugify("Ünïcödé") == "unicode"


def test_genre_choice_rules():
    assert choose_genres(["a", "b", "a"], None) == [("a", True), ("b", False)]
    assert choose_genres(["a", "b"], "b") == [("a", False), ("b", True)]
    assert choose_genres([], None) == []
    with pytest.raises(RuleViolation, match="at most 3"):
        choose_genres(["a", "b", "c", "d"], None)
    with pytest.raises(RuleViolation):
        choose_genres(["a"], "z")


def test_tag_names_are_cleaned_and_banned_words_refused():
    assert tag_name("  Found   family ") == ("Found family", "found-family")
    with pytest.raises(RuleViolation) as refused:
        tag_name("Underage romance")
    assert refused.value.code == "tag_blocked"
    with pytest.raises(RuleViolation):
        tag_name("!")


# -- genres -------------------------------------------------------------------------------
def test_the_genre_tree_nests_children_under_their_parents(world):
    genres = world.container.genres()
    tree = genres.tree()
    fantasy = next(node for node in tree if node.slug == "fantasy")

    assert {c.slug for c in fantasy.children} >= {"high-fantasy", "urban-fantasy"}
    assert len(tree) == 20 and len(genres.tree(flat=True)) > 20
    assert [g.slug for g in genres.tree(parent="science-fiction")] == ["space-opera",
                                                                        "cyberpunk"]
    assert all(g.is_featured for g in genres.featured())
    assert genres.get(genre_id="gen_fantasy").children
    assert genres.children(genre_id="romance")[0].slug == "romantic-fantasy"
    with pytest.raises(NotFound):
        genres.get(genre_id="nope")


def test_genre_series_are_the_listed_ones_in_the_genre_or_its_children(world):
    container = world.container
    owner = world.user(platform_tier=PlatformTier.GROWTH)
    site = world.site(owner)
    made = {}
    for slug, genre, listed in (("a", "high-fantasy", True), ("b", "fantasy", True),
                                ("c", "fantasy", False), ("d", "romance", True)):
        made[slug] = container.series().create(actor=owner, site_id=site.id,
                                               fields={"title": slug.upper(), "slug": slug})
        container.series_genres().add(actor=owner, series_id=made[slug].id, genre_id=genre)
        set_series(container, made[slug].id, status=SeriesStatus.ONGOING, is_listed=listed)

    items, total = container.genres().series(genre_id="fantasy", sort="title")
    assert [s.slug for s in items] == ["a", "b"] and total == 2
    items, _ = container.genres().series(genre_id="high-fantasy")
    assert [s.slug for s in items] == ["a"]


# -- a series' genres -----------------------------------------------------------------------
def test_a_series_has_at_most_three_genres_and_one_primary(world, owner, series):
    genres = world.container.series_genres()
    genres.add(actor=owner, series_id=series.id, genre_id="fantasy")
    genres.add(actor=owner, series_id=series.id, genre_id="gen_romance", is_primary=True)
    listed = genres.add(actor=owner, series_id=series.id, genre_id="mystery")

    assert [(g.slug, g.is_primary) for g in listed] == [
        ("romance", True), ("fantasy", False), ("mystery", False)]
    with pytest.raises(ValidationFailed) as refused:
        genres.add(actor=owner, series_id=series.id, genre_id="horror")
    assert refused.value.code == "too_many_genres"
    with pytest.raises(ValidationFailed):
        genres.replace(actor=owner, series_id=series.id,
                       genre_ids=["fantasy", "romance", "mystery", "horror"])


def test_removing_the_primary_genre_passes_the_role_on(world, owner, series):
    genres = world.container.series_genres()
    genres.replace(actor=owner, series_id=series.id, genre_ids=["fantasy", "romance"])
    genres.remove(actor=owner, series_id=series.id, genre_id="fantasy")

    assert [(g.slug, g.is_primary) for g in genres.get(actor=owner, series_id=series.id)] \
        == [("romance", True)]
    with pytest.raises(NotFound):
        genres.remove(actor=owner, series_id=series.id, genre_id="fantasy")


def test_unknown_genres_and_a_primary_outside_the_set_are_refused(world, owner, series):
    genres = world.container.series_genres()
    with pytest.raises(ValidationFailed) as refused:
        genres.replace(actor=owner, series_id=series.id, genre_ids=["nope"])
    assert refused.value.code == "unknown_genre"
    with pytest.raises(ValidationFailed):
        genres.replace(actor=owner, series_id=series.id, genre_ids=["fantasy"],
                       primary_genre_id="romance")


# -- tags ---------------------------------------------------------------------------------
def test_popular_tags_hide_blocked_ones_and_search_finds_by_substring(world):
    tags = world.container.tags()
    items, total = tags.popular()
    assert "spam" not in {t.slug for t in items} and total == len(items) == 8
    assert [t.slug for t in tags.search(text="BURN")] == ["slow-burn"]
    assert tags.search(text="spa") == []
    assert tags.search(text="  ") == []


def test_authors_create_tags_once_and_blocked_ones_never(world):
    tags = world.container.tags()
    author = world.user()
    tag, created = tags.create(actor=author, name="Cozy  Mystery")
    again, created_again = tags.create(actor=author, name="cozy mystery")

    assert created and not created_again and again.id == tag.id and tag.slug == "cozy-mystery"
    for name in ("Spam", "free download", "pirated books"):
        with pytest.raises(ValidationFailed) as refused:
            tags.create(actor=author, name=name)
        assert refused.value.code == "tag_blocked"
    with pytest.raises(PermissionDenied):
        tags.create(actor=world.user(role=UserRole.READER), name="Mine")
    with pytest.raises(NotFound):
        tags.get(slug="spam")


def test_series_tags_keep_usage_counts_right(world, owner, site, series):
    container = world.container
    series_tags = container.series_tags()
    series_tags.add(actor=owner, series_id=series.id, tag_id="slow-burn")
    series_tags.add(actor=owner, series_id=series.id, name="Cozy mystery")
    series_tags.add(actor=owner, series_id=series.id, tag_id="slow-burn")  # already there
    assert container.tags().get(slug="slow-burn").usage_count == 1

    kept = series_tags.replace(actor=owner, series_id=series.id,
                               tag_ids=["tag_dungeon"], names=["cozy mystery"])
    assert {t.slug for t in kept} == {"dungeon", "cozy-mystery"}
    assert container.tags().get(slug="slow-burn").usage_count == 0
    series_tags.remove(actor=owner, series_id=series.id, tag_id="dungeon")
    assert container.tags().get(slug="dungeon").usage_count == 0
    assert container.tags().get(slug="cozy-mystery").usage_count == 1
    with pytest.raises(NotFound):
        series_tags.remove(actor=owner, series_id=series.id, tag_id="dungeon")


def test_a_series_has_at_most_ten_tags_and_never_blocked_ones(world, owner, series):
    series_tags = world.container.series_tags()
    with pytest.raises(ValidationFailed) as refused:
        series_tags.replace(actor=owner, series_id=series.id,
                            names=[f"Tag number {n}" for n in range(11)])
    assert refused.value.code == "too_many_tags"
    for attempt in ({"tag_id": "tag_spam"}, {"name": "Spam"}):
        with pytest.raises(ValidationFailed) as refused:
            series_tags.add(actor=owner, series_id=series.id, **attempt)
        assert refused.value.code == "tag_blocked"
    assert series_tags.get(actor=owner, series_id=series.id) == []


def test_tag_series_are_the_listed_ones(world, owner, site, series):
    container = world.container
    container.series_tags().add(actor=owner, series_id=series.id, tag_id="dungeon")
    assert container.tags().series(slug="dungeon") == ([], 0)
    set_series(container, series.id, status=SeriesStatus.ONGOING, is_listed=True)
    items, total = container.tags().series(slug="dungeon")
    assert [s.id for s in items] == [series.id] and total == 1


# -- content warnings ---------------------------------------------------------------------
def test_series_warnings_are_added_replaced_and_removed(world, owner, series):
    warnings = world.container.series_warnings()
    warnings.add(actor=owner, series_id=series.id, warning_id="gore")
    listed = warnings.replace(actor=owner, series_id=series.id,
                              warning_ids=["violence", "cw_gore"])
    assert [w.slug for w in listed] == ["violence", "gore"]  # catalog order
    warnings.remove(actor=owner, series_id=series.id, warning_id="violence")
    assert [w.slug for w in warnings.get(actor=owner, series_id=series.id)] == ["gore"]
    with pytest.raises(ValidationFailed) as refused:
        warnings.add(actor=owner, series_id=series.id, warning_id="spiders")
    assert refused.value.code == "unknown_warning"
    with pytest.raises(NotFound):
        warnings.remove(actor=owner, series_id=series.id, warning_id="violence")
    assert len(world.container.content_warning_catalog().all()) == 12


def test_taxonomy_writes_need_content_write(world, owner, site, series):
    analyst = world.collaborator(site, CollaboratorRole.ANALYST)
    container = world.container
    assert container.series_genres().get(actor=analyst, series_id=series.id) == []
    for attempt in (
            lambda: container.series_genres().add(actor=analyst, series_id=series.id,
                                                  genre_id="fantasy"),
            lambda: container.series_tags().add(actor=analyst, series_id=series.id,
                                                tag_id="dungeon"),
            lambda: container.series_warnings().add(actor=analyst, series_id=series.id,
                                                    warning_id="gore")):
        with pytest.raises(PermissionDenied):
            attempt()
    with pytest.raises(NotFound):
        container.series_tags().get(actor=world.user(), series_id=series.id)
