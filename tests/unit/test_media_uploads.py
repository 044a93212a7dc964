"""Getting files into the library on the in-memory suite: direct, presigned, from a URL; the
content decides the type, lies are quarantined, storage is counted on the owner."""

from datetime import timedelta

import pytest

from ownverso.container import build_container
from ownverso.domain.accounts.tiers import GIB
from ownverso.domain.media.file import MediaFile
from ownverso.domain.media.upload import UploadIntent
from ownverso.domain.media.values import MediaStatus
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import (
    Conflict,
    NotFound,
    PayloadTooLarge,
    PermissionDenied,
    QuotaExceeded,
    ValidationFailed,
)
from tests.support.media import (
    HTML,
    PDF,
    add_collaborator,
    add_site,
    add_user,
    epub,
    image,
    png,
    set_usage,
    user_row,
)


@pytest.fixture
def container():
    return build_container(env="test", media_max_bytes=4096)


@pytest.fixture
def uploads(container):
    return container.media_uploads()


@pytest.fixture
def storage(container):
    return container.storage()


@pytest.fixture
def fetcher(container):
    return container.remote_fetcher()


@pytest.fixture
def author(container):
    return add_user(container.uow)


def stored_file(container, media_id) -> MediaFile:
    with container.uow() as uow:
        return uow.media_files.get(media_id)


# -- direct uploads ----------------------------------------------------------------------------
def test_an_upload_is_stored_with_its_detected_type_and_counted(container, uploads, storage,
                                                                 author):
    data = image("JPEG", (30, 20))
    file = uploads.upload(actor=author, data=data, filename="Moon Cover.jpg",
                          content_type="image/jpeg", alt_text="A moon", tags=["Night"])

    assert file.status == MediaStatus.READY and file.quarantine_reason is None
    assert (file.content_type, file.kind, file.width, file.height) == (
        "image/jpeg", "IMAGE", 30, 20)
    assert file.filename == "Moon Cover.jpg" and file.storage_key.endswith("Moon-Cover.jpg")
    assert storage.read(file.storage_key) == data and file.url == storage.url(file.storage_key)
    assert (file.alt_text, file.tags, file.size_bytes) == ("A moon", ["night"], len(data))
    assert len(file.checksum) == 64
    assert user_row(container.uow, author.user_id).storage_used_bytes == len(data)
    assert stored_file(container, file.id).status == MediaStatus.READY


@pytest.mark.parametrize(("data", "filename", "declared"), [
    (png(), "cover.pdf", "application/pdf"),  # the type and the name lie
    (png(), "cover.png", "image/jpeg"),  # the type lies
    (PDF, "report.png", "application/octet-stream"),  # the name lies
    (epub(), "book.zip", "application/zip"),  # an EPUB is not sent as a plain zip
])
def test_a_content_its_declaration_belies_is_quarantined(container, uploads, storage, author,
                                                         data, filename, declared):
    file = uploads.upload(actor=author, data=data, filename=filename, content_type=declared)

    assert file.status == MediaStatus.QUARANTINED
    assert file.quarantine_reason == "content_type_mismatch"
    assert file.storage_key.startswith("quarantine/") and file.url is None
    assert storage.files[file.storage_key][1] == "application/octet-stream"
    assert not any(key.startswith("media/") for key in storage.files)


def test_a_file_without_a_declaration_is_named_after_its_content(uploads, author):
    file = uploads.upload(actor=author, data=PDF, filename="notes", content_type=None)
    assert file.status == MediaStatus.READY and file.filename == "notes.pdf"


@pytest.mark.parametrize("data", [HTML, b"", b"just text", b"\x89PNG\r\n\x1a\n garbage"])
def test_unknown_or_unreadable_contents_are_refused_and_nothing_is_kept(uploads, storage,
                                                                        author, data):
    with pytest.raises(ValidationFailed) as refused:
        uploads.upload(actor=author, data=data, filename="x.png", content_type="image/png")
    assert refused.value.code in ("file_type_not_allowed", "invalid_image")
    assert storage.files == {}


def test_a_file_over_the_size_cap_is_refused(uploads, author):
    with pytest.raises(PayloadTooLarge) as refused:
        uploads.upload(actor=author, data=PDF + b"0" * 4096, filename="big.pdf")
    assert refused.value.code == "file_too_large"


