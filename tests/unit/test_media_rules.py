"""The media domain: what a file is by its content, names and tags, the file's life cycle,
folders, presigned uploads and byte ranges."""

from datetime import timedelta

import pytest

from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.media.file import MediaFile
from ownverso.domain.media.folder import MediaFolder, scope_of
from ownverso.domain.media.names import check_folder_name, clean_filename, normalize_tags
from ownverso.domain.media.ranges import byte_range
from ownverso.domain.media.sniff import declaration_matches, sniff
from ownverso.domain.media.upload import UploadIntent
from ownverso.domain.media.values import MediaKind, MediaStatus, normalize_type
from tests.support.media import HTML, M4A, MP3, MP4, NOW, PDF, epub, image, png, zip_bytes


@pytest.mark.parametrize(("data", "expected"), [
    (png(), "image/png"), (image("JPEG"), "image/jpeg"), (image("GIF"), "image/gif"),
    (image("WEBP"), "image/webp"), (PDF, "application/pdf"), (epub(), "application/epub+zip"),
    (zip_bytes(), "application/zip"), (MP3, "audio/mpeg"), (MP4, "video/mp4"),
    (M4A, "audio/mp4"), (b"\xff\xfb\x90\x64" + b"\x00" * 50, "audio/mpeg"),
])
def test_the_type_is_read_from_the_content(data, expected):
    assert sniff(data) == expected


@pytest.mark.parametrize("data", [HTML, b"", b"plain text", b"MZ\x90\x00exe", b"\xff\xd9"])
def test_contents_outside_the_catalogue_are_not_recognised(data):
    assert sniff(data) is None


def test_a_zip_is_an_epub_only_when_its_first_entry_says_so():
    assert sniff(zip_bytes({"mimetype": b"application/epub+zip"})) == "application/epub+zip"
    assert sniff(zip_bytes({"mimetype": b"application/zip"})) == "application/zip"
    assert sniff(zip_bytes({"book.opf": b"application/epub+zip"})) == "application/zip"
    assert sniff(epub()) == "application/epub+zip"


@pytest.mark.parametrize(("declared", "filename", "ok"), [
    ("image/png", "cover.png", True),
    ("IMAGE/PNG; charset=binary", "cover.PNG", True),
    ("application/octet-stream", "cover.png", True),  # says nothing: only the name counts
    (None, "cover", True),  # says nothing at all
    ("image/jpeg", "cover.png", False),  # the type lies
    ("image/png", "cover.pdf", False),  # the extension lies
    (None, "cover.jpg", False),
    ("text/html", "cover.png", False),
])
def test_a_declaration_must_agree_with_the_content(declared, filename, ok):
    assert declaration_matches("image/png", declared_type=declared, filename=filename) is ok


def test_aliases_of_types_are_understood():
    assert normalize_type("image/jpg") == "image/jpeg"
    assert normalize_type("audio/mp3") == "audio/mpeg"
    assert declaration_matches("image/jpeg", declared_type="image/jpg", filename="a.jpeg")


@pytest.mark.parametrize(("raw", "clean"), [
    ("../../etc/passwd", "passwd"), ("C:\\Users\\me\\Éte été.png", "Ete ete.png"),
    ("a<b>c\"d'.pdf", "a-b-c-d-.pdf"), ("", "file"), (".htaccess", "htaccess"),
    ("x" * 300 + ".png", "x" * 116 + ".png"),
])
def test_file_names_are_made_safe(raw, clean):
    assert clean_filename(raw) == clean


def test_tags_are_normalized_and_bounded():
    assert normalize_tags([" Fantasy ", "fantasy", "Slow  Burn", ""]) == ["fantasy", "slow burn"]
    with pytest.raises(RuleViolation) as bad:
        normalize_tags(["<script>"])
    assert bad.value.code == "invalid_tag"
    with pytest.raises(RuleViolation) as many:
        normalize_tags([f"t{i}" for i in range(21)])
    assert many.value.code == "too_many_tags"


def a_file(**fields) -> MediaFile:
    values = dict(id="med_1", owner_id="usr_1", uploaded_by_id="usr_1", filename="cover.png",
                  original_filename="cover.png", content_type="image/png",
                  kind=MediaKind.IMAGE, size_bytes=100, storage_key="media/usr_1/med_1/c.png",
                  created_at=NOW, updated_at=NOW)
    return MediaFile(**{**values, **fields})


def test_a_rename_cannot_disguise_the_content():
    file = a_file()
    file.rename("new name")
    assert file.filename == "new name.png"
    file.rename("other.PNG")
    assert file.filename == "other.PNG"
    with pytest.raises(RuleViolation) as bad:
        file.rename("other.pdf")
    assert bad.value.code == "extension_mismatch"


def test_metadata_is_bounded():
    file = a_file()
    file.update({"alt_text": " A moon ", "caption": "", "tags": ["Night"],
                 "meta": {"credit": "me"}}, now=NOW)
    assert (file.alt_text, file.caption, file.tags, file.meta) == (
        "A moon", None, ["night"], {"credit": "me"})
    for changes, code in (({"alt_text": "x" * 501}, "too_long"),
                          ({"meta": {f"k{i}": i for i in range(51)}}, "invalid_metadata")):
        with pytest.raises(RuleViolation) as bad:
            file.update(changes, now=NOW)
        assert bad.value.code == code


