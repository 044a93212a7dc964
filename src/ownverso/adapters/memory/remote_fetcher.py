"""A remote fetcher for the in-memory suite: answers from pages registered by tests, and
refuses what the HTTP adapter refuses without a network (bad URLs, private address literals,
redirects, oversize bodies)."""

import ipaddress
from dataclasses import dataclass, field

from ownverso.adapters.ip_policy import is_public_address
from ownverso.adapters.remote_fetcher import filename_from, parse_url
from ownverso.services.ports import FetchedFile, RemoteFetcher, RemoteFetchRefused


@dataclass
class FakePage:
    body: bytes = b""
    content_type: str | None = "application/octet-stream"
    status: int = 200
    headers: dict = field(default_factory=dict)


class InMemoryRemoteFetcher(RemoteFetcher):
    def __init__(self) -> None:
        self.pages: dict[str, FakePage] = {}
        self.fetched: list[str] = []

    def serve(self, url: str, body: bytes = b"", *, content_type: str | None = None,
              status: int = 200, **headers: str) -> None:
        self.pages[url] = FakePage(body=body, content_type=content_type, status=status,
                                   headers=headers)

    def fetch(self, url: str, *, max_bytes: int) -> FetchedFile:
        target = parse_url(url)
        if target.host == "localhost" or target.host.endswith(".localhost") or (
                _is_literal(target.host) and not is_public_address(target.host)):
            raise RemoteFetchRefused("The URL points at a private or reserved network "
                                     "address.", code="address_not_allowed")
        page = self.pages.get(url)
        if page is None:
            raise RemoteFetchRefused("The server answered 404.", code="fetch_failed")
        if 300 <= page.status < 400:
            raise RemoteFetchRefused("The URL redirects; redirects are not followed.",
                                     code="redirect_not_followed")
        if page.status != 200:
            raise RemoteFetchRefused(f"The server answered {page.status}.", code="fetch_failed")
        if len(page.body) > max_bytes:
            raise RemoteFetchRefused(f"The file is larger than {max_bytes} bytes.",
                                     code="file_too_large")
        self.fetched.append(url)
        return FetchedFile(data=page.body, content_type=page.content_type,
                           filename=filename_from(target), url=url)


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
