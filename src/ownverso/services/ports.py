"""The ports: what the services need from the world, each with several adapters."""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from ownverso.domain.accounts.author_profile import AuthorProfile
    from ownverso.domain.accounts.tiers import TierLimits
    from ownverso.domain.identity.auth_account import AuthAccount
    from ownverso.domain.identity.oauth_state import OAuthState
    from ownverso.domain.identity.session import Session
    from ownverso.domain.identity.tokens import VerificationToken
    from ownverso.domain.identity.user import User
    from ownverso.domain.media.file import MediaFile
    from ownverso.domain.media.folder import MediaFolder
    from ownverso.domain.media.upload import UploadIntent
    from ownverso.domain.publishing.chapter import Chapter
    from ownverso.domain.publishing.chapter_images import ChapterImage
    from ownverso.domain.publishing.chapter_warnings import ChapterContentWarning
    from ownverso.domain.publishing.jobs import ExportJob, ImportJob
    from ownverso.domain.publishing.series import Series
    from ownverso.domain.publishing.taxonomy import (
        Genre,
        SeriesContentWarning,
        SeriesGenre,
        SeriesTag,
        Tag,
    )
    from ownverso.domain.publishing.versions import ChapterVersion
    from ownverso.domain.publishing.warnings import ContentWarning
    from ownverso.domain.sites.collaborator import Collaborator
    from ownverso.domain.sites.page import Page
    from ownverso.domain.sites.site import Site
    from ownverso.domain.sites.theme import Theme

T = TypeVar("T")


class IntegrityConflict(Exception):
    """A write broke a uniqueness rule (the same in every persistence adapter)."""


class ConcurrencyConflict(Exception):
    """Someone else changed the object between our read and our write."""


# -- persistence --------------------------------------------------------------------------
class Repository(abc.ABC, Generic[T]):
    """Filters are ``field=value`` or ``field__op=value`` with op in
    ``in, ne, lt, lte, gt, gte, isnull``; ``order_by`` names fields, ``-field`` descending."""

    @abc.abstractmethod
    def get(self, id: str) -> T | None: ...

    @abc.abstractmethod
    def add(self, obj: T) -> None: ...

    @abc.abstractmethod
    def remove(self, obj: T) -> None: ...

    @abc.abstractmethod
    def list(self, *, order_by: Sequence[str] = (), offset: int = 0, limit: int | None = None,
             for_update: bool = False, **filters: Any) -> list[T]: ...

    @abc.abstractmethod
    def count(self, **filters: Any) -> int: ...

    def get_by(self, *, for_update: bool = False, **filters: Any) -> T | None:
        found = self.list(limit=1, for_update=for_update, **filters)
        return found[0] if found else None


class UnitOfWork(abc.ABC):
    """One transaction per use case: ``with uow: ...; uow.commit()``. Leaving the block
    without a commit rolls back. Callbacks registered with ``after_commit`` run only once the
    transaction has committed (emails, jobs)."""

    users: Repository[User]
    sessions: Repository[Session]
    verification_tokens: Repository[VerificationToken]
    auth_accounts: Repository[AuthAccount]
    oauth_states: Repository[OAuthState]
    author_profiles: Repository[AuthorProfile]
    tier_limits: Repository[TierLimits]
    media_files: Repository[MediaFile]
    media_folders: Repository[MediaFolder]
    media_uploads: Repository[UploadIntent]
    sites: Repository[Site]
    collaborators: Repository[Collaborator]
    pages: Repository[Page]
    themes: Repository[Theme]
    series: Repository[Series]
    content_warnings: Repository[ContentWarning]
    genres: Repository[Genre]
    series_genres: Repository[SeriesGenre]
    tags: Repository[Tag]
    series_tags: Repository[SeriesTag]
    series_content_warnings: Repository[SeriesContentWarning]
    chapters: Repository[Chapter]
    chapter_versions: Repository[ChapterVersion]
    chapter_warnings: Repository[ChapterContentWarning]
    import_jobs: Repository[ImportJob]
    export_jobs: Repository[ExportJob]
    chapter_images: Repository[ChapterImage]

    def __init__(self) -> None:
        self._after_commit: list[Callable[[], None]] = []

    def __enter__(self) -> UnitOfWork:
        self._after_commit = []
        return self

    def __exit__(self, *exc: object) -> None:
        self.rollback()

    def commit(self) -> None:
        self._commit()
        callbacks, self._after_commit = self._after_commit, []
        for callback in callbacks:
            callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        self._after_commit.append(callback)

    @abc.abstractmethod
    def _commit(self) -> None: ...

    @abc.abstractmethod
    def rollback(self) -> None: ...