def test_only_a_ready_file_is_served_and_only_images_have_variants():
    for status, code in ((MediaStatus.QUARANTINED, "media_quarantined"),
                         (MediaStatus.UPLOADING, "media_not_ready")):
        with pytest.raises(RuleViolation) as bad:
            a_file(status=status).ensure_servable()
        assert bad.value.code == code
    a_file().ensure_image()
    with pytest.raises(RuleViolation) as bad:
        a_file(content_type="application/pdf", kind=MediaKind.DOCUMENT).ensure_image()
    assert bad.value.code == "not_an_image"


def test_storage_held_counts_variants_and_nothing_once_deleted():
    file = a_file(size_bytes=100)
    file.put_variant({"name": "thumb", "key": "k1", "size_bytes": 30}, now=NOW)
    file.put_variant({"name": "thumb", "key": "k2", "size_bytes": 20}, now=NOW)  # replaces
    assert file.bytes_held == 120 and [v["key"] for v in file.variants] == ["k2"]
    file.delete(now=NOW)
    assert file.bytes_held == 0 and file.status == MediaStatus.DELETED


def test_an_upload_is_received_once():
    file = a_file(status=MediaStatus.UPLOADING, size_bytes=0)
    file.receive(size_bytes=5, checksum="c", content_type="image/png", kind=MediaKind.IMAGE,
                 matches=False, now=NOW)
    assert file.status == MediaStatus.QUARANTINED
    assert file.quarantine_reason == "content_type_mismatch"
    with pytest.raises(InvalidTransition):
        file.receive(size_bytes=5, checksum="c", content_type="image/png",
                     kind=MediaKind.IMAGE, matches=True, now=NOW)


def test_folders_have_paths_in_their_library():
    top = MediaFolder.create(id="mfd_1", owner_id="usr_1", site_id=None, name=" Covers ",
                             parent=None, now=NOW)
    inner = MediaFolder.create(id="mfd_2", owner_id="usr_1", site_id=None, name="2026",
                               parent=top, now=NOW)
    assert (top.path, inner.path, inner.parent_id) == ("/Covers", "/Covers/2026", "mfd_1")
    assert top.scope == scope_of(owner_id="usr_1", site_id=None) == "user:usr_1"
    assert scope_of(owner_id="usr_1", site_id="sit_1") == "site:sit_1"
    assert top.is_ancestor_of(inner) and not inner.is_ancestor_of(top)
    old = top.rename("Art", now=NOW)
    inner.reparent(old, top.path, now=NOW)
    assert inner.path == "/Art/2026"
    for name in ("", "a/b", "..", "x" * 101):
        with pytest.raises(RuleViolation):
            check_folder_name(name)


def test_folders_nest_ten_deep_at_most():
    parent = None
    for depth in range(10):
        parent = MediaFolder.create(id=f"mfd_{depth}", owner_id="u", site_id=None, name="d",
                                    parent=parent, now=NOW)
    with pytest.raises(RuleViolation) as bad:
        MediaFolder.create(id="mfd_x", owner_id="u", site_id=None, name="d", parent=parent,
                           now=NOW)
    assert bad.value.code == "folder_too_deep"


def an_intent(**fields) -> UploadIntent:
    values = dict(id="upl_1", owner_id="usr_1", uploaded_by_id="usr_1", media_id="med_1",
                  key="media/k", content_type="image/png", expected_bytes=10, max_bytes=10,
                  expires_at=NOW + timedelta(hours=1), created_at=NOW)
    return UploadIntent(**{**values, **fields})


def test_an_upload_completes_once_in_time_and_within_its_size():
    intent = an_intent()
    with pytest.raises(RuleViolation) as big:
        intent.complete(size_bytes=11, now=NOW)
    assert big.value.code == "file_too_large"
    with pytest.raises(RuleViolation) as late:
        intent.complete(size_bytes=10, now=NOW + timedelta(hours=1))
    assert late.value.code == "upload_expired"
    intent.complete(size_bytes=10, now=NOW)
    assert intent.completed
    with pytest.raises(InvalidTransition):
        intent.complete(size_bytes=10, now=NOW)


@pytest.mark.parametrize(("header", "expected"), [
    (None, None), ("bytes=0-99", (0, 100)), ("bytes=100-", (100, 1000)),
    ("bytes=-100", (900, 1000)), ("bytes=990-2000", (990, 1000)), ("bytes=-5000", (0, 1000)),
    ("bytes=0-1,5-6", None), ("items=0-1", None), ("bytes=5-1", None), ("bytes=-", None),
])
def test_byte_ranges(header, expected):
    assert byte_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_ranges_outside_the_file_are_not_satisfiable(header):
    with pytest.raises(RuleViolation) as bad:
        byte_range(header, 1000)
    assert bad.value.code == "range_not_satisfiable"