def test_an_upload_past_the_storage_limit_is_402_and_nothing_is_stored(container, uploads,
                                                                       storage, author):
    set_usage(container.uow, author.user_id, storage_used_bytes=GIB - 10)
    with pytest.raises(QuotaExceeded) as refused:
        uploads.upload(actor=author, data=png(), filename="a.png")
    assert refused.value.code == "storage_limit_exceeded"
    assert storage.files == {}
    assert user_row(container.uow, author.user_id).storage_used_bytes == GIB - 10


def test_a_site_upload_by_an_editor_belongs_to_the_site_author(container, uploads, author):
    editor, analyst = add_user(container.uow), add_user(container.uow)
    site = add_site(container.uow, author.user_id)
    add_collaborator(container.uow, site, editor.user_id, CollaboratorRole.EDITOR,
                     invited_by=author.user_id)
    add_collaborator(container.uow, site, analyst.user_id, CollaboratorRole.ANALYST,
                     invited_by=author.user_id)

    file = uploads.upload(actor=editor, data=png(), filename="a.png", site_id=site)

    assert (file.owner_id, file.uploaded_by_id, file.site_id) == (
        author.user_id, editor.user_id, site)
    assert user_row(container.uow, author.user_id).storage_used_bytes == file.size_bytes
    assert user_row(container.uow, editor.user_id).storage_used_bytes == 0
    with pytest.raises(PermissionDenied):  # an analyst reads media but does not write it
        uploads.upload(actor=analyst, data=png(), filename="a.png", site_id=site)
    with pytest.raises(NotFound):  # a stranger does not see the site at all
        uploads.upload(actor=add_user(container.uow), data=png(), filename="a.png",
                       site_id=site)


def test_an_upload_into_someone_elses_folder_finds_no_folder(container, uploads, author):
    folder = container.media_folders().create(actor=author, name="Mine")
    with pytest.raises(NotFound) as missing:
        uploads.upload(actor=add_user(container.uow), data=png(), filename="a.png",
                       folder_id=folder.id)
    assert missing.value.code == "folder_not_found"


# -- presigned uploads -------------------------------------------------------------------------
def sign(uploads, author, data=PDF, filename="report.pdf", content_type="application/pdf"):
    return uploads.signed_url(actor=author, filename=filename, content_type=content_type,
                              size_bytes=len(data))


def test_a_presigned_upload_completes_into_a_ready_file(container, uploads, storage, author):
    signed = sign(uploads, author)
    assert signed["method"] == "POST" and "/files/upload/" in signed["url"]
    assert signed["media"].status == MediaStatus.UPLOADING
    assert user_row(container.uow, author.user_id).storage_used_bytes == 0
    assert uploads.kit.signer.verify(signed["url"].rsplit("/", 1)[1]).max_bytes == len(PDF)
    storage.save(signed["media"].storage_key, PDF, content_type="application/pdf")

    file = uploads.complete(actor=author, upload_id=signed["upload_id"])

    assert (file.id, file.status, file.size_bytes) == (
        signed["media"].id, MediaStatus.READY, len(PDF))
    assert signed["media"].storage_key.startswith("incoming/")  # unchecked: never linked
    assert file.storage_key.startswith("media/") and file.url == storage.url(file.storage_key)
    assert list(storage.files) == [file.storage_key]
    assert user_row(container.uow, author.user_id).storage_used_bytes == len(PDF)
    with pytest.raises(Conflict) as again:
        uploads.complete(actor=author, upload_id=signed["upload_id"])
    assert again.value.code == "upload_already_completed"


def test_a_presigned_upload_whose_content_lies_is_quarantined_on_completion(uploads, storage,
                                                                            author):
    data = png()
    signed = sign(uploads, author, data=data)  # announced as a PDF
    key = signed["media"].storage_key
    storage.save(key, data, content_type="application/pdf")
    file = uploads.complete(actor=author, upload_id=signed["upload_id"])

    assert file.status == MediaStatus.QUARANTINED and file.storage_key.startswith("quarantine/")
    assert not storage.exists(key) and storage.exists(file.storage_key)


def test_a_presigned_upload_is_checked_when_signing(uploads, author):
    cases = [(dict(content_type="text/html"), ValidationFailed, "file_type_not_allowed"),
             (dict(size_bytes=5000), PayloadTooLarge, "file_too_large"),
             (dict(filename="a.png"), ValidationFailed, "extension_mismatch")]
    for changes, error, code in cases:
        body = {"filename": "a.pdf", "content_type": "application/pdf", "size_bytes": 10,
                **changes}
        with pytest.raises(error) as refused:
            uploads.signed_url(actor=author, **body)
        assert refused.value.code == code


