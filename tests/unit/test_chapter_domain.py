"""The chapter's rules in the domain: its state machine, access settings, text helpers, diffs."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.publishing.chapter import MOVES, Chapter
from ownverso.domain.publishing.chapter_access import AccessSettings
from ownverso.domain.publishing.chapter_text import (
    check_slug,
    count_words,
    html_text,
    number_label,
)
from ownverso.domain.publishing.chapter_values import ChapterStatus
from ownverso.domain.publishing.values import ChapterAccessLevel
from ownverso.domain.publishing.versions import diff_text
from ownverso.domain.text import slugify

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=1)
DRAFT, SCHEDULED = ChapterStatus.DRAFT, ChapterStatus.SCHEDULED
PUBLISHED, ARCHIVED = ChapterStatus.PUBLISHED, ChapterStatus.ARCHIVED


def chapter(status=DRAFT, content="Some words here.", **fields) -> Chapter:
    return Chapter(id="chp_1", series_id="ser_1", site_id="site_1", author_id="usr_1",
                   slug="one", chapter_number=1.0, created_at=NOW, updated_at=NOW,
                   status=status, content=content, **fields)


# -- the state machine ----------------------------------------------------------------------
def test_a_draft_is_published_with_its_date_and_the_schedule_cleared():
    ch = chapter()
    ch.publish(now=NOW)
    assert ch.status == PUBLISHED and ch.published_at == NOW and ch.scheduled_at is None


def test_a_scheduled_chapter_can_be_published_early_and_forgets_its_schedule():
    ch = chapter()
    ch.schedule(LATER, timezone="UTC", now=NOW)
    ch.publish(now=NOW)
    assert ch.status == PUBLISHED and ch.scheduled_at is None and ch.schedule_timezone is None


@pytest.mark.parametrize(("action", "status"), [
    (action, status) for action, (starts, _) in MOVES.items()
    for status in ChapterStatus if status not in starts])
def test_every_move_the_table_does_not_allow_is_an_invalid_transition(action, status):
    ch = chapter(status=status, published_at=NOW if status == PUBLISHED else None)
    args = {"schedule": (LATER,), "reschedule": (LATER,)}.get(action, ())
    kwargs = {"timezone": "UTC"} if args else {}
    with pytest.raises(InvalidTransition) as refused:
        getattr(ch, action)(*args, now=NOW, **kwargs)
    assert refused.value.code == "invalid_chapter_transition"
    assert ch.status == status


def test_an_empty_chapter_cannot_be_published_but_a_comic_one_can():
    with pytest.raises(RuleViolation) as refused:
        chapter(content="  \n").publish(now=NOW)
    assert refused.value.code == "chapter_empty"
    comic = chapter(content="")
    comic.publish(now=NOW, needs_text=False)
    assert comic.status == PUBLISHED


def test_unpublishing_returns_to_draft_and_drops_the_publication_date():
    ch = chapter()
    ch.publish(now=NOW)
    ch.unpublish(now=LATER)
    assert ch.status == DRAFT and ch.published_at is None


def test_scheduling_needs_a_future_date_and_a_draft():
    ch = chapter()
    with pytest.raises(RuleViolation) as past:
        ch.schedule(NOW, timezone="UTC", now=NOW)
    assert past.value.code == "date_in_past" and ch.status == DRAFT
    ch.schedule(LATER, timezone="Asia/Kolkata", now=NOW)
    assert (ch.status, ch.scheduled_at, ch.schedule_timezone) == (SCHEDULED, LATER,
                                                                  "Asia/Kolkata")
    with pytest.raises(InvalidTransition):
        ch.schedule(LATER, timezone="UTC", now=NOW)


def test_rescheduling_resets_the_failed_attempts_and_cancelling_returns_to_draft():
    ch = chapter()
    ch.schedule(LATER, timezone="UTC", now=NOW)
    ch.record_publish_failure("boom", now=NOW)
    ch.reschedule(LATER + timedelta(hours=1), timezone="UTC", now=NOW)
    assert ch.publish_attempts == 0 and ch.last_publish_error is None
    ch.cancel_schedule(now=NOW)
    assert ch.status == DRAFT and ch.scheduled_at is None


def test_a_due_chapter_is_scheduled_not_deleted_past_its_time_and_under_the_attempts():
    ch = chapter()
    ch.schedule(LATER, timezone="UTC", now=NOW)
    assert not ch.is_due(NOW, max_attempts=3)
    assert ch.is_due(LATER, max_attempts=3)
    for _ in range(3):
        ch.record_publish_failure("x" * 900, now=LATER)
    assert not ch.is_due(LATER, max_attempts=3) and len(ch.last_publish_error) == 500


def test_unarchiving_brings_back_the_status_from_before():
    published, draft = chapter(), chapter()
    published.publish(now=NOW)
    for ch in (published, draft):
        ch.archive(now=NOW)
        assert ch.status == ARCHIVED and not ch.is_published
        ch.unarchive(now=NOW)
    assert published.status == PUBLISHED and draft.status == DRAFT


def test_deleting_a_scheduled_chapter_cancels_its_schedule_and_restoring_keeps_it_a_draft():
    ch = chapter()
    ch.schedule(LATER, timezone="UTC", now=NOW)
    ch.soft_delete(now=NOW)
    assert ch.is_deleted and ch.status == DRAFT and ch.scheduled_at is None
    ch.restore(now=NOW)
    assert not ch.is_deleted and ch.status == DRAFT


def test_published_words_count_only_for_a_live_published_chapter():
    ch = chapter(word_count=120)
    assert ch.published_words == 0
    ch.publish(now=NOW)
    assert ch.published_words == 120
    ch.soft_delete(now=NOW)
    assert ch.published_words == 0


# -- text and versions --------------------------------------------------------------------
def test_writing_the_same_text_changes_nothing_and_versions_number_up():
    ch = chapter(title="One")
    assert not ch.write(title="One", content=ch.content, content_html="", word_count=3,
                        author_note=None, author_note_html=None, now=LATER)
    assert ch.write(title="One", content="New.", content_html="<p>New.</p>", word_count=1,
                    author_note=None, author_note_html=None, now=LATER)
    first = ch.new_version(id="v1", created_by_id="usr_1", change_note="a", now=LATER)
    second = ch.new_version(id="v2", created_by_id="usr_1", change_note="b", now=LATER)
    assert (first.version_number, second.version_number, first.content) == (1, 2, "New.")


def test_autosave_is_kept_apart_from_the_text():
    ch = chapter()
    ch.autosave(title="Draft", content="draft text", now=LATER)
    assert ch.content == "Some words here." and ch.autosave_content == "draft text"
    ch.clear_autosave()
    assert ch.autosave_content is None and ch.autosave_at is None


# -- access -------------------------------------------------------------------------------
@pytest.mark.parametrize(("settings", "field"), [
    (AccessSettings(access_level=ChapterAccessLevel.SPECIFIC_TIER), "minimum_tier_id"),
    (AccessSettings(access_level=ChapterAccessLevel.SCHEDULED_FREE), "free_at"),
    (AccessSettings(access_level=ChapterAccessLevel.SUBSCRIBERS, price=-1), "price"),
    (AccessSettings(access_level=ChapterAccessLevel.SUBSCRIBERS, price=1.5), "price"),
    (AccessSettings(access_level=ChapterAccessLevel.FREE, price=100), "price"),
    (AccessSettings(currency="inr"), "currency"),
    (AccessSettings(preview_paragraphs=51), "preview_paragraphs"),
    (AccessSettings(paywall_message="x" * 2001), "paywall_message"),
])
def test_invalid_access_settings_name_the_field_at_fault(settings, field):
    with pytest.raises(RuleViolation) as refused:
        chapter().set_access(settings, now=NOW)
    assert refused.value.code == "invalid_access_settings"
    assert field in refused.value.fields


def test_valid_access_settings_are_stored_and_a_tier_only_counts_for_specific_tier():
    ch = chapter()
    ch.set_access(AccessSettings(access_level=ChapterAccessLevel.SPECIFIC_TIER,
                                 minimum_tier_id="tier_gold", price=0), now=NOW)
    assert ch.minimum_tier_id == "tier_gold" and ch.price == 0 and not ch.is_purchasable
    ch.set_access(AccessSettings(access_level=ChapterAccessLevel.SUBSCRIBERS,
                                 minimum_tier_id="tier_gold", price=499, currency="USD"),
                  now=NOW)
    assert ch.minimum_tier_id is None and ch.is_purchasable and ch.currency == "USD"


def test_scheduled_free_needs_its_date_which_cannot_be_cancelled_while_used():
    ch = chapter()
    with pytest.raises(InvalidTransition):
        ch.schedule_free(LATER, timezone="UTC", now=NOW, replacing=True)
    ch.schedule_free(LATER, timezone="UTC", now=NOW, replacing=False)
    with pytest.raises(InvalidTransition) as again:
        ch.schedule_free(LATER, timezone="UTC", now=NOW, replacing=False)
    assert again.value.code == "free_schedule_exists"
    ch.set_access(AccessSettings(access_level=ChapterAccessLevel.SCHEDULED_FREE), now=NOW)
    with pytest.raises(RuleViolation) as used:
        ch.cancel_free(now=NOW)
    assert used.value.code == "free_at_required"
    with pytest.raises(RuleViolation):
        ch.schedule_free(NOW - timedelta(seconds=1), timezone="UTC", now=NOW, replacing=True)


# -- text helpers -------------------------------------------------------------------------
def test_words_are_counted_as_a_reader_sees_them():
    assert count_words("") == 0
    assert count_words("Hello, *brave* new world — don't stop!") == 6
    assert count_words("[a link](https://example.com/very/long/path) here") == 3
    assert count_words("日本語です and more") == 7
    assert count_words("-" * 50_000) == 0  # linear, and punctuation is not a word
    assert html_text("<p>One</p><p>two <b>three</b></p>").split() == ["One", "two", "three"]


def test_slugs_come_from_titles_and_are_checked():
    assert slugify("Chapter 1: The Lighthouse!") == "chapter-1-the-lighthouse"
    assert slugify("Café Noël") == "cafe-noel"
    assert slugify("日本語") == ""
    assert check_slug(" The-End ") == "the-end"
    with pytest.raises(RuleViolation):
        check_slug("no spaces allowed")
    assert (number_label(10.0), number_label(10.5)) == ("10", "10-5")


def test_a_diff_counts_the_lines_added_and_removed_even_lines_starting_with_dashes():
    diff = diff_text("one\n--- rule\nthree\n", "one\nthree\nfour\n", from_label="v1",
                     to_label="v2")
    assert diff.diff.startswith("--- v1\n+++ v2\n")
    assert (diff.additions, diff.deletions, diff.changed) == (1, 1, True)
    assert not diff_text("same", "same", from_label="a", to_label="b").changed
