"""A chapter's text on the in-memory suite: saving makes versions, autosave stays apart,
diffs and compare, restoring makes a new version, sanitizing holds."""

from html.parser import HTMLParser

import pytest

from ownverso.container import build_container
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import NotFound, PermissionDenied
from ownverso.services.rendering import sanitize_html
from tests.support.chapters import actor_of, add_member, add_user, author_kit, series_of


@pytest.fixture
def container():
    return build_container(env="test")


@pytest.fixture
def kit(container):
    return author_kit(container)


@pytest.fixture
def content(container):
    return container.chapter_content()


@pytest.fixture
def versions(container):
    return container.chapter_versions()


@pytest.fixture
def chapter(container, kit):
    return container.chapters().create(actor=kit.actor, series_id=kit.series_id,
                                       data={"title": "One", "content": "First line.\n"})


def test_saving_a_changed_text_makes_a_version_with_its_note(content, versions, kit, chapter):
    saved = content.save(actor=kit.actor, chapter_id=chapter.id, content="Second line.\n",
                         change_note="Rewrote it")
    assert saved.current_version == 2 and saved.content_html == "<p>Second line.</p>\n"
    again = content.save(actor=kit.actor, chapter_id=chapter.id, content="Second line.\n")
    assert again.current_version == 2  # nothing changed: no version
    items, total = versions.versions(actor=kit.actor, chapter_id=chapter.id)
    assert total == 2 and [v.version_number for v in items] == [2, 1]
    assert items[0].change_note == "Rewrote it" and items[0].created_by_id == kit.user.id
    assert versions.version(actor=kit.actor, chapter_id=chapter.id,
                            number=1).content == "First line.\n"


def test_title_and_note_are_kept_unless_sent(content, kit, chapter):
    saved = content.save(actor=kit.actor, chapter_id=chapter.id, content="New.",
                         author_note="Thanks for *reading*")
    assert saved.title == "One" and saved.author_note_html == "<p>Thanks for <em>reading</em></p>\n"
    saved = content.save(actor=kit.actor, chapter_id=chapter.id, content="New.", title="Uno")
    assert saved.title == "Uno" and saved.author_note == "Thanks for *reading*"


def test_autosave_never_touches_the_text_nor_makes_versions(content, kit, chapter):
    assert not content.autosave(actor=kit.actor, chapter_id=chapter.id).exists
    saved = content.save_autosave(actor=kit.actor, chapter_id=chapter.id, content="WIP",
                                  title="Draft title")
    assert saved.exists and saved.content == "WIP" and saved.current_version == 1
    text = content.content(actor=kit.actor, chapter_id=chapter.id)
    assert text.content == "First line.\n" and text.title == "One" and text.current_version == 1
    content.clear_autosave(actor=kit.actor, chapter_id=chapter.id)
    assert content.autosave(actor=kit.actor, chapter_id=chapter.id).content is None


def test_saving_the_text_drops_the_stale_autosave(content, kit, chapter):
    content.save_autosave(actor=kit.actor, chapter_id=chapter.id, content="WIP")
    content.save(actor=kit.actor, chapter_id=chapter.id, content="Final.")
    assert not content.autosave(actor=kit.actor, chapter_id=chapter.id).exists


def test_the_published_word_count_of_the_series_follows_edits(container, content, kit, chapter):
    container.chapter_publishing().publish(actor=kit.actor, chapter_id=chapter.id)
    assert series_of(container, kit.series_id).word_count == 2
    content.save(actor=kit.actor, chapter_id=chapter.id, content="Now five words in here.")
    assert series_of(container, kit.series_id).word_count == 5


def test_a_diff_goes_from_a_version_to_the_current_text(content, versions, kit, chapter):
    content.save(actor=kit.actor, chapter_id=chapter.id, content="First line.\nAdded.\n")
    diff = versions.diff(actor=kit.actor, chapter_id=chapter.id, number=1)
    assert diff.from_label == "v1" and diff.to_label == "current"
    assert "+Added.\n" in diff.diff and (diff.additions, diff.deletions) == (1, 0)
    compared = versions.compare(actor=kit.actor, chapter_id=chapter.id, first=2, second=1)
    assert "-Added.\n" in compared.diff and compared.deletions == 1
    with pytest.raises(NotFound) as missing:
        versions.compare(actor=kit.actor, chapter_id=chapter.id, first=1, second=9)
    assert missing.value.code == "version_not_found"


def test_restoring_a_version_makes_a_new_one_and_keeps_the_history(content, versions, kit,
                                                                    chapter):
    content.save(actor=kit.actor, chapter_id=chapter.id, content="Second.", title="Two")
    restored = versions.restore(actor=kit.actor, chapter_id=chapter.id, number=1)
    assert (restored.content, restored.title, restored.current_version) == ("First line.\n",
                                                                           "One", 3)
    items, total = versions.versions(actor=kit.actor, chapter_id=chapter.id)
    assert total == 3 and items[0].change_note == "Restored version 1"
    again = versions.restore(actor=kit.actor, chapter_id=chapter.id, number=3)
    assert again.current_version == 4  # restoring is recorded even when the text is the same


def elements(html: str) -> list[tuple[str, list]]:
    """Every element of ``html`` with its attributes (a real parser, not a substring)."""
    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collect().feed(html)
    return found


@pytest.mark.parametrize("markdown", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    "<svg onload=alert(1)></svg>",
    "<iframe src=https://evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
])
def test_nothing_executable_survives_in_the_html_and_sanitizing_again_changes_nothing(
        content, kit, chapter, markdown):
    html = content.save(actor=kit.actor, chapter_id=chapter.id,
                        content=f"Text {markdown}").content_html
    tags = elements(html)
    assert not {name for name, _ in tags} & {"script", "iframe", "svg", "style"}, html
    for _, attrs in tags:
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", html
            assert not (value or "").strip().lower().startswith("javascript:"), html
    assert sanitize_html(html) == html


def test_reading_needs_a_role_and_writing_needs_the_write_permission(
        container, content, versions, kit, chapter):
    stranger = actor_of(add_user(container))
    analyst = actor_of(add_member(container, kit.site_id, CollaboratorRole.ANALYST,
                                  invited_by=kit.user))
    for call in (lambda who: content.content(actor=who, chapter_id=chapter.id),
                 lambda who: versions.versions(actor=who, chapter_id=chapter.id),
                 lambda who: versions.diff(actor=who, chapter_id=chapter.id, number=1)):
        with pytest.raises(NotFound):
            call(stranger)
        call(analyst)
    for write in (lambda who: content.save(actor=who, chapter_id=chapter.id, content="x"),
                  lambda who: content.save_autosave(actor=who, chapter_id=chapter.id,
                                                    content="x"),
                  lambda who: versions.restore(actor=who, chapter_id=chapter.id, number=1)):
        with pytest.raises(NotFound):
            write(stranger)
        with pytest.raises(PermissionDenied):
            write(analyst)
