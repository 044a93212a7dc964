"""One contract for signed download links: the app's own HMAC route (through the Flask test
client) and S3's presigned GET (a real HTTP GET against moto's server).

Either link answers the file at the signed key as an attachment under the signed name, with
its content type, never cached. moto checks neither SigV4 signatures nor expiries, so for S3
the signed query itself is checked; the app's route is checked for altered and expired
links."""

import uuid
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests

from ownverso.adapters.clock import FixedClock
from ownverso.adapters.hmac_download_signer import HmacDownloadSigner
from ownverso.adapters.s3_download_signer import S3DownloadSigner
from ownverso.adapters.s3_storage import S3FileStorage
from ownverso.container import build_container
from ownverso.domain.commerce.downloads import attachment
from ownverso.entrypoints.app import create_app
from ownverso.services.ports import InvalidDownloadLink
from tests.support.media import PDF
from tests.support.network import free_port

CREDENTIALS = {"access_key": "testing", "secret_key": "testing"}
KEY, NAME = "downloads/prd_1/med_1", "Pack été.pdf"


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
        self.signer = self.app.container.download_signer()
        self.storage = self.app.container.storage()
        self.client = self.app.test_client()

    def get(self, url: str) -> tuple[int, dict, bytes]:
        answer = self.client.get("/" + url.split("://", 1)[1].split("/", 1)[1])
        return answer.status_code, dict(answer.headers), answer.data


class S3Side:
    def __init__(self, endpoint: str):
        bucket = f"downloads-{uuid.uuid4().hex[:12]}"
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                     aws_access_key_id="testing", aws_secret_access_key="testing",
                     ).create_bucket(Bucket=bucket)
        self.storage = S3FileStorage(bucket=bucket, region="us-east-1", endpoint_url=endpoint,
                                     prefix="tenant", **CREDENTIALS)
        self.signer = S3DownloadSigner(self.storage, region="us-east-1", endpoint_url=endpoint,
                                       **CREDENTIALS)

    def get(self, url: str) -> tuple[int, dict, bytes]:
        answer = requests.get(url, timeout=10)
        return answer.status_code, dict(answer.headers), answer.content


@pytest.fixture(params=["local", "s3"])
def side(request, monkeypatch):
    if request.param == "local":
        return LocalSide()
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    return S3Side(request.getfixturevalue("s3_endpoint"))


def link(side, key: str = KEY, expires_in: int = 300) -> str:
    return side.signer.download_url(key=key, filename=NAME, content_type="application/pdf",
                                    expires_in=expires_in)


def test_a_link_downloads_the_file_as_an_attachment(side):
    side.storage.save(KEY, PDF, content_type="application/pdf")
    url = link(side)

    assert url.startswith("http")
    status, headers, body = side.get(url)
    headers = {k.lower(): v for k, v in headers.items()}
    assert (status, body) == (200, PDF)
    assert headers["content-disposition"] == attachment(NAME)
    assert headers["content-type"].startswith("application/pdf")
    assert headers["cache-control"] == "private, no-store"


def test_a_link_to_nothing_finds_nothing(side):
    # 404 from the app; S3 answers 403 for a missing key to whoever may not list the bucket
    assert side.get(link(side, "downloads/prd_1/gone"))[0] in (403, 404)


def test_the_signer_refuses_unsafe_keys(side):
    for key in ("../escape.pdf", "/abs/path", ""):
        with pytest.raises(ValueError):
            link(side, key)


def test_no_token_verifies_unless_the_app_signed_it(side):
    with pytest.raises(InvalidDownloadLink):
        side.signer.verify("forged.token")


# -- S3: what S3 enforces, the signed query pins ----------------------------------------------
def test_the_s3_link_signs_expiry_and_response_headers(s3_endpoint, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    s3 = S3Side(s3_endpoint)
    parts = urlsplit(link(s3, expires_in=300))
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}

    assert parts.path == f"/{s3.storage.bucket}/tenant/{KEY}"
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256" and query["X-Amz-Signature"]
    assert query["X-Amz-Expires"] == "300"
    assert query["response-content-disposition"] == attachment(NAME)
    assert query["response-content-type"] == "application/pdf"
    assert query["response-cache-control"] == "private, no-store"


# -- the app's own route: altered and expired links -------------------------------------------
def test_the_route_refuses_an_altered_or_expired_link():
    local = LocalSide()
    local.storage.save(KEY, PDF, content_type="application/pdf")
    url = link(local)
    body, signature = url.rsplit("/", 1)[1].split(".")
    other_body = link(local, "downloads/prd_2/med_2").rsplit("/", 1)[1].split(".")[0]
    for forged in (url.replace(signature, signature.upper()), url.replace(body, other_body)):
        status, _, data = local.get(forged)
        assert status == 403 and PDF not in data

    local.app.container.clock().advance(timedelta(seconds=300))
    status, _, data = local.get(url)
    assert status == 403 and b"expired_link" in data


def test_hmac_links_are_bound_to_the_secret_and_the_clock():
    clock = FixedClock()
    signer = HmacDownloadSigner(secret_key="one", base_url="http://x", clock=clock)
    token = signer.download_url(key=KEY, filename=NAME, content_type="application/pdf",
                                expires_in=60).rsplit("/", 1)[1]
    grant = signer.verify(token)
    assert (grant.key, grant.filename, grant.content_type, grant.expires_at) == (
        KEY, NAME, "application/pdf", clock.now() + timedelta(seconds=60))
    with pytest.raises(InvalidDownloadLink) as other_secret:
        HmacDownloadSigner(secret_key="two", base_url="http://x", clock=clock).verify(token)
    assert other_secret.value.code == "invalid_signature"
    clock.advance(seconds=60)
    with pytest.raises(InvalidDownloadLink) as expired:
        signer.verify(token)
    assert expired.value.code == "expired_link"


def test_the_container_picks_the_signer_with_the_storage(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    embedded = build_container(env="test")
    assert isinstance(embedded.download_signer(), HmacDownloadSigner)
    assert embedded.settings().download_url_ttl == 300  # five minutes unless configured
    s3 = build_container(env="test", storage_backend="s3", s3_bucket="ownverso-files",
                         download_url_ttl=120)
    assert isinstance(s3.download_signer(), S3DownloadSigner)
    assert s3.downloads().link_ttl == 120
