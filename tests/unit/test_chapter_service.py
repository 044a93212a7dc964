"""ChapterService on the in-memory suite: creating, listing, editing, deleting, duplicating
chapters, the series' counters, the public views, and who may do what."""

import pytest

from ownverso.container import build_container
from ownverso.domain.publishing.chapter_values import ChapterStatus
from ownverso.domain.publishing.values import ChapterAccessLevel, SeriesStatus
from ownverso.domain.sites.values import CollaboratorRole, SiteStatus
from ownverso.services.errors import Conflict, NotFound, PermissionDenied, QuotaExceeded
from tests.support.chapters import actor_of, add_member, add_user, author_kit, series_of


@pytest.fixture
def container():
    return build_container(env="test")


@pytest.fixture
def kit(container):
    return author_kit(container)


@pytest.fixture
def chapters(container):
    return container.chapters()


def create(chapters, kit, **data):
    return chapters.create(actor=kit.actor, series_id=kit.series_id, data=data)


def publish(container, kit, chapter_id):
    return container.chapter_publishing().publish(actor=kit.actor, chapter_id=chapter_id)


# -- create -------------------------------------------------------------------------------
def test_a_new_chapter_is_a_draft_numbered_after_the_last_with_a_slug_from_its_title(
        chapters, kit):
    first = create(chapters, kit, title="The Storm", content="Rain on the *glass*.")
    second = create(chapters, kit, title="The Storm")
    assert (first.status, first.chapter_number, first.slug) == (ChapterStatus.DRAFT, 1.0,
                                                                "the-storm")
    assert (second.chapter_number, second.slug) == (2.0, "the-storm-2")
    assert first.content_html == "<p>Rain on the <em>glass</em>.</p>\n"
    assert first.word_count == 4 and first.current_version == 1
    assert first.sort_order < second.sort_order


def test_numbers_may_be_fractional_and_the_next_one_follows_the_highest(chapters, kit):
    create(chapters, kit, chapter_number=10)
    interlude = create(chapters, kit, chapter_number=10.5)
    assert interlude.slug == "chapter-10-5"
    assert create(chapters, kit).chapter_number == 11.0


def test_slugs_and_numbers_are_unique_per_series_volume_included(chapters, kit, container):
    create(chapters, kit, title="One", slug="one", chapter_number=1)
    with pytest.raises(Conflict) as slug:
        create(chapters, kit, slug="one", chapter_number=2)
    assert slug.value.code == "slug_taken"
    with pytest.raises(Conflict) as number:
        create(chapters, kit, chapter_number=1)  # no volume on either: still the same number
    assert number.value.code == "chapter_number_taken"
    create(chapters, kit, chapter_number=1, volume_number=2)
    other = author_kit(container)
    assert create(chapters, other, slug="one", chapter_number=1).slug == "one"


def test_the_script_in_markdown_never_survives(chapters, kit):
    chapter = create(chapters, kit, content=(
        "Hi <script>alert(1)</script> <img src=x onerror=alert(2)> "
        "[click](javascript:alert(3)) <a href=\"javascript:alert(4)\">x</a>"))
    html = chapter.content_html.lower()
    assert "<script" not in html and "onerror" not in html
    assert 'href="javascript' not in html
    assert chapter.content.startswith("Hi <script>")  # the author's Markdown is kept as is


def test_a_chapter_takes_the_series_default_access_unless_told(chapters, container):
    kit = author_kit(container, default_access_level=ChapterAccessLevel.SUBSCRIBERS)
    assert create(chapters, kit).access_level == ChapterAccessLevel.SUBSCRIBERS
    assert create(chapters, kit, access_level="FREE").access_level == ChapterAccessLevel.FREE
    tiered = author_kit(container, default_access_level=ChapterAccessLevel.SPECIFIC_TIER)
    assert create(chapters, tiered).access_level == ChapterAccessLevel.SUBSCRIBERS


def test_the_plan_caps_chapters_per_series_with_402(chapters, kit, container):
    with container.uow() as uow:
        uow.tier_limits.get_by(tier="FREE").max_chapters_per_series = 2
        uow.commit()
    create(chapters, kit)
    doomed = create(chapters, kit)
    with pytest.raises(QuotaExceeded) as over:
        create(chapters, kit)
    assert over.value.code == "max_chapters_per_series_exceeded"
    chapters.delete(actor=kit.actor, chapter_id=doomed.id)
    third = create(chapters, kit)
    with pytest.raises(QuotaExceeded):
        chapters.restore(actor=kit.actor, chapter_id=doomed.id)
    with pytest.raises(QuotaExceeded):
        chapters.duplicate(actor=kit.actor, chapter_id=third.id)


