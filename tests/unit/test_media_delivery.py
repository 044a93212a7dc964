"""Download and stream (byte ranges), bandwidth counted on the owner, and the usage reports."""

import pytest

from ownverso.container import build_container
from ownverso.domain.accounts.tiers import GIB
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import Conflict, NotFound, QuotaExceeded
from ownverso.services.media.kit import RangeNotSatisfiable
from tests.support.media import (
    MP3,
    PDF,
    add_collaborator,
    add_site,
    add_user,
    png,
    set_usage,
    user_row,
)


@pytest.fixture
def container():
    return build_container(env="test")


@pytest.fixture
def delivery(container):
    return container.media_delivery()


@pytest.fixture
def usage(container):
    return container.media_usage()


@pytest.fixture
def author(container):
    return add_user(container.uow)


@pytest.fixture
def song(container, author):
    return container.media_uploads().upload(actor=author, data=MP3, filename="song.mp3")


def test_a_download_serves_the_whole_file_and_counts_bandwidth(container, delivery, author,
                                                               song):
    served = delivery.download(actor=author, media_id=song.id)
    assert served.data == MP3 and not served.partial
    assert user_row(container.uow, author.user_id).bandwidth_used_bytes == len(MP3)


def test_a_stream_serves_the_range_asked_for_and_counts_only_it(container, delivery, author,
                                                                song):
    served = delivery.stream(actor=author, media_id=song.id, range_header="bytes=10-19")
    assert served.data == MP3[10:20] and served.partial
    assert served.content_range == f"bytes 10-19/{len(MP3)}"
    whole = delivery.stream(actor=author, media_id=song.id, range_header=None)
    assert whole.data == MP3
    assert user_row(container.uow, author.user_id).bandwidth_used_bytes == 10 + len(MP3)


def test_a_range_outside_the_file_is_416(delivery, author, song):
    with pytest.raises(RangeNotSatisfiable) as refused:
        delivery.stream(actor=author, media_id=song.id, range_header=f"bytes={len(MP3)}-")
    assert refused.value.status == 416
    assert refused.value.headers["Content-Range"] == f"bytes */{len(MP3)}"


def test_serving_past_the_bandwidth_limit_is_402(container, delivery, author, song):
    set_usage(container.uow, author.user_id, bandwidth_used_bytes=10 * GIB - 5)
    with pytest.raises(QuotaExceeded) as refused:
        delivery.download(actor=author, media_id=song.id)
    assert refused.value.code == "bandwidth_limit_exceeded"
    assert delivery.stream(actor=author, media_id=song.id,
                           range_header="bytes=0-4").data == MP3[:5]  # 5 bytes still fit


def test_a_quarantined_file_is_never_served(container, delivery, author):
    lie = container.media_uploads().upload(actor=author, data=png(), filename="a.pdf")
    for attempt in (lambda: delivery.download(actor=author, media_id=lie.id),
                    lambda: delivery.stream(actor=author, media_id=lie.id, range_header=None)):
        with pytest.raises(Conflict) as refused:
            attempt()
        assert refused.value.code == "media_quarantined"


def test_site_files_are_served_to_collaborators_on_the_owners_bandwidth(container, delivery,
                                                                        author):
    analyst, stranger = add_user(container.uow), add_user(container.uow)
    site = add_site(container.uow, author.user_id)
    add_collaborator(container.uow, site, analyst.user_id, CollaboratorRole.ANALYST,
                     invited_by=author.user_id)
    file = container.media_uploads().upload(actor=author, data=PDF, filename="a.pdf",
                                            site_id=site)

    assert delivery.download(actor=analyst, media_id=file.id).data == PDF
    assert user_row(container.uow, author.user_id).bandwidth_used_bytes == len(PDF)
    assert user_row(container.uow, analyst.user_id).bandwidth_used_bytes == 0
    with pytest.raises(NotFound):
        delivery.download(actor=stranger, media_id=file.id)


def test_storage_and_bandwidth_reports(container, delivery, usage, author, song):
    site = add_site(container.uow, author.user_id)
    uploads = container.media_uploads()
    pdf = uploads.upload(actor=author, data=PDF, filename="a.pdf", site_id=site)
    picture = uploads.upload(actor=author, data=png(), filename="a.png", site_id=site)
    delivery.download(actor=author, media_id=pdf.id)
    total = len(MP3) + len(PDF) + picture.size_bytes

    storage = usage.storage(actor=author)
    assert storage == {"used_bytes": total, "limit_bytes": GIB,
                       "remaining_bytes": GIB - total,
                       "percent_used": round(100 * total / GIB, 2), "file_count": 3}
    breakdown = usage.breakdown(actor=author)
    assert breakdown["total_bytes"] == breakdown["originals_bytes"] == total
    assert breakdown["by_kind"] == [
        {"kind": "AUDIO", "files": 1, "bytes": len(MP3)},
        {"kind": "DOCUMENT", "files": 1, "bytes": len(PDF)},
        {"kind": "IMAGE", "files": 1, "bytes": picture.size_bytes}]
    assert breakdown["by_site"] == [
        {"site_id": None, "files": 1, "bytes": len(MP3)},
        {"site_id": site, "files": 2, "bytes": len(PDF) + picture.size_bytes}]
    assert usage.bandwidth(actor=author)["used_bytes"] == len(PDF)
    limits = usage.limits(actor=author)
    assert limits["tier"] == "FREE" and limits["bandwidth_limit_bytes"] == 10 * GIB
    assert {"content_type": "application/epub+zip", "kind": "DOCUMENT",
            "extensions": [".epub"]} in limits["allowed_types"]
