"""The pages of comic chapters through the service, on the in-memory suite: uploads checked by
content and counted against storage, processing as a job, order kept all-or-nothing."""

import io

import pytest
from PIL import Image

from ownverso.container import build_container
from ownverso.domain.accounts.tiers import GIB
from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.chapter_images import ImageStatus
from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.values import ContentType
from ownverso.domain.sites.site import Site
from ownverso.entrypoints.bootstrap import wire
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, QuotaExceeded, ValidationFailed
from ownverso.services.publishing.chapter_images import Upload
from tests.factories.identity import UserFactory


def picture(width=40, height=120, color="navy", fmt="PNG", exif: bool = False) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (width, height), color)
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "SecretCam"  # Make
        image.save(out, format=fmt, exif=tags.tobytes())
    else:
        image.save(out, format=fmt)
    return out.getvalue()


@pytest.fixture
def container():
    container = build_container(env="test")
    wire(container)
    return container


@pytest.fixture
def owner(container):
    user, other = UserFactory(username="owner"), UserFactory(username="other")
    with container.uow() as uow:
        uow.users.add(user)
        uow.users.add(other)
        now = container.clock().now()
        uow.sites.add(Site(id="site_1", author_id=user.id, slug="ink", name="Ink",
                           created_at=now, updated_at=now))
        for sid, kind in (("ser_comic", ContentType.WEBTOON), ("ser_novel", ContentType.WEB_NOVEL)):
            uow.series.add(Series(id=sid, author_id=user.id, site_id="site_1", slug=sid,
                                  title=sid, synopsis="", content_type=kind, created_at=now,
                                  updated_at=now))
            uow.chapters.add(Chapter(id=f"chp_{sid}", series_id=sid, site_id="site_1",
                                     author_id=user.id, slug="one", chapter_number=1.0,
                                     created_at=now, updated_at=now))
        uow.commit()
    return {"owner": user, "other": other}


def me(user) -> Actor:
    return Actor(user_id=user.id, session_id="ses_test", role=user.role)


COMIC = "chp_ser_comic"


def storage_used(container, user) -> int:
    with container.uow() as uow:
        return uow.users.get(user.id).storage_used_bytes


def test_an_upload_is_stored_counted_and_processed_by_the_job(container, owner):
    images, data = container.chapter_images(), picture(40, 900)
    image = images.upload(actor=me(owner["owner"]), chapter_id=COMIC, file=Upload(data),
                          alt_text="  Panel   one ")
    assert image.status == ImageStatus.PROCESSED
    assert (image.position, image.width, image.height) == (1, 40, 900)
    assert image.alt_text == "Panel one" and image.content_type == "image/png"
    assert image.average_color == "#000080"
    assert image.placeholder.startswith("data:image/png;base64,") and len(image.placeholder) < 800
    storage = container.storage()
    assert storage.read(image.storage_key) == data
    with Image.open(io.BytesIO(storage.read(image.thumbnail_key))) as thumb:
        assert thumb.format == "WEBP" and thumb.size == (40, 80)  # the top of a long strip
    assert storage_used(container, owner["owner"]) == len(data) + image.thumbnail_bytes
    assert container.jobs().ran[-1][0].endswith("publishing_io.process_chapter_image")


def test_pages_with_camera_metadata_are_stored_without_it(container, owner):
    data = picture(fmt="JPEG", exif=True)
    assert b"SecretCam" in data
    image = container.chapter_images().upload(actor=me(owner["owner"]), chapter_id=COMIC,
                                              file=Upload(data))
    stored = container.storage().read(image.storage_key)
    assert b"SecretCam" not in stored and image.size_bytes == len(stored)
    assert storage_used(container, owner["owner"]) == image.stored_bytes


def test_only_comic_chapters_have_images(container, owner):
    with pytest.raises(ValidationFailed) as refused:
        container.chapter_images().upload(actor=me(owner["owner"]), chapter_id="chp_ser_novel",
                                          file=Upload(picture()))
    assert refused.value.code == "not_a_comic_series"


def test_files_are_checked_by_content_and_a_bad_one_stops_the_whole_bulk(container, owner):
    images = container.chapter_images()
    with pytest.raises(ValidationFailed) as refused:
        images.upload(actor=me(owner["owner"]), chapter_id=COMIC,
                      file=Upload(b"GIF89a but not really", filename="page.gif"))
    assert refused.value.code == "invalid_image"
    with pytest.raises(ValidationFailed) as refused:
        images.upload_many(actor=me(owner["owner"]), chapter_id=COMIC,
                           files=[Upload(picture()), Upload(picture(fmt="BMP"))])
    assert refused.value.code == "unsupported_image" and "files[1]" in refused.value.fields
    assert images.list(actor=me(owner["owner"]), chapter_id=COMIC) == ([], 0)
    assert container.storage().files == {}