def test_completing_needs_the_upload_and_the_right_person(container, uploads, storage, author):
    signed = sign(uploads, author)
    with pytest.raises(ValidationFailed) as nothing:
        uploads.complete(actor=author, upload_id=signed["upload_id"])
    assert nothing.value.code == "upload_not_received"
    storage.save(signed["media"].storage_key, PDF, content_type="application/pdf")
    for actor, upload_id in ((add_user(container.uow), signed["upload_id"]),
                             (author, "upl_missing")):
        with pytest.raises(NotFound) as missing:
            uploads.complete(actor=actor, upload_id=upload_id)
        assert missing.value.code == "upload_not_found"


def test_a_larger_upload_than_announced_is_discarded(container, uploads, storage, author):
    signed = sign(uploads, author)
    key = signed["media"].storage_key
    storage.save(key, PDF + b"more", content_type="application/pdf")
    with pytest.raises(PayloadTooLarge):
        uploads.complete(actor=author, upload_id=signed["upload_id"])
    assert not storage.exists(key)
    assert stored_file(container, signed["media"].id) is None


def test_an_expired_upload_is_discarded_on_completion_and_by_the_purge(container, uploads,
                                                                      storage, author):
    late, forgotten = sign(uploads, author), sign(uploads, author)
    storage.save(late["media"].storage_key, PDF, content_type="application/pdf")
    container.clock().advance(timedelta(hours=2))

    with pytest.raises(Conflict) as expired:
        uploads.complete(actor=author, upload_id=late["upload_id"])
    assert expired.value.code == "upload_expired"
    assert not storage.exists(late["media"].storage_key)

    assert uploads.purge_expired() == 1
    assert stored_file(container, forgotten["media"].id) is None
    assert container.database().all(UploadIntent) == []


# -- from a URL --------------------------------------------------------------------------------
def test_a_file_is_fetched_from_a_public_url(uploads, fetcher, author):
    fetcher.serve("https://images.example.com/art/moon.png", png(), content_type="image/png")
    file = uploads.from_url(actor=author, url="https://images.example.com/art/moon.png",
                            tags=["art"])
    assert (file.status, file.filename, file.source_url, file.tags) == (
        MediaStatus.READY, "moon.png", "https://images.example.com/art/moon.png", ["art"])


def test_a_fetched_file_whose_server_lies_is_quarantined(uploads, fetcher, author):
    fetcher.serve("https://cdn.example.com/page", png(), content_type="text/html")
    assert uploads.from_url(actor=author, url="https://cdn.example.com/page").status == \
        MediaStatus.QUARANTINED


@pytest.mark.parametrize(("url", "code"), [
    ("http://127.0.0.1/a.png", "address_not_allowed"),
    ("http://169.254.169.254/latest/meta-data", "address_not_allowed"),
    ("http://[::1]/a.png", "address_not_allowed"),
    ("http://localhost/a.png", "address_not_allowed"),
    ("ftp://example.com/a.png", "invalid_url"),
    ("https://user:pw@example.com/a.png", "invalid_url"),
    ("https://example.com/moved.png", "redirect_not_followed"),
    ("https://example.com/missing.png", "fetch_failed"),
])
def test_fetching_refuses_private_addresses_redirects_and_bad_urls(uploads, fetcher, storage,
                                                                   author, url, code):
    fetcher.serve("https://example.com/moved.png", status=302, Location="http://10.0.0.1/")
    with pytest.raises(ValidationFailed) as refused:
        uploads.from_url(actor=author, url=url)
    assert refused.value.code == code and storage.files == {}


def test_a_fetched_file_over_the_cap_is_refused(uploads, fetcher, author):
    fetcher.serve("https://example.com/big.pdf", PDF + b"0" * 5000,
                  content_type="application/pdf")
    with pytest.raises(PayloadTooLarge) as refused:
        uploads.from_url(actor=author, url="https://example.com/big.pdf")
    assert refused.value.code == "file_too_large"


def test_nothing_is_fetched_for_someone_over_their_storage(container, uploads, fetcher, author):
    set_usage(container.uow, author.user_id, storage_used_bytes=GIB)
    fetcher.serve("https://example.com/a.png", png(), content_type="image/png")
    with pytest.raises(QuotaExceeded):
        uploads.from_url(actor=author, url="https://example.com/a.png")
    assert fetcher.fetched == []