def test_creating_counts_the_chapter_on_its_series(chapters, kit, container):
    create(chapters, kit)
    series = series_of(container, kit.series_id)
    assert (series.chapter_count, series.published_chapter_count, series.word_count) == (1, 0, 0)


# -- lists and reads ------------------------------------------------------------------------
def test_the_private_list_holds_drafts_in_reading_order_and_the_bin_apart(
        chapters, kit, container):
    one, two, three = (create(chapters, kit, title=t, content="Text.")
                       for t in ("One", "Two", "Three"))
    publish(container, kit, two.id)
    chapters.delete(actor=kit.actor, chapter_id=three.id)
    items, total = chapters.list_chapters(actor=kit.actor, series_id=kit.series_id)
    assert [c.id for c in items] == [one.id, two.id] and total == 2
    assert not hasattr(items[0], "content")
    published, _ = chapters.list_chapters(actor=kit.actor, series_id=kit.series_id,
                                          status=ChapterStatus.PUBLISHED)
    assert [c.id for c in published] == [two.id]
    deleted, _ = chapters.list_chapters(actor=kit.actor, series_id=kit.series_id, deleted=True)
    assert [c.id for c in deleted] == [three.id]
    page, total = chapters.list_chapters(actor=kit.actor, series_id=kit.series_id, offset=1,
                                         limit=1)
    assert [c.id for c in page] == [two.id] and total == 2


def test_readers_see_only_published_chapters_of_visible_series(chapters, kit, container):
    draft = create(chapters, kit, title="Draft")
    shown = create(chapters, kit, title="Shown", content="Words.")
    publish(container, kit, shown.id)
    items, total = chapters.list_public(series_id=kit.series_id)
    assert [c.id for c in items] == [shown.id] and total == 1
    shown_view = container.reader().public(viewer=None, chapter_id=shown.id)
    assert shown_view.content_html == "<p>Words.</p>\n"
    with pytest.raises(NotFound) as hidden:
        container.reader().public(viewer=None, chapter_id=draft.id)
    assert hidden.value.code == "chapter_not_found"


def test_a_paywalled_chapter_shows_readers_no_text(chapters, kit, container):
    locked = create(chapters, kit, content="Secret.", access_level="SUBSCRIBERS")
    publish(container, kit, locked.id)
    view = container.reader().public(viewer=None, chapter_id=locked.id)
    assert view.is_locked and view.content_html is None and view.title == locked.title


@pytest.mark.parametrize("hide", ["draft_series", "private_site", "suspended_site",
                                  "deleted_series"])
def test_nothing_is_public_on_a_hidden_series_or_site(chapters, kit, container, hide):
    chapter = create(chapters, kit, content="Words.")
    publish(container, kit, chapter.id)
    with container.uow() as uow:
        series, site = uow.series.get(kit.series_id), uow.sites.get(kit.site_id)
        if hide == "draft_series":
            series.status = SeriesStatus.DRAFT
        elif hide == "private_site":
            site.is_public = False
        elif hide == "suspended_site":
            site.status = SiteStatus.SUSPENDED
        else:
            series.deleted_at = container.clock().now()
        uow.commit()
    with pytest.raises(NotFound):
        chapters.list_public(series_id=kit.series_id)
    with pytest.raises(NotFound):
        container.reader().public(viewer=None, chapter_id=chapter.id)


# -- edit, delete, restore, duplicate -------------------------------------------------------
def test_editing_checks_the_new_slug_and_number_against_the_others(chapters, kit):
    one = create(chapters, kit, title="One")
    two = create(chapters, kit, title="Two")
    with pytest.raises(Conflict):
        chapters.update(actor=kit.actor, chapter_id=two.id, changes={"slug": one.slug})
    with pytest.raises(Conflict):
        chapters.update(actor=kit.actor, chapter_id=two.id, changes={"chapter_number": 1})
    edited = chapters.update(actor=kit.actor, chapter_id=two.id, changes={
        "title": "Deux", "slug": "deux", "chapter_number": 2.5, "volume_number": 1,
        "author_note_position": "BEFORE", "meta_title": "Deux"})
    assert (edited.title, edited.slug, edited.chapter_number, edited.volume_number,
            edited.author_note_position) == ("Deux", "deux", 2.5, 1, "BEFORE")
    assert chapters.update(actor=kit.actor, chapter_id=one.id,
                           changes={"title": "Uno"}).slug == "one"


