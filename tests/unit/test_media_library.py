"""The library on the in-memory suite: lists and their filters, describing, deleting, copying
and moving files, bulk actions (all or nothing), folders, and who may touch what."""

from datetime import timedelta

import pytest

from ownverso.container import build_container
from ownverso.domain.media.values import MediaStatus
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from ownverso.services.media.kit import BulkFailed
from tests.support.media import (
    MP3,
    PDF,
    add_collaborator,
    add_site,
    add_user,
    image,
    png,
    user_row,
)


@pytest.fixture
def container():
    return build_container(env="test")


@pytest.fixture
def library(container):
    return container.media_library()


@pytest.fixture
def folders(container):
    return container.media_folders()


@pytest.fixture
def author(container):
    return add_user(container.uow)


@pytest.fixture
def upload(container):
    def upload(actor, data=None, filename="a.png", **about):
        return container.media_uploads().upload(actor=actor, data=data or png(),
                                                filename=filename, **about)
    return upload


def ids(result):
    items, _ = result
    return [item["id"] for item in items]


# -- lists -------------------------------------------------------------------------------------
def test_the_list_filters_by_type_folder_tag_name_and_date(container, library, folders, author,
                                                           upload):
    clock = container.clock()
    art = folders.create(actor=author, name="Art")
    cover = upload(author, image("JPEG"), "Moon Cover.jpg", folder_id=art.id, tags=["moon"])
    clock.advance(days=1)
    report = upload(author, PDF, "report.pdf", tags=["Moon", "work"])
    clock.advance(days=1)
    song = upload(author, MP3, "song.mp3")
    upload(add_user(container.uow))  # someone else's

    assert ids(library.list(actor=author)) == [song.id, report.id, cover.id]
    assert ids(library.list(actor=author, type="image")) == [cover.id]
    assert ids(library.list(actor=author, type="application/pdf")) == [report.id]
    assert ids(library.list(actor=author, type="AUDIO")) == [song.id]
    assert ids(library.list(actor=author, folder_id=art.id)) == [cover.id]
    assert ids(library.list(actor=author, root_only=True)) == [song.id, report.id]
    assert ids(library.list(actor=author, tag="MOON")) == [report.id, cover.id]
    assert ids(library.list(actor=author, search="cOvEr")) == [cover.id]
    start = cover.created_at + timedelta(hours=12)
    assert ids(library.list(actor=author, created_after=start)) == [song.id, report.id]
    assert ids(library.list(actor=author, created_before=start)) == [cover.id]
    assert ids(library.list(actor=author, sort="filename")) == [cover.id, report.id, song.id]
    assert ids(library.list(actor=author, sort="-size"))[0] == cover.id


def test_the_list_pages_and_counts(library, author, upload):
    made = [upload(author, filename=f"f{i}.png").id for i in range(5)]
    items, total = library.list(actor=author, sort="created_at", offset=2, limit=2)
    assert total == 5 and [i["id"] for i in items] == made[2:4]


def test_quarantined_files_are_listed_and_filterable_deleted_ones_never(library, author,
                                                                        upload):
    good, bad = upload(author), upload(author, png(), "x.pdf")
    gone = upload(author)
    library.delete(actor=author, media_id=gone.id)
    assert set(ids(library.list(actor=author))) == {good.id, bad.id}
    assert ids(library.list(actor=author, status="quarantined")) == [bad.id]
    with pytest.raises(ValidationFailed):
        library.list(actor=author, status="deleted")
    for bad_filter in ({"type": "spreadsheet"}, {"sort": "owner_id"}):
        with pytest.raises(ValidationFailed) as refused:
            library.list(actor=author, **bad_filter)
        assert refused.value.code == "invalid_filter"


def test_a_sites_library_is_listed_for_its_collaborators_only(container, library, author,
                                                              upload):
    analyst, stranger = add_user(container.uow), add_user(container.uow)
    site = add_site(container.uow, author.user_id)
    add_collaborator(container.uow, site, analyst.user_id, CollaboratorRole.ANALYST,
                     invited_by=author.user_id)
    on_site, own = upload(author, site_id=site), upload(author)

    assert ids(library.list(actor=analyst, site_id=site)) == [on_site.id]
    assert set(ids(library.list(actor=author))) == {on_site.id, own.id}
    assert ids(library.list(actor=analyst)) == []
    with pytest.raises(NotFound):
        library.list(actor=stranger, site_id=site)


# -- one file ----------------------------------------------------------------------------------
def test_a_file_is_described_and_its_name_keeps_its_extension(library, author, upload):
    file = upload(author)
    changed = library.update(actor=author, media_id=file.id, changes={
        "filename": "Night sky", "alt_text": "Stars", "tags": ["Sky"], "meta": {"by": "me"}})
    assert (changed.filename, changed.alt_text, changed.tags, changed.meta) == (
        "Night sky.png", "Stars", ["sky"], {"by": "me"})
    with pytest.raises(ValidationFailed) as refused:
        library.update(actor=author, media_id=file.id, changes={"filename": "sky.exe"})
    assert refused.value.code == "extension_mismatch"