class Database(abc.ABC):
    """The store behind the units of work; the status page asks it whether it answers."""

    @abc.abstractmethod
    def ping(self) -> None: ...


# -- time and ids -----------------------------------------------------------------------
class Clock(abc.ABC):
    @abc.abstractmethod
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""


class IdGenerator(abc.ABC):
    @abc.abstractmethod
    def new_id(self, prefix: str) -> str:
        """A new unique id such as ``usr_01J…``; the prefix names the kind of object."""


# -- jobs -------------------------------------------------------------------------------
class JobQueue(abc.ABC):
    @abc.abstractmethod
    def enqueue(self, func: str, /, **kwargs: Any) -> str:
        """Run the job function at dotted path ``func`` with ``kwargs``; returns a job id."""

    @abc.abstractmethod
    def stats(self) -> dict:
        """Queue health for the status page: backend name and pending job count."""


# -- email ------------------------------------------------------------------------------
@dataclass(frozen=True)
class EmailMessage:
    to: str
    subject: str
    text: str
    html: str | None = None
    headers: dict = field(default_factory=dict)


class Mailer(abc.ABC):
    @abc.abstractmethod
    def send(self, message: EmailMessage) -> None: ...


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


# -- payments -----------------------------------------------------------------------------
@dataclass
class Checkout:
    id: str
    amount: int  # smallest currency unit
    currency: str
    status: str  # open, complete, expired
    url: str
    metadata: dict = field(default_factory=dict)


class PaymentGateway(abc.ABC):
    name: str

    @abc.abstractmethod
    def create_checkout(self, *, amount: int, currency: str, description: str,
                        metadata: dict, success_url: str, cancel_url: str,
                        idempotency_key: str) -> Checkout: ...

    @abc.abstractmethod
    def get_checkout(self, checkout_id: str) -> Checkout: ...


# -- security -----------------------------------------------------------------------------
class PasswordHasher(abc.ABC):
    @abc.abstractmethod
    def hash(self, password: str) -> str: ...

    @abc.abstractmethod
    def verify(self, password_hash: str, password: str) -> bool: ...

    @abc.abstractmethod
    def needs_rehash(self, password_hash: str) -> bool: ...


class RateLimiter(abc.ABC):
    """Fixed-window counters shared by every process of the platform."""

    @abc.abstractmethod
    def hit(self, key: str, *, limit: int, window: int) -> int:
        """Count one attempt; returns 0 when allowed, else seconds until the window resets."""

    @abc.abstractmethod
    def blocked_for(self, key: str, *, limit: int) -> int:
        """Seconds the key is still blocked without counting an attempt (0 when free)."""

    @abc.abstractmethod
    def reset(self, key: str) -> None: ...


@dataclass(frozen=True)
class ExternalIdentity:
    """Who an identity provider says the user is."""

    provider: str
    subject: str
    email: str | None
    email_verified: bool
    name: str | None = None
    avatar_url: str | None = None
    access_token: str | None = None
    refresh_token: str | None = None
    expires_in: int | None = None
    scopes: tuple = ()


class IdentityProviderError(Exception):
    """The provider refused the token or the code."""


class IdentityProviders(abc.ABC):
    """Google and Apple sign in with ID tokens; Twitter with an OAuth 2 PKCE code."""

    @abc.abstractmethod
    def verify_id_token(self, provider: str, id_token: str, *,
                        nonce: str | None = None) -> ExternalIdentity: ...

    @abc.abstractmethod
    def authorization_url(self, provider: str, *, state: str, code_challenge: str,
                          redirect_uri: str) -> str: ...

    @abc.abstractmethod
    def exchange_code(self, provider: str, *, code: str, code_verifier: str,
                      redirect_uri: str) -> ExternalIdentity: ...
