"""Content warnings on chapters on the in-memory suite."""

import pytest

from ownverso.container import build_container
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.support.chapters import actor_of, add_member, add_user, author_kit


@pytest.fixture
def container():
    return build_container(env="test")


@pytest.fixture
def kit(container):
    return author_kit(container)


@pytest.fixture
def warnings(container):
    return container.chapter_warnings()


@pytest.fixture
def chapter(container, kit):
    return container.chapters().create(actor=kit.actor, series_id=kit.series_id,
                                       data={"content": "Text."})


def test_warnings_from_the_catalog_are_added_listed_and_removed(warnings, kit, chapter):
    listed = warnings.add(actor=kit.actor, chapter_id=chapter.id, warning_id="cw_gore",
                          details="Chapter end")
    listed = warnings.add(actor=kit.actor, chapter_id=chapter.id, warning_id="violence")
    assert [(w.warning_id, w.details) for w in listed] == [("cw_violence", None),
                                                          ("cw_gore", "Chapter end")]
    with pytest.raises(Conflict):
        warnings.add(actor=kit.actor, chapter_id=chapter.id, warning_id="cw_gore")
    with pytest.raises(ValidationFailed) as unknown:
        warnings.add(actor=kit.actor, chapter_id=chapter.id, warning_id="cw_nope")
    assert unknown.value.code == "unknown_content_warning"
    warnings.remove(actor=kit.actor, chapter_id=chapter.id, warning_id="cw_gore")
    assert [w.slug for w in warnings.warnings(viewer=kit.actor, chapter_id=chapter.id)] == [
        "violence"]
    with pytest.raises(NotFound):
        warnings.remove(actor=kit.actor, chapter_id=chapter.id, warning_id="cw_gore")


def test_setting_the_warnings_replaces_them(warnings, kit, chapter):
    warnings.add(actor=kit.actor, chapter_id=chapter.id, warning_id="cw_gore")
    warnings.add(actor=kit.actor, chapter_id=chapter.id, warning_id="cw_horror")
    listed = warnings.replace(actor=kit.actor, chapter_id=chapter.id, items=[
        {"warning_id": "cw_horror", "details": "Dark"}, {"warning_id": "cw_suicide"}])
    assert [(w.warning_id, w.details) for w in listed] == [("cw_suicide", None),
                                                          ("cw_horror", "Dark")]
    assert warnings.replace(actor=kit.actor, chapter_id=chapter.id, items=[]) == []


def test_readers_see_the_warnings_of_published_chapters_only(container, warnings, kit,
                                                             chapter):
    warnings.add(actor=kit.actor, chapter_id=chapter.id, warning_id="cw_gore")
    with pytest.raises(NotFound):
        warnings.warnings(viewer=None, chapter_id=chapter.id)
    with pytest.raises(NotFound):
        warnings.warnings(viewer=actor_of(add_user(container)), chapter_id=chapter.id)
    container.chapter_publishing().publish(actor=kit.actor, chapter_id=chapter.id)
    assert [w.slug for w in warnings.warnings(viewer=None, chapter_id=chapter.id)] == ["gore"]


def test_only_writers_change_warnings(container, warnings, kit, chapter):
    analyst = actor_of(add_member(container, kit.site_id, CollaboratorRole.ANALYST,
                                  invited_by=kit.user))
    editor = actor_of(add_member(container, kit.site_id, CollaboratorRole.EDITOR,
                                 invited_by=kit.user))
    warnings.add(actor=editor, chapter_id=chapter.id, warning_id="cw_gore")
    assert len(warnings.warnings(viewer=analyst, chapter_id=chapter.id)) == 1
    with pytest.raises(PermissionDenied):
        warnings.add(actor=analyst, chapter_id=chapter.id, warning_id="cw_horror")
    with pytest.raises(NotFound):
        warnings.add(actor=actor_of(add_user(container)), chapter_id=chapter.id,
                     warning_id="cw_horror")