def test_deleting_gives_the_bytes_back_and_drops_the_blobs(container, library, author, upload):
    storage = container.storage()
    file = upload(author)
    assert user_row(container.uow, author.user_id).storage_used_bytes == file.size_bytes
    library.delete(actor=author, media_id=file.id)
    assert user_row(container.uow, author.user_id).storage_used_bytes == 0
    assert not storage.exists(file.storage_key)
    with pytest.raises(NotFound):
        library.get(actor=author, media_id=file.id)


def test_a_copy_is_a_new_file_counted_in_storage(container, library, folders, author, upload):
    art = folders.create(actor=author, name="Art")
    file = upload(author, tags=["moon"], alt_text="Moon")
    copy = library.copy(actor=author, media_id=file.id, folder_id=art.id, filename="copy")

    assert copy.id != file.id and copy.storage_key != file.storage_key
    assert (copy.filename, copy.folder_id, copy.tags, copy.alt_text) == (
        "copy.png", art.id, ["moon"], "Moon")
    assert container.storage().read(copy.storage_key) == container.storage().read(
        file.storage_key)
    assert user_row(container.uow, author.user_id).storage_used_bytes == 2 * file.size_bytes


def test_a_quarantined_file_is_not_copied(library, author, upload):
    with pytest.raises(Conflict) as refused:
        library.copy(actor=author, media_id=upload(author, png(), "x.pdf").id)
    assert refused.value.code == "media_quarantined"


def test_files_move_between_folders_of_their_own_library_only(container, library, folders,
                                                              author, upload):
    art = folders.create(actor=author, name="Art")
    file = upload(author)
    assert library.move(actor=author, media_id=file.id, folder_id=art.id).folder_id == art.id
    assert library.move(actor=author, media_id=file.id, folder_id=None).folder_id is None
    site = add_site(container.uow, author.user_id)
    site_folder = folders.create(actor=author, name="Site art", site_id=site)
    with pytest.raises(ValidationFailed) as refused:
        library.move(actor=author, media_id=file.id, folder_id=site_folder.id)
    assert refused.value.code == "folder_scope_mismatch"


# -- bulk --------------------------------------------------------------------------------------
def test_bulk_actions_apply_to_every_item(container, library, folders, author, upload):
    files = [upload(author).id for _ in range(3)]
    art = folders.create(actor=author, name="Art")

    moved = library.bulk_move(actor=author, ids=files, folder_id=art.id)
    tagged = library.bulk_tag(actor=author, ids=files[:2], add=["Moon", "sky"], remove=["sky"])
    assert all(r["ok"] for r in moved + tagged)
    # uploaded at the same (fixed) time: ties are ordered by id
    assert ids(library.list(actor=author, folder_id=art.id, tag="moon")) == files[:2]

    library.bulk_delete(actor=author, ids=files)
    assert library.list(actor=author)[1] == 0
    assert user_row(container.uow, author.user_id).storage_used_bytes == 0


def test_a_bulk_action_with_one_bad_item_changes_nothing(container, library, author, upload):
    mine = [upload(author).id, upload(author).id]
    theirs = upload(add_user(container.uow)).id

    with pytest.raises(BulkFailed) as failed:
        library.bulk_delete(actor=author, ids=[*mine, theirs, "med_missing"])

    results = {r["id"]: r for r in failed.value.fields["items"]}
    assert [results[i]["ok"] for i in mine] == [True, True]
    assert results[theirs]["error"] == results["med_missing"]["error"] == "media_not_found"
    assert library.list(actor=author)[1] == 2
    assert container.storage().exists(library.get(actor=author, media_id=mine[0]).storage_key)

    library.bulk_tag(actor=author, ids=mine[:1], add=[f"a{i}" for i in range(10)])
    with pytest.raises(BulkFailed) as tags:  # the first would get 25 tags, the second 15
        library.bulk_tag(actor=author, ids=mine, add=[f"b{i}" for i in range(15)])
    assert [r["error"] for r in tags.value.fields["items"]] == ["too_many_tags", None]
    assert library.get(actor=author, media_id=mine[1]).tags == []


def test_bulk_needs_one_to_a_hundred_ids(library, author):
    for bad in ([], [f"med_{i}" for i in range(101)]):
        with pytest.raises(ValidationFailed):
            library.bulk_delete(actor=author, ids=bad)


# -- access ------------------------------------------------------------------------------------
def test_another_user_finds_nothing_of_someone_elses_files(container, library, author, upload):
    file, stranger = upload(author), add_user(container.uow)
    for attempt in (
        lambda: library.get(actor=stranger, media_id=file.id),
        lambda: library.update(actor=stranger, media_id=file.id, changes={"alt_text": "x"}),
        lambda: library.delete(actor=stranger, media_id=file.id),
        lambda: library.copy(actor=stranger, media_id=file.id),
        lambda: library.move(actor=stranger, media_id=file.id, folder_id=None),
    ):
        with pytest.raises(NotFound) as missing:
            attempt()
        assert missing.value.code == "media_not_found"


