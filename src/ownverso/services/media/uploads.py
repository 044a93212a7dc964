"""Getting files into the library: direct upload, presigned upload and its completion, and
upload from a URL. Every path checks the content, not the name, and the owner's storage."""

from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import NoReturn

from ownverso.domain.errors import DomainError
from ownverso.domain.media.file import QUARANTINE_PREFIX, MediaFile
from ownverso.domain.media.sniff import declaration_matches
from ownverso.domain.media.upload import UploadIntent
from ownverso.domain.media.values import ALLOWED_TYPES, MediaStatus, kind_of, normalize_type
from ownverso.services.context import Actor
from ownverso.services.errors import (
    Conflict,
    NotFound,
    PayloadTooLarge,
    ServiceError,
    ValidationFailed,
)
from ownverso.services.media.accounting import (
    charge_storage,
    check_storage,
    file_name,
    storage_key,
)
from ownverso.services.media.content import Inspection, inspect
from ownverso.services.media.kit import MediaKit, refused, too_large
from ownverso.services.media.policy import owner_for_new, target_folder
from ownverso.services.ports import RemoteFetchRefused, UnitOfWork

OCTET = "application/octet-stream"


@dataclass(frozen=True)
class NewFile:
    """What the uploader says about a file besides its bytes."""

    filename: str | None = None
    site_id: str | None = None
    folder_id: str | None = None
    alt_text: str | None = None
    tags: list = field(default_factory=list)
    source_url: str | None = None


def upload_not_found() -> NotFound:
    return NotFound("No such upload.", code="upload_not_found")


