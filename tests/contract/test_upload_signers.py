"""One contract for presigned uploads: the app's own signed route (through the Flask test
client) and S3 (a real HTTP POST of the presigned form to moto's server).

A client sends the form ``fields`` then the file as ``file`` to ``url``; the file lands at
the signed key with the signed content type. What S3 refuses by its POST policy (size, type,
key, expiry) moto does not enforce, so for S3 the policy document itself is checked."""

import base64
import io
import json
import uuid
from datetime import timedelta

import boto3
import pytest
import requests

from ownverso.adapters.clock import FixedClock
from ownverso.adapters.local_upload_signer import LocalUploadSigner
from ownverso.adapters.s3_storage import S3FileStorage
from ownverso.adapters.s3_upload_signer import S3UploadSigner
from ownverso.entrypoints.app import create_app
from ownverso.services.ports import InvalidUploadToken
from tests.support.media import PDF
from tests.support.network import free_port

CREDENTIALS = {"access_key": "testing", "secret_key": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


class LocalSide:
    """The embedded default: the app's signer, its storage and its route."""

    def __init__(self):
        self.app = create_app(env="test")
        self.signer, self.storage = self.app.container.upload_signer(), self.app.container.storage()
        self.client = self.app.test_client()

    def send(self, presigned: dict, data: bytes, fields: dict | None = None) -> int:
        path = presigned["url"].split("://", 1)[1].split("/", 1)[1]
        form = {**presigned["fields"], **(fields or {}), "file": (io.BytesIO(data), "a.pdf")}
        return self.client.post("/" + path, data=form, content_type="multipart/form-data",
                                headers=presigned["headers"]).status_code

    def content_type(self, key: str) -> str:
        return self.storage.files[key][1]


class S3Side:
    def __init__(self, endpoint: str):
        bucket = f"uploads-{uuid.uuid4().hex[:12]}"
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                     aws_access_key_id="testing", aws_secret_access_key="testing",
                     ).create_bucket(Bucket=bucket)
        self.storage = S3FileStorage(bucket=bucket, region="us-east-1", endpoint_url=endpoint,
                                     prefix="tenant", **CREDENTIALS)
        self.signer = S3UploadSigner(self.storage, region="us-east-1", endpoint_url=endpoint,
                                     **CREDENTIALS)

    def send(self, presigned: dict, data: bytes, fields: dict | None = None) -> int:
        form = {**presigned["fields"], **(fields or {})}
        return requests.post(presigned["url"], data=form, headers=presigned["headers"],
                             files={"file": ("a.pdf", data, "application/pdf")},
                             timeout=10).status_code

    def content_type(self, key: str) -> str:
        return self.storage.client.head_object(
            Bucket=self.storage.bucket, Key=self.storage.object_key(key))["ContentType"]


@pytest.fixture(params=["local", "s3"])
def side(request, monkeypatch):
    if request.param == "local":
        return LocalSide()
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    return S3Side(request.getfixturevalue("s3_endpoint"))


def test_a_presigned_form_puts_the_file_at_the_signed_key(side):
    presigned = side.signer.presign_upload("media/usr_1/med_1/report.pdf",
                                           content_type="application/pdf",
                                           max_bytes=len(PDF), expires_in=600)

    assert presigned["method"] == "POST" and presigned["url"].startswith("http")
    assert presigned["fields"]["Content-Type"] == "application/pdf"
    assert side.send(presigned, PDF) in (200, 201, 204)
    assert side.storage.read("media/usr_1/med_1/report.pdf") == PDF
    assert side.content_type("media/usr_1/med_1/report.pdf") == "application/pdf"


def test_the_signer_refuses_unsafe_keys(side):
    with pytest.raises(ValueError):
        side.signer.presign_upload("../escape.pdf", content_type="application/pdf",
                                   max_bytes=10, expires_in=60)