def test_storage_over_the_tier_limit_is_refused_with_its_code(container, owner):
    with container.uow() as uow:
        uow.users.get(owner["owner"].id).storage_used_bytes = GIB - 10
        uow.commit()
    with pytest.raises(QuotaExceeded) as refused:
        container.chapter_images().upload(actor=me(owner["owner"]), chapter_id=COMIC,
                                          file=Upload(picture()))
    assert refused.value.code == "storage_limit_exceeded"
    assert container.storage().files == {}


def test_bulk_pages_go_at_the_end_in_the_order_sent(container, owner):
    images, who = container.chapter_images(), me(owner["owner"])
    first = images.upload(actor=who, chapter_id=COMIC, file=Upload(picture(color="red")))
    more = images.upload_many(actor=who, chapter_id=COMIC,
                              files=[Upload(picture(color=c)) for c in ("green", "blue")])
    assert [(i.position, i.average_color) for i in more] == [(2, "#008000"), (3, "#0000ff")]
    listed, total = images.list(actor=who, chapter_id=COMIC)
    assert total == 3 and [i.id for i in listed] == [first.id, *(i.id for i in more)]


def test_reorder_names_every_page_once_or_changes_nothing(container, owner):
    images, who = container.chapter_images(), me(owner["owner"])
    ids = [i.id for i in images.upload_many(actor=who, chapter_id=COMIC,
                                            files=[Upload(picture()) for _ in range(3)])]
    for wrong in ([ids[0], ids[1]], [*ids, ids[0]], [ids[0], ids[1], "cimg_other"]):
        with pytest.raises(ValidationFailed) as refused:
            images.reorder(actor=who, chapter_id=COMIC, image_ids=wrong)
        assert refused.value.code == "invalid_image_order"
    assert [i.id for i in images.list(actor=who, chapter_id=COMIC)[0]] == ids
    reordered = images.reorder(actor=who, chapter_id=COMIC, image_ids=ids[::-1])
    assert [(i.id, i.position) for i in reordered] == list(zip(ids[::-1], (1, 2, 3), strict=True))


def test_moving_describing_and_deleting_a_page(container, owner):
    images, who = container.chapter_images(), me(owner["owner"])
    ids = [i.id for i in images.upload_many(actor=who, chapter_id=COMIC,
                                            files=[Upload(picture()) for _ in range(3)])]
    moved = images.update(actor=who, chapter_id=COMIC, image_id=ids[2],
                          changes={"position": 1, "alt_text": "Cover"})
    assert (moved.position, moved.alt_text) == (1, "Cover")
    assert [i.id for i in images.list(actor=who, chapter_id=COMIC)[0]] == [ids[2], ids[0], ids[1]]
    with pytest.raises(ValidationFailed):
        images.update(actor=who, chapter_id=COMIC, image_id=ids[0], changes={"alt_text": "x" * 501})
    gone = images.get(actor=who, chapter_id=COMIC, image_id=ids[0])
    before = storage_used(container, owner["owner"])
    images.delete(actor=who, chapter_id=COMIC, image_id=ids[0])
    assert storage_used(container, owner["owner"]) == before - gone.stored_bytes
    assert not container.storage().exists(gone.storage_key)
    assert not container.storage().exists(gone.thumbnail_key)
    assert [(i.id, i.position) for i in images.list(actor=who, chapter_id=COMIC)[0]] == [
        (ids[2], 1), (ids[1], 2)]
    with pytest.raises(NotFound):
        images.get(actor=who, chapter_id=COMIC, image_id=ids[0])


def test_a_page_that_cannot_be_processed_is_marked_failed_and_can_be_run_again(container,
                                                                               owner):
    images, who = container.chapter_images(), me(owner["owner"])
    image = images.upload(actor=who, chapter_id=COMIC, file=Upload(picture()))
    container.storage().save(image.storage_key, b"corrupted", content_type="image/png")
    assert images.reprocess(actor=who, chapter_id=COMIC, image_id=image.id).status == \
        ImageStatus.FAILED
    container.storage().save(image.storage_key, picture(), content_type="image/png")
    again = images.reprocess(actor=who, chapter_id=COMIC, image_id=image.id)
    assert again.status == ImageStatus.PROCESSED and again.processing_error is None


def test_another_author_finds_no_chapter_and_no_image(container, owner):
    images = container.chapter_images()
    image = images.upload(actor=me(owner["owner"]), chapter_id=COMIC, file=Upload(picture()))
    stranger = me(owner["other"])
    for call in (lambda: images.list(actor=stranger, chapter_id=COMIC),
                 lambda: images.get(actor=stranger, chapter_id=COMIC, image_id=image.id),
                 lambda: images.upload(actor=stranger, chapter_id=COMIC, file=Upload(picture())),
                 lambda: images.delete(actor=stranger, chapter_id=COMIC, image_id=image.id)):
        with pytest.raises(NotFound):
            call()