class MediaUploadService:
    def __init__(self, kit: MediaKit):
        self.kit = kit

    # -- direct -----------------------------------------------------------------------------
    def upload(self, *, actor: Actor, data: bytes, content_type: str | None = None,
               **about) -> MediaFile:
        """Store a file sent in the request; a content that its type or extension belies is
        kept in quarantine (status QUARANTINED, ``content_type_mismatch``), never served."""
        new = NewFile(**about)
        if len(data) > self.kit.max_file_bytes:
            raise too_large(self.kit.max_file_bytes)
        inspection = inspect(data, filename=new.filename or "", declared_type=content_type)
        return self._store(actor, data, inspection, new)

    def from_url(self, *, actor: Actor, url: str, **about) -> MediaFile:
        """Fetch a public URL (never a private address, never through a redirect)."""
        new = NewFile(**about, source_url=url)
        with self.kit.uow() as uow:  # refuse before fetching anything for nothing
            owner_id = owner_for_new(uow, actor, new.site_id)
            target_folder(uow, actor, new.folder_id, owner_id=owner_id, site_id=new.site_id)
            check_storage(uow, owner_id, 1)
        try:
            fetched = self.kit.fetcher.fetch(url, max_bytes=self.kit.max_file_bytes)
        except RemoteFetchRefused as error:
            kind = PayloadTooLarge if error.code == "file_too_large" else ValidationFailed
            raise kind(error.message, code=error.code, fields={"url": [error.message]}) from None
        named = replace(new, filename=new.filename or fetched.filename)
        inspection = inspect(fetched.data, filename=named.filename or "",
                             declared_type=fetched.content_type, field="url")
        return self._store(actor, fetched.data, inspection, named)

    def _store(self, actor: Actor, data: bytes, inspection: Inspection,
               new: NewFile) -> MediaFile:
        now, media_id = self.kit.clock.now(), self.kit.ids.new_id("med")
        name = file_name(new.filename, inspection.content_type)
        with self.kit.uow() as uow:
            owner_id = owner_for_new(uow, actor, new.site_id)
            folder = target_folder(uow, actor, new.folder_id, owner_id=owner_id,
                                   site_id=new.site_id)
            file = MediaFile(
                id=media_id, owner_id=owner_id, uploaded_by_id=actor.user_id,
                site_id=new.site_id, folder_id=folder.id if folder else None, filename=name,
                original_filename=(new.filename or name)[:255], content_type=OCTET,
                kind=inspection.kind, size_bytes=0, source_url=new.source_url,
                storage_key=storage_key(owner_id, media_id, name), created_at=now,
                updated_at=now, status=MediaStatus.UPLOADING)
            self._describe(file, new)
            charge_storage(uow, owner_id, inspection.size)
            self._receive(file, data, inspection)
            uow.media_files.add(file)
            self._commit(uow, file.storage_key)
            return file

    @staticmethod
    def _describe(file: MediaFile, new: NewFile) -> None:
        try:
            file.update({"alt_text": new.alt_text, "tags": list(new.tags)}, now=file.created_at)
        except DomainError as error:
            raise refused(error) from None

    def _receive(self, file: MediaFile, data: bytes, inspection: Inspection) -> None:
        """Fill in what the inspection found and put the bytes where its verdict says:
        under quarantine/ (never served, no URL) when they belie their type or name."""
        file.receive(size_bytes=inspection.size, checksum=inspection.checksum,
                     content_type=inspection.content_type, kind=inspection.kind,
                     matches=inspection.matches, now=self.kit.clock.now())
        file.declared_type = inspection.declared_type
        file.width, file.height = inspection.width, inspection.height
        prefix = "media/" if inspection.matches else QUARANTINE_PREFIX
        file.storage_key = prefix + file.storage_key.split("/", 1)[1]
        stored_type = inspection.content_type if inspection.matches else OCTET
        self.kit.storage.save(file.storage_key, data, content_type=stored_type)
        file.url = self.kit.storage.url(file.storage_key) if inspection.matches else None

    def _commit(self, uow: UnitOfWork, written_key: str | None) -> None:
        """Commit; a blob written for this unit of work is removed if the commit fails."""
        try:
            uow.commit()
        except Exception:
            if written_key:
                self.kit.storage.delete(written_key)
            raise

    # -- presigned --------------------------------------------------------------------------
    def signed_url(self, *, actor: Actor, filename: str, content_type: str, size_bytes: int,
                   site_id: str | None = None, folder_id: str | None = None) -> dict:
        """A URL to send the file to directly (S3, or the app's own signed route); then call
        ``complete``. The storage it will take is checked now and charged on completion."""
        declared = self._signable(filename, content_type, size_bytes)
        now, media_id = self.kit.clock.now(), self.kit.ids.new_id("med")
        name = file_name(filename, declared)
        with self.kit.uow() as uow:
            owner_id = owner_for_new(uow, actor, site_id)
            folder = target_folder(uow, actor, folder_id, owner_id=owner_id, site_id=site_id)
            check_storage(uow, owner_id, size_bytes)
            file = MediaFile(
                id=media_id, owner_id=owner_id, uploaded_by_id=actor.user_id, site_id=site_id,
                folder_id=folder.id if folder else None, filename=name,
                original_filename=filename[:255], content_type=declared,
                declared_type=declared, kind=kind_of(declared), size_bytes=size_bytes,
                storage_key=storage_key(owner_id, media_id, name, prefix="incoming"),
                status=MediaStatus.UPLOADING, created_at=now, updated_at=now)
            intent = self._intent_for(file)
            uow.media_files.add(file)
            uow.media_uploads.add(intent)
            uow.commit()
        presigned = self.kit.signer.presign_upload(
            intent.key, content_type=declared, max_bytes=size_bytes,
            expires_in=self.kit.upload_ttl)
        return {"upload_id": intent.id, "media": file, "expires_at": intent.expires_at,
                **presigned}

    def _intent_for(self, file: MediaFile) -> UploadIntent:
        return UploadIntent(
            id=self.kit.ids.new_id("upl"), owner_id=file.owner_id,
            uploaded_by_id=file.uploaded_by_id, media_id=file.id, key=file.storage_key,
            content_type=file.content_type, expected_bytes=file.size_bytes,
            max_bytes=file.size_bytes, created_at=file.created_at,
            expires_at=file.created_at + timedelta(seconds=self.kit.upload_ttl))

    def _signable(self, filename: str, content_type: str, size_bytes: int) -> str:
        declared = normalize_type(content_type)
        if declared not in ALLOWED_TYPES:
            raise ValidationFailed("This kind of file is not accepted.",
                                   code="file_type_not_allowed",
                                   fields={"content_type": ["File type not allowed."]})
        if size_bytes > self.kit.max_file_bytes:
            raise too_large(self.kit.max_file_bytes, field="size_bytes", location="json")
        if not declaration_matches(declared, declared_type=declared,
                                   filename=file_name(filename, declared)):
            raise ValidationFailed("The file name's extension does not match the type.",
                                   code="extension_mismatch",
                                   fields={"filename": ["Wrong extension for the type."]})
        return declared

    def complete(self, *, actor: Actor, upload_id: str) -> MediaFile:
        """Check what arrived (size, content) and turn the upload into a file, READY or
        QUARANTINED. An expired or unacceptable upload is discarded."""
        with self.kit.uow() as uow:
            intent = uow.media_uploads.get(upload_id)
            if intent is None or actor.user_id not in (intent.uploaded_by_id, intent.owner_id):
                raise upload_not_found()
            file = uow.media_files.get(intent.media_id)
            if file is None or file.status == MediaStatus.DELETED:
                raise upload_not_found()
            if intent.completed:
                raise Conflict("This upload was already completed.",
                               code="upload_already_completed")
            try:
                data = self.kit.storage.read(intent.key)
            except FileNotFoundError:
                raise ValidationFailed("Nothing was uploaded yet; send the file first.",
                                       code="upload_not_received") from None
            try:
                intent.complete(size_bytes=len(data), now=self.kit.clock.now())
                inspection = inspect(data, filename=file.filename,
                                     declared_type=intent.content_type, field="upload_id")
            except (DomainError, ServiceError) as error:
                self._discard(uow, file, intent, error)
            charge_storage(uow, file.owner_id, inspection.size)
            self._receive(file, data, inspection)
            # from incoming/ (unchecked, never linked) to media/ or quarantine/
            uow.after_commit(lambda: self.kit.storage.delete(intent.key))
            self._commit(uow, file.storage_key)
            return file

    def _discard(self, uow: UnitOfWork, file: MediaFile, intent: UploadIntent,
                 error: Exception) -> NoReturn:
        """Drop an upload that cannot complete (expired, too large, not acceptable), then
        raise why."""
        uow.media_uploads.remove(intent)
        uow.media_files.remove(file)
        uow.after_commit(lambda: self.kit.storage.delete(intent.key))
        uow.commit()
        raise refused(error) if isinstance(error, DomainError) else error

    def purge_expired(self) -> int:
        """Drop presigned uploads never completed before they expired (a periodic job)."""
        with self.kit.uow() as uow:
            stale = uow.media_uploads.list(completed_at=None,
                                           expires_at__lt=self.kit.clock.now(), limit=500)
            for intent in stale:
                file = uow.media_files.get(intent.media_id)
                uow.media_uploads.remove(intent)
                if file is not None and file.status == MediaStatus.UPLOADING:
                    uow.media_files.remove(file)
                uow.after_commit(lambda key=intent.key: self.kit.storage.delete(key))
            uow.commit()
            return len(stale)