def test_no_token_verifies_unless_the_app_signed_it(side):
    with pytest.raises(InvalidUploadToken):
        side.signer.verify("forged.token")


def test_the_s3_policy_pins_key_type_size_and_expiry(s3_endpoint, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    s3 = S3Side(s3_endpoint)
    presigned = s3.signer.presign_upload("media/a.pdf", content_type="application/pdf",
                                         max_bytes=1234, expires_in=600)
    fields = presigned["fields"]
    policy = json.loads(base64.b64decode(fields["policy"]))

    assert fields["key"] == "tenant/media/a.pdf"
    assert fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256"  # Signature Version 4
    assert ["content-length-range", 1, 1234] in policy["conditions"]
    assert {"Content-Type": "application/pdf"} in policy["conditions"]
    assert {"key": "tenant/media/a.pdf"} in policy["conditions"]
    assert {"bucket": s3.storage.bucket} in policy["conditions"]
    assert policy["expiration"]
    with pytest.raises(InvalidUploadToken):  # S3 checks its own signatures
        s3.signer.verify("anything")


# -- the app's own route: what S3 enforces by policy, the route enforces itself ----------------
@pytest.fixture
def local():
    return LocalSide()


def sign(local, **changes):
    args = {"content_type": "application/pdf", "max_bytes": len(PDF), "expires_in": 600,
            **changes}
    return local.signer.presign_upload("media/usr_1/med_1/a.pdf", **args)


def test_the_route_refuses_a_file_larger_than_signed(local):
    assert local.send(sign(local, max_bytes=len(PDF) - 1), PDF) == 413
    assert not local.storage.exists("media/usr_1/med_1/a.pdf")


def test_the_route_refuses_another_content_type_than_signed(local):
    response_status = local.send(sign(local), PDF, fields={"Content-Type": "text/html"})
    assert response_status == 403
    assert not local.storage.exists("media/usr_1/med_1/a.pdf")


def test_the_route_refuses_an_altered_or_expired_token(local):
    presigned = sign(local)
    body = presigned["url"].rsplit("/", 1)[1].split(".")[0]
    other = local.signer.presign_upload("media/usr_2/med_9/b.pdf",
                                        content_type="application/pdf", max_bytes=10**6,
                                        expires_in=600)
    other_body = other["url"].rsplit("/", 1)[1].split(".")[0]
    forged = {**presigned, "url": presigned["url"].replace(body, other_body)}
    assert local.send(forged, PDF) == 403  # a body signed for nothing

    local.app.container.clock().advance(timedelta(seconds=601))
    response = local.client.post(presigned["url"].split("8000", 1)[1],
                                 data={"file": (io.BytesIO(PDF), "a.pdf")},
                                 content_type="multipart/form-data")
    assert response.status_code == 403 and response.json["error"] == "upload_token_expired"
    assert local.storage.files == {}


def test_the_route_needs_the_file(local):
    presigned = sign(local)
    path = presigned["url"].split("8000", 1)[1]
    response = local.client.post(path, data=presigned["fields"],
                                 content_type="multipart/form-data")
    assert response.status_code == 400 and response.json["error"] == "file_missing"


def test_local_tokens_are_bound_to_the_secret_and_the_clock():
    clock = FixedClock()
    signer = LocalUploadSigner(secret_key="one", base_url="http://x", clock=clock)
    token = signer.token("media/a.pdf", content_type="application/pdf", max_bytes=10,
                         expires_in=60)
    grant = signer.verify(token)
    assert (grant.key, grant.content_type, grant.max_bytes) == (
        "media/a.pdf", "application/pdf", 10)
    with pytest.raises(InvalidUploadToken):
        LocalUploadSigner(secret_key="two", base_url="http://x", clock=clock).verify(token)
    clock.advance(seconds=60)
    with pytest.raises(InvalidUploadToken) as expired:
        signer.verify(token)
    assert expired.value.code == "upload_token_expired"