def test_site_collaborators_read_with_media_read_and_write_with_media_write(container, library,
                                                                           author, upload):
    editor, analyst = add_user(container.uow), add_user(container.uow)
    site = add_site(container.uow, author.user_id)
    for user, role in ((editor, CollaboratorRole.EDITOR), (analyst, CollaboratorRole.ANALYST)):
        add_collaborator(container.uow, site, user.user_id, role, invited_by=author.user_id)
    on_site, personal = upload(author, site_id=site), upload(author)

    assert library.get(actor=analyst, media_id=on_site.id).id == on_site.id
    with pytest.raises(PermissionDenied):
        library.update(actor=analyst, media_id=on_site.id, changes={"alt_text": "x"})
    assert library.update(actor=editor, media_id=on_site.id,
                          changes={"alt_text": "x"}).alt_text == "x"
    with pytest.raises(NotFound):  # the author's own files are not the site's
        library.get(actor=editor, media_id=personal.id)


# -- folders -----------------------------------------------------------------------------------
def test_folders_nest_list_and_rename_with_their_children(folders, author):
    art = folders.create(actor=author, name="Art")
    covers = folders.create(actor=author, name="Covers", parent_id=art.id)
    deep = folders.create(actor=author, name="2026", parent_id=covers.id)
    folders.create(actor=author, name="Audio")

    items, total = folders.list(actor=author)
    assert total == 4 and [f.path for f in items] == ["/Art", "/Art/Covers",
                                                      "/Art/Covers/2026", "/Audio"]
    assert [f.id for f in folders.list(actor=author, parent_id=art.id)[0]] == [covers.id]

    folders.rename(actor=author, folder_id=art.id, name="Pictures")
    paths = {f.id: f.path for f in folders.list(actor=author)[0]}
    assert paths[deep.id] == "/Pictures/Covers/2026"


def test_folder_names_are_unique_where_they_are(container, folders, author):
    folders.create(actor=author, name="Art")
    audio = folders.create(actor=author, name="Audio")
    for attempt in (lambda: folders.create(actor=author, name="Art"),
                    lambda: folders.rename(actor=author, folder_id=audio.id, name="Art")):
        with pytest.raises(Conflict) as clash:
            attempt()
        assert clash.value.code == "folder_exists"
    other = add_user(container.uow)
    assert folders.create(actor=other, name="Art").path == "/Art"  # another library


def test_a_folder_with_content_is_deleted_only_recursively(container, folders, library, author,
                                                          upload):
    art = folders.create(actor=author, name="Art")
    inner = folders.create(actor=author, name="Inner", parent_id=art.id)
    file = upload(author, folder_id=inner.id)

    with pytest.raises(Conflict) as kept:
        folders.delete(actor=author, folder_id=art.id)
    assert kept.value.code == "folder_not_empty"

    assert folders.delete(actor=author, folder_id=art.id, recursive=True) == {
        "folders": 2, "files": 1}
    assert folders.list(actor=author)[1] == 0
    with pytest.raises(NotFound):
        library.get(actor=author, media_id=file.id)
    assert user_row(container.uow, author.user_id).storage_used_bytes == 0
    empty = folders.create(actor=author, name="Empty")
    assert folders.delete(actor=author, folder_id=empty.id)["folders"] == 1


def test_site_folders_follow_the_site_roles(container, folders, author):
    analyst, stranger = add_user(container.uow), add_user(container.uow)
    site = add_site(container.uow, author.user_id)
    add_collaborator(container.uow, site, analyst.user_id, CollaboratorRole.ANALYST,
                     invited_by=author.user_id)
    shared = folders.create(actor=author, name="Shared", site_id=site)

    assert [f.id for f in folders.list(actor=analyst, site_id=site)[0]] == [shared.id]
    with pytest.raises(PermissionDenied):
        folders.create(actor=analyst, name="Mine", parent_id=shared.id)
    for attempt in (lambda: folders.rename(actor=stranger, folder_id=shared.id, name="X"),
                    lambda: folders.delete(actor=stranger, folder_id=shared.id),
                    lambda: folders.list(actor=stranger, parent_id=shared.id)):
        with pytest.raises(NotFound):
            attempt()
    assert shared.site_id == site and shared.owner_id == author.user_id


def test_a_deleted_file_is_not_listed_in_a_folder_count(folders, library, author, upload):
    art = folders.create(actor=author, name="Art")
    file = upload(author, folder_id=art.id)
    library.delete(actor=author, media_id=file.id)
    assert folders.delete(actor=author, folder_id=art.id) == {"folders": 1, "files": 0}
    assert library.list(actor=author, status="ready")[1] == 0
    assert MediaStatus.DELETED not in {f["status"] for f in library.list(actor=author)[0]}
