"""Files: storage, presigned uploads, fetching from a URL, and DNS for custom domains."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import datetime


# -- files ------------------------------------------------------------------------------
@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    content_type: str
    url: str


class FileStorage(abc.ABC):
    @abc.abstractmethod
    def save(self, key: str, data: bytes, *, content_type: str) -> StoredFile: ...

    @abc.abstractmethod
    def read(self, key: str) -> bytes:
        """The file's bytes; raises ``FileNotFoundError`` when there is none."""

    @abc.abstractmethod
    def delete(self, key: str) -> None:
        """Remove the file; removing a missing file is not an error."""

    @abc.abstractmethod
    def exists(self, key: str) -> bool: ...

    @abc.abstractmethod
    def url(self, key: str) -> str: ...


# -- media: presigned uploads, fetching from a URL, library queries -----------------------
@dataclass(frozen=True)
class UploadGrant:
    """What a signed upload token allows: one object, of one type, up to a size."""

    key: str
    content_type: str
    max_bytes: int
    expires_at: datetime


class InvalidUploadToken(Exception):
    """The token is forged, altered or expired (``code`` says which)."""

    def __init__(self, message: str, *, code: str = "upload_token_invalid"):
        super().__init__(message)
        self.code = code


class UploadSigner(abc.ABC):
    """Hands out a URL the client sends a file to directly (S3, or the app's own route)."""

    @abc.abstractmethod
    def presign_upload(self, key: str, *, content_type: str, max_bytes: int,
                       expires_in: int) -> dict:
        """``{url, method, headers, fields}``: send a multipart form to ``url`` with
        ``fields`` first and the file last as ``file``, and the headers given."""

    @abc.abstractmethod
    def verify(self, token: str) -> UploadGrant:
        """The grant a token carries, for signers whose uploads come back to the app;
        raises ``InvalidUploadToken`` (signers whose uploads go elsewhere refuse every one)."""


class InvalidContentLink(Exception):
    """A signed content link is forged, altered, for another object (``invalid_signature``)
    or past its expiry (``expired_link``)."""

    def __init__(self, message: str, *, code: str = "invalid_signature"):
        super().__init__(message)
        self.code = code


class ContentUrlSigner(abc.ABC):
    """Short-lived links to private content served by the app (the pages of comic chapters):
    the signature binds the chapter, the image, the variant and the expiry."""

    @abc.abstractmethod
    def page_url(self, *, chapter_id: str, image_id: str, variant: str, expires_in: int) -> str:
        """An absolute URL to ``/api/v1/chapters/{chapter_id}/pages/{image_id}`` (``variant``
        ``page`` or ``thumbnail``) valid for ``expires_in`` seconds."""

    @abc.abstractmethod
    def verify(self, *, chapter_id: str, image_id: str, variant: str, expires: str,
               signature: str) -> datetime:
        """The link's expiry when ``signature`` is right for the rest and not expired;
        raises ``InvalidContentLink`` otherwise."""


class InvalidDownloadLink(Exception):
    """A signed download link is forged or altered (``invalid_signature``) or past its
    expiry (``expired_link``)."""

    def __init__(self, message: str, *, code: str = "invalid_signature"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class DownloadGrant:
    """What a signed download link the app serves allows: one object, saved as
    ``filename``, until ``expires_at``."""

    key: str
    filename: str
    content_type: str
    expires_at: datetime


class DownloadLinkSigner(abc.ABC):
    """Short-lived links that download a private file (a bought product's) as an
    attachment: the app's own signed route, or the object store's presigned GET."""

    @abc.abstractmethod
    def download_url(self, *, key: str, filename: str, content_type: str,
                     expires_in: int) -> str:
        """An absolute URL that answers the file at ``key`` with ``Content-Disposition:
        attachment`` (as ``filename``) for ``expires_in`` seconds; ``ValueError`` for an
        unsafe key."""

    @abc.abstractmethod
    def verify(self, token: str) -> DownloadGrant:
        """The grant of a link the app serves itself; raises ``InvalidDownloadLink`` (signers
        whose links go elsewhere refuse every token)."""


@dataclass(frozen=True)
class FetchedFile:
    data: bytes
    content_type: str | None  # what the remote server said, unchecked
    filename: str | None
    url: str


class RemoteFetchRefused(Exception):
    """The URL was not fetched: ``invalid_url``, ``address_not_allowed``,
    ``redirect_not_followed``, ``file_too_large`` or ``fetch_failed``."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code, self.message = code, message


class RemoteFetcher(abc.ABC):
    @abc.abstractmethod
    def fetch(self, url: str, *, max_bytes: int) -> FetchedFile:
        """GET a public http(s) URL: never a private address, never a redirect, never more
        than ``max_bytes``; raises ``RemoteFetchRefused``."""


# -- DNS ----------------------------------------------------------------------------------
class DnsLookupError(Exception):
    """The resolver could not answer (timeout, no server); an absent record is not an error."""


class DnsResolver(abc.ABC):
    """Public DNS lookups (custom domain verification). Absent names answer empty."""

    @abc.abstractmethod
    def txt_records(self, name: str) -> list[str]: ...

    @abc.abstractmethod
    def cname(self, name: str) -> str | None:
        """The CNAME target without its trailing dot, lower-case; None when there is none."""

    @abc.abstractmethod
    def a_records(self, name: str) -> list[str]: ...