def test_deleting_and_restoring_keep_the_series_counters_right(chapters, kit, container):
    chapter = create(chapters, kit, content="Four words right here.")
    publish(container, kit, chapter.id)
    assert series_of(container, kit.series_id).word_count == 4
    chapters.delete(actor=kit.actor, chapter_id=chapter.id)
    series = series_of(container, kit.series_id)
    assert (series.chapter_count, series.published_chapter_count, series.word_count,
            series.last_published_at) == (0, 0, 0, None)
    with pytest.raises(NotFound):
        chapters.get(actor=kit.actor, chapter_id=chapter.id)
    restored = chapters.restore(actor=kit.actor, chapter_id=chapter.id)
    series = series_of(container, kit.series_id)
    assert restored.status == ChapterStatus.PUBLISHED
    assert (series.chapter_count, series.published_chapter_count, series.word_count) == (1, 1, 4)
    with pytest.raises(NotFound):
        chapters.restore(actor=kit.actor, chapter_id=chapter.id)


def test_a_duplicate_is_a_draft_copy_at_the_end_with_its_access_and_warnings(
        chapters, kit, container):
    source = create(chapters, kit, title="Storm", content="Words.", access_level="SUBSCRIBERS")
    publish(container, kit, source.id)
    container.chapter_warnings().add(actor=kit.actor, chapter_id=source.id,
                                     warning_id="cw_violence")
    copy = chapters.duplicate(actor=kit.actor, chapter_id=source.id)
    assert (copy.status, copy.title, copy.slug, copy.chapter_number) == (
        ChapterStatus.DRAFT, "Storm (copy)", "storm-copy", 2.0)
    assert copy.content == source.content and copy.access_level == "SUBSCRIBERS"
    assert copy.current_version == 1
    warnings = container.chapter_warnings().warnings(viewer=kit.actor, chapter_id=copy.id)
    assert [w.slug for w in warnings] == ["violence"]
    assert series_of(container, kit.series_id).chapter_count == 2


# -- who may --------------------------------------------------------------------------------
def test_another_author_gets_404_everywhere(chapters, kit, container):
    chapter = create(chapters, kit)
    stranger = actor_of(add_user(container))
    calls = [
        lambda: chapters.create(actor=stranger, series_id=kit.series_id, data={}),
        lambda: chapters.list_chapters(actor=stranger, series_id=kit.series_id),
        lambda: chapters.get(actor=stranger, chapter_id=chapter.id),
        lambda: chapters.update(actor=stranger, chapter_id=chapter.id, changes={"title": "x"}),
        lambda: chapters.delete(actor=stranger, chapter_id=chapter.id),
        lambda: chapters.duplicate(actor=stranger, chapter_id=chapter.id),
    ]
    for call in calls:
        with pytest.raises(NotFound):
            call()


def test_an_editor_writes_chapters_and_an_analyst_only_reads_them(chapters, kit, container):
    editor = actor_of(add_member(container, kit.site_id, CollaboratorRole.EDITOR,
                                 invited_by=kit.user))
    analyst = actor_of(add_member(container, kit.site_id, CollaboratorRole.ANALYST,
                                  invited_by=kit.user))
    chapter = chapters.create(actor=editor, series_id=kit.series_id, data={"title": "By Ed"})
    assert chapter.author_id == kit.user.id  # written on the author's behalf
    chapters.update(actor=editor, chapter_id=chapter.id, changes={"title": "Ed's"})
    assert chapters.get(actor=analyst, chapter_id=chapter.id).title == "Ed's"
    assert chapters.list_chapters(actor=analyst, series_id=kit.series_id)[1] == 1
    for write in (
            lambda: chapters.create(actor=analyst, series_id=kit.series_id, data={}),
            lambda: chapters.update(actor=analyst, chapter_id=chapter.id, changes={}),
            lambda: chapters.delete(actor=analyst, chapter_id=chapter.id),
            lambda: chapters.duplicate(actor=analyst, chapter_id=chapter.id)):
        with pytest.raises(PermissionDenied) as refused:
            write()
        assert refused.value.code == "missing_permission"
    chapters.delete(actor=editor, chapter_id=chapter.id)
