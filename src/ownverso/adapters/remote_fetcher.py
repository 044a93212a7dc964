"""Fetching a file from a URL a user gave, without letting them reach our own network.

The host is resolved once; every address it resolves to must be public (``ip_policy``), and the
connection goes to the address that was checked, so a second DNS answer cannot swap it
(rebinding). Redirects are refused, not followed; the size is capped while reading."""

import http.client
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ownverso.adapters.ip_policy import is_public_address
from ownverso.services.ports import FetchedFile, RemoteFetcher, RemoteFetchRefused

CHUNK = 64 * 1024
MAX_URL = 2048


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # IDNA-encoded
    port: int
    path: str  # path and query, as sent on the request line


def parse_url(url: str) -> Target:
    """A fetchable http(s) URL, or ``invalid_url``: no credentials, no fragment games."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        raise _refused("The URL is not valid.", "invalid_url") from None
    if len(url) > MAX_URL or parts.scheme not in ("http", "https") or not host \
            or parts.username is not None or parts.password is not None:
        raise _refused("Give an http:// or https:// URL without credentials.", "invalid_url")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme=parts.scheme, host=host,
                  port=port or (443 if parts.scheme == "https" else 80), path=path)


def filename_from(target: Target) -> str | None:
    last = unquote(target.path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1])
    return last or None


def _refused(message: str, code: str) -> RemoteFetchRefused:
    return RemoteFetchRefused(message, code=code)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Sends ``Host: <name>`` but connects to the address that was checked."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked address, with SNI and certificate checks for the host name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float,
                 context: ssl.SSLContext):
        super().__init__(host, port, timeout=timeout, context=context)
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class HttpRemoteFetcher(RemoteFetcher):
    """``allow_address`` decides which resolved addresses may be contacted (public ones by
    default; tests that serve from 127.0.0.1 pass a policy that admits it)."""

    def __init__(self, *, allow_address: Callable[[str], bool] = is_public_address,
                 timeout: float = 10.0, user_agent: str = "Ownverso-MediaFetcher/1.0",
                 resolve: Callable = socket.getaddrinfo):
        self.allow_address, self.timeout, self.user_agent = allow_address, timeout, user_agent
        self.resolve = resolve
        self.context = ssl.create_default_context()

    def checked_address(self, host: str, port: int) -> str:
        try:
            infos = self.resolve(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            raise _refused(f"The host {host} could not be resolved.", "fetch_failed") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not addresses:
            raise _refused(f"The host {host} has no address.", "fetch_failed")
        refused = [a for a in addresses if not self.allow_address(a)]
        if refused:
            raise _refused("The URL points at a private or reserved network address.",
                           "address_not_allowed")
        return addresses[0]

    def fetch(self, url: str, *, max_bytes: int) -> FetchedFile:
        target = parse_url(url)
        address = self.checked_address(target.host, target.port)
        connection = self._connection(target, address)
        try:
            connection.request("GET", target.path, headers={
                "User-Agent": self.user_agent, "Accept": "*/*",
                "Accept-Encoding": "identity"})
            response = connection.getresponse()
            return self._read(response, target, url, max_bytes)
        except (OSError, http.client.HTTPException) as error:
            raise _refused(f"The URL could not be fetched: {error}", "fetch_failed") from None
        finally:
            connection.close()

    def _connection(self, target: Target, address: str) -> http.client.HTTPConnection:
        if target.scheme == "https":
            return _PinnedHTTPSConnection(target.host, target.port, address=address,
                                          timeout=self.timeout, context=self.context)
        return _PinnedHTTPConnection(target.host, target.port, address=address,
                                     timeout=self.timeout)

    def _read(self, response: http.client.HTTPResponse, target: Target, url: str,
              max_bytes: int) -> FetchedFile:
        if 300 <= response.status < 400:
            raise _refused("The URL redirects; redirects are not followed. Give the final "
                           "address.", "redirect_not_followed")
        if response.status != 200:
            raise _refused(f"The server answered {response.status}.", "fetch_failed")
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise _too_large(max_bytes)
        chunks, total = [], 0
        while chunk := response.read(CHUNK):
            total += len(chunk)
            if total > max_bytes:
                raise _too_large(max_bytes)
            chunks.append(chunk)
        return FetchedFile(data=b"".join(chunks), content_type=response.getheader("Content-Type"),
                           filename=filename_from(target), url=url)


def _too_large(max_bytes: int) -> RemoteFetchRefused:
    return _refused(f"The file is larger than {max_bytes} bytes.", "file_too_large")
