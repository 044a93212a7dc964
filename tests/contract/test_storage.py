"""One contract for every file storage: local disk, memory, and S3 (moto's server over HTTP)."""

import uuid

import boto3
import pytest

from ownverso.adapters.s3_storage import S3FileStorage
from ownverso.adapters.storage import InMemoryFileStorage, LocalFileStorage
from tests.support.network import free_port

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40 + b"\x00\xff"
CREDENTIALS = {"access_key": "testing", "secret_key": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(params=["local", "memory", "s3"])
def storage(request, tmp_path, monkeypatch):
    if request.param == "local":
        return LocalFileStorage(tmp_path / "media", base_url="https://app.test/media/")
    if request.param == "memory":
        return InMemoryFileStorage(base_url="https://app.test/media")
    endpoint = request.getfixturevalue("s3_endpoint")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    bucket = f"contract-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                 aws_access_key_id="testing", aws_secret_access_key="testing",
                 ).create_bucket(Bucket=bucket)
    return S3FileStorage(bucket=bucket, region="us-east-1", endpoint_url=endpoint,
                         **CREDENTIALS)


def test_binary_data_round_trips(storage):
    stored = storage.save("covers/usr_1/cover.png", PNG, content_type="image/png")

    assert storage.read("covers/usr_1/cover.png") == PNG
    assert stored.key == "covers/usr_1/cover.png"
    assert stored.size == len(PNG)
    assert stored.content_type == "image/png"
    assert stored.url == storage.url("covers/usr_1/cover.png")


def test_saving_again_replaces_the_content(storage):
    storage.save("avatars/a.webp", b"old", content_type="image/webp")
    storage.save("avatars/a.webp", b"", content_type="image/webp")
    assert storage.read("avatars/a.webp") == b""
    storage.save("avatars/a.webp", b"new", content_type="image/webp")
    assert storage.read("avatars/a.webp") == b"new"


def test_exists_and_delete(storage):
    storage.save("avatars/a.webp", b"a", content_type="image/webp")
    storage.save("avatars/b.webp", b"b", content_type="image/webp")
    assert storage.exists("avatars/a.webp")
    assert not storage.exists("avatars/c.webp")
    assert not storage.exists("avatars")  # a folder of files is not itself a file

    storage.delete("avatars/a.webp")

    assert not storage.exists("avatars/a.webp")
    assert storage.read("avatars/b.webp") == b"b"
    storage.delete("avatars/a.webp")  # deleting a missing file is fine
    storage.delete("never/saved.txt")
    assert storage.exists("avatars/b.webp")


def test_reading_a_missing_file_raises_file_not_found(storage):
    with pytest.raises(FileNotFoundError):
        storage.read("missing/file.png")
    storage.save("docs/a.txt", b"a", content_type="text/plain")
    storage.delete("docs/a.txt")
    with pytest.raises(FileNotFoundError):
        storage.read("docs/a.txt")


def test_a_folder_key_is_not_a_file(storage):
    storage.save("docs/a.txt", b"a", content_type="text/plain")
    with pytest.raises(FileNotFoundError):
        storage.read("docs")
    storage.delete("docs")  # nothing to delete, and the file inside stays
    assert storage.read("docs/a.txt") == b"a"


def test_url_names_the_key(storage):
    url = storage.url("covers/usr_1/cover.png")
    assert url.startswith(("http://", "https://"))
    assert url.endswith("/covers/usr_1/cover.png")
    assert "//covers" not in url


@pytest.mark.parametrize("key", ["../x", "/abs", "a/../../etc/passwd", "", "/"])
def test_unsafe_keys_are_refused(storage, key):
    for attempt in (lambda: storage.save(key, b"x", content_type="text/plain"),
                    lambda: storage.read(key), lambda: storage.exists(key),
                    lambda: storage.delete(key), lambda: storage.url(key)):
        with pytest.raises(ValueError):
            attempt()


def test_local_files_stay_under_the_root(tmp_path):
    storage = LocalFileStorage(tmp_path / "media", base_url="/media")
    storage.save("covers/x.png", b"x", content_type="image/png")
    assert (tmp_path / "media" / "covers" / "x.png").read_bytes() == b"x"
    assert [p.name for p in (tmp_path / "media" / "covers").iterdir()] == ["x.png"]
    with pytest.raises(ValueError):
        storage.save("../outside.png", b"x", content_type="image/png")
    assert not (tmp_path / "outside.png").exists()


def test_s3_stores_the_content_type_and_honours_the_prefix(s3_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    bucket = f"contract-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    client.create_bucket(Bucket=bucket)
    storage = S3FileStorage(bucket=bucket, region="us-east-1", endpoint_url=s3_endpoint,
                            prefix="/tenant-7/", public_base_url="https://cdn.test/",
                            **CREDENTIALS)
    storage.ping()

    storage.save("covers/x.png", PNG, content_type="image/png")

    head = client.head_object(Bucket=bucket, Key="tenant-7/covers/x.png")
    assert head["ContentType"] == "image/png" and head["ContentLength"] == len(PNG)
    assert storage.url("covers/x.png") == "https://cdn.test/tenant-7/covers/x.png"
    assert storage.read("covers/x.png") == PNG
