"""Image variants through jobs (inline on the in-memory suite): resize, optimize, process."""

import io

import pytest
from PIL import Image

from ownverso.container import build_container
from ownverso.domain.accounts.tiers import GIB
from ownverso.entrypoints.bootstrap import wire
from ownverso.services.errors import Conflict, NotFound, ValidationFailed
from tests.support.media import PDF, add_user, image, png, set_usage, user_row


@pytest.fixture
def container():
    container = build_container(env="test")
    wire(container)  # the inline jobs
    return container


@pytest.fixture
def processing(container):
    return container.media_processing()


@pytest.fixture
def author(container):
    return add_user(container.uow)


@pytest.fixture
def photo(container, author):
    return container.media_uploads().upload(actor=author, data=image("JPEG", (400, 200)),
                                            filename="photo.jpg")


def decoded(container, variant):
    with Image.open(io.BytesIO(container.storage().read(variant["key"]))) as img:
        return img.format, img.size


def current(container, author, media_id):
    return container.media_library().get(actor=author, media_id=media_id)


@pytest.mark.parametrize(("args", "size"), [
    ({"width": 100, "fit": "contain"}, (100, 50)),
    ({"height": 100, "fit": "contain"}, (200, 100)),
    ({"width": 1000, "height": 1000, "fit": "contain"}, (400, 200)),  # never enlarged
    ({"width": 100, "height": 100, "fit": "cover"}, (100, 100)),
    ({"width": 90, "height": 30, "fit": "fill"}, (90, 30)),
])
def test_a_resize_job_makes_a_webp_variant(container, processing, author, photo, args, size):
    job = processing.request_resize(actor=author, media_id=photo.id, **args)

    assert job["operation"] == "resize" and job["job_id"]
    [variant] = processing.variants(actor=author, media_id=photo.id)
    assert variant["name"] == job["variant"]
    assert decoded(container, variant) == ("WEBP", size)
    assert (variant["width"], variant["height"]) == size
    assert container.jobs().ran[-1][0].endswith("resize_media")


def test_the_same_resize_again_replaces_its_variant_and_its_bytes(container, processing,
                                                                  author, photo):
    processing.request_resize(actor=author, media_id=photo.id, width=50)
    [first] = processing.variants(actor=author, media_id=photo.id)
    processing.request_resize(actor=author, media_id=photo.id, width=50)
    [second] = processing.variants(actor=author, media_id=photo.id)

    assert first["key"] != second["key"] and not container.storage().exists(first["key"])
    used = user_row(container.uow, author.user_id).storage_used_bytes
    assert used == photo.size_bytes + second["size_bytes"]


def test_optimize_and_process(container, processing, author, photo):
    processing.request_optimize(actor=author, media_id=photo.id, quality=40)
    processing.request_process(actor=author, media_id=photo.id)

    file = current(container, author, photo.id)
    names = {v["name"]: v for v in file.variants}
    assert set(names) == {"optimized", "thumbnail", "placeholder"}
    assert file.is_optimized and file.is_processed and file.processed_at
    assert (file.width, file.height) == (400, 200)
    assert decoded(container, names["thumbnail"])[1] == (320, 160)
    assert decoded(container, names["placeholder"])[1] == (16, 8)
    assert file.thumbnail_url == names["thumbnail"]["url"]
    assert file.placeholder_url == names["placeholder"]["url"]
    held = photo.size_bytes + sum(v["size_bytes"] for v in file.variants)
    assert user_row(container.uow, author.user_id).storage_used_bytes == held


def test_deleting_an_image_drops_its_variants_too(container, processing, author, photo):
    processing.request_process(actor=author, media_id=photo.id)
    keys = [v["key"] for v in current(container, author, photo.id).variants]
    container.media_library().delete(actor=author, media_id=photo.id)
    assert not any(container.storage().exists(k) for k in keys)
    assert user_row(container.uow, author.user_id).storage_used_bytes == 0


def test_variants_are_for_readable_images_only(container, processing, author):
    uploads = container.media_uploads()
    pdf = uploads.upload(actor=author, data=PDF, filename="a.pdf")
    lie = uploads.upload(actor=author, data=png(), filename="a.pdf")
    with pytest.raises(ValidationFailed) as not_image:
        processing.request_process(actor=author, media_id=pdf.id)
    assert not_image.value.code == "not_an_image"
    with pytest.raises(Conflict) as quarantined:
        processing.request_resize(actor=author, media_id=lie.id, width=10)
    assert quarantined.value.code == "media_quarantined"


@pytest.mark.parametrize(("args", "field"), [
    ({"fit": "zoom", "width": 10}, "fit"), ({}, "width"), ({"width": 10, "fit": "cover"}, "width"),
    ({"width": 0}, "width"), ({"width": 5000}, "width"),
])
def test_resize_arguments_are_checked(processing, author, photo, args, field):
    with pytest.raises(ValidationFailed) as bad:
        processing.request_resize(actor=author, media_id=photo.id, **args)
    assert field in bad.value.fields


def test_a_variant_past_the_storage_limit_is_recorded_as_an_error(container, processing,
                                                                 author, photo):
    set_usage(container.uow, author.user_id, storage_used_bytes=GIB)
    processing.request_process(actor=author, media_id=photo.id)
    file = current(container, author, photo.id)
    assert file.variants == [] and file.processing_error == "storage_limit_exceeded"
    assert not any("/variants/" in key for key in container.storage().files)


def test_someone_else_cannot_ask_for_variants(container, processing, photo):
    stranger = add_user(container.uow)
    for attempt in (lambda: processing.request_process(actor=stranger, media_id=photo.id),
                    lambda: processing.variants(actor=stranger, media_id=photo.id)):
        with pytest.raises(NotFound):
            attempt()


def test_a_job_for_a_file_gone_meanwhile_does_nothing(container, processing, author, photo):
    container.media_library().delete(actor=author, media_id=photo.id)
    assert processing.process(media_id=photo.id) == []
    assert processing.resize(media_id="med_missing", width=10, height=None, fit="contain") == []
