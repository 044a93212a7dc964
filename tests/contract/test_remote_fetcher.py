"""One contract for fetching a file from a URL: the HTTP adapter (against a server on
127.0.0.1, which only these tests' address policy admits) and the in-memory stand-in.
Then what only the HTTP adapter does: checking every resolved address, connecting to the one
checked, capping a body that announces no length."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ownverso.adapters.ip_policy import is_public_address
from ownverso.adapters.memory.remote_fetcher import InMemoryRemoteFetcher
from ownverso.adapters.remote_fetcher import HttpRemoteFetcher
from ownverso.services.ports import RemoteFetchRefused
from tests.support.media import png
from tests.support.network import free_port


def loopback_too(address: str) -> bool:
    """The public policy, plus the test server's 127.0.0.1 (and nothing else private)."""
    return address == "127.0.0.1" or is_public_address(address)


class Handler(BaseHTTPRequestHandler):
    routes: dict = {}
    seen: list = []

    def do_GET(self):  # the http.server API names it so
        self.seen.append((self.path, self.headers.get("Host")))
        status, headers, body = self.routes.get(self.path, (404, {}, b"not found"))
        if status == "stream":  # no Content-Length: the body ends when the connection does
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(body):
                self.wfile.write(b"x" * 1024)
            return
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(autouse=True)
def clean_routes():
    Handler.routes.clear()
    Handler.seen.clear()


class HttpSide:
    def __init__(self, base: str):
        self.base, self.fetcher = base, HttpRemoteFetcher(allow_address=loopback_too)

    def serve(self, path, body=b"", *, status=200, **headers) -> str:
        Handler.routes[path] = (status, headers, body)
        return self.base + path


class MemorySide:
    base = "https://files.example.com"

    def __init__(self):
        self.fetcher = InMemoryRemoteFetcher()

    def serve(self, path, body=b"", *, status=200, **headers) -> str:
        content_type = headers.pop("Content-Type", None)
        self.fetcher.serve(self.base + path, body, content_type=content_type, status=status,
                           **headers)
        return self.base + path


@pytest.fixture(params=["http", "memory"])
def side(request):
    return HttpSide(request.getfixturevalue("server")) if request.param == "http" \
        else MemorySide()


def refused(fetcher, url, max_bytes=10_000) -> str:
    with pytest.raises(RemoteFetchRefused) as error:
        fetcher.fetch(url, max_bytes=max_bytes)
    return error.value.code


def test_a_file_is_fetched_with_what_the_server_says_of_it(side):
    data = png()
    url = side.serve("/art/moon%20cover.png?size=large", data, **{"Content-Type": "image/png"})
    fetched = side.fetcher.fetch(url, max_bytes=10_000)
    assert (fetched.data, fetched.content_type, fetched.filename, fetched.url) == (
        data, "image/png", "moon cover.png", url)


def test_a_redirect_is_refused_not_followed(side):
    url = side.serve("/moved", status=302, Location="http://169.254.169.254/")
    assert refused(side.fetcher, url) == "redirect_not_followed"


def test_a_body_over_the_cap_is_refused(side):
    url = side.serve("/big.pdf", b"%PDF-" + b"0" * 200)
    assert refused(side.fetcher, url, max_bytes=100) == "file_too_large"
    assert side.fetcher.fetch(url, max_bytes=205).data.startswith(b"%PDF-")


def test_an_error_status_is_a_failed_fetch(side):
    assert refused(side.fetcher, side.serve("/gone", b"", status=410)) == "fetch_failed"


@pytest.mark.parametrize("url", ["ftp://example.com/a", "file:///etc/passwd", "example.com/a",
                                 "http://user:pw@example.com/a", "http:///a", "",
                                 "http://example.com:99999/a", "https://" + "a" * 3000])
def test_urls_that_are_not_plain_http_are_refused(side, url):
    assert refused(side.fetcher, url) == "invalid_url"


def test_private_address_literals_are_refused(side):
    for url in ("http://10.0.0.1/a", "http://[::1]/a", "http://169.254.169.254/latest",
                "http://[::ffff:127.0.0.1]/a", "http://0.0.0.0/a"):
        assert refused(side.fetcher, url) == "address_not_allowed"


# -- the HTTP adapter only --------------------------------------------------------------------
def test_by_default_the_loopback_test_server_is_refused(server):
    Handler.routes["/a.png"] = (200, {}, png())
    assert refused(HttpRemoteFetcher(), server + "/a.png") == "address_not_allowed"
    assert Handler.seen == []  # refused before connecting


def test_every_resolved_address_must_be_allowed():
    def resolve(host, port, **kwargs):
        return [(2, 1, 6, "", ("93.184.215.14", port)), (2, 1, 6, "", ("10.0.0.7", port))]

    fetcher = HttpRemoteFetcher(resolve=resolve)
    assert refused(fetcher, "https://mixed.example.test/a.png") == "address_not_allowed"


def test_the_connection_goes_to_the_address_checked_under_the_name_asked(server):
    port = int(server.rsplit(":", 1)[1])
    lookups = []

    def resolve(host, port, **kwargs):
        lookups.append(host)
        return [(2, 1, 6, "", ("127.0.0.1", port))]

    Handler.routes["/a.png"] = (200, {"Content-Type": "image/png"}, png())
    fetcher = HttpRemoteFetcher(allow_address=loopback_too, resolve=resolve)
    fetched = fetcher.fetch(f"http://media.example.test:{port}/a.png", max_bytes=10_000)

    assert fetched.data == png() and lookups == ["media.example.test"]  # resolved once
    assert Handler.seen == [("/a.png", f"media.example.test:{port}")]


def test_a_body_without_a_length_is_capped_while_it_streams(server):
    Handler.routes["/endless"] = ("stream", {}, 64)  # 64 KiB, no Content-Length
    fetcher = HttpRemoteFetcher(allow_address=loopback_too)
    assert refused(fetcher, server + "/endless", max_bytes=10_000) == "file_too_large"
    assert len(fetcher.fetch(server + "/endless", max_bytes=70_000).data) == 64 * 1024


def test_an_unresolvable_or_unreachable_host_is_a_failed_fetch():
    def nowhere(host, port, **kwargs):
        raise OSError("Name or service not known")

    assert refused(HttpRemoteFetcher(resolve=nowhere), "https://nowhere.test/a") == \
        "fetch_failed"
    closed = HttpRemoteFetcher(allow_address=loopback_too, timeout=2)
    assert refused(closed, f"http://127.0.0.1:{free_port()}/a") == "fetch_failed"
