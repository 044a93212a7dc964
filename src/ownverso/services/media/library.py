"""The library itself: list with filters, read, describe, delete, copy, move, and the bulk
actions (all-or-nothing, with a result per item)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ownverso.domain.errors import DomainError
from ownverso.domain.media.file import MediaFile
from ownverso.domain.media.names import normalize_tags
from ownverso.domain.media.values import MediaKind, MediaStatus, normalize_type
from ownverso.services.context import Actor
from ownverso.services.errors import ServiceError, ValidationFailed
from ownverso.services.media.accounting import charge_storage, remove_file, storage_key
from ownverso.services.media.kit import BulkFailed, MediaKit, refused
from ownverso.services.media.policy import (
    file_for,
    folder_for,
    require_site_read,
    target_folder,
)
from ownverso.services.media.queries import SORTS, MediaListQuery
from ownverso.services.ports import UnitOfWork

MAX_BULK = 100
LISTABLE = {"READY", "QUARANTINED", "UPLOADING"}


def _invalid(message: str, name: str) -> ValidationFailed:
    return ValidationFailed(message, code="invalid_filter", fields={name: [message]},
                            location="query")


class MediaLibraryService:
    def __init__(self, kit: MediaKit):
        self.kit = kit

    # -- reading ----------------------------------------------------------------------------
    def list(self, *, actor: Actor, site_id: str | None = None, folder_id: str | None = None,
             root_only: bool = False, type: str | None = None, tag: str | None = None,
             search: str | None = None, created_after: datetime | None = None,
             created_before: datetime | None = None, status: str | None = None,
             sort: str = "-created_at", offset: int = 0,
             limit: int = 20) -> tuple[list[dict], int]:
        """A site's files (for its collaborators with media.read) or the caller's own (all of
        them, their sites' included), filtered, sorted and paginated."""
        with self.kit.uow() as uow:
            if folder_id is not None:
                folder = folder_for(uow, actor, folder_id)
                site_id = folder.site_id
            if site_id is not None:
                require_site_read(uow, actor, site_id)
        query = MediaListQuery(
            owner_id=None if site_id else actor.user_id, site_id=site_id,
            folder_id=folder_id, in_root=root_only and folder_id is None,
            tag=tag.strip().lower() if tag else None, search=(search or "").strip() or None,
            created_after=created_after, created_before=created_before,
            statuses=self._statuses(status), sort=self._sort(sort), offset=offset, limit=limit,
            **self._type_filter(type))
        return self.kit.queries.list_files(query)

    @staticmethod
    def _type_filter(type: str | None) -> dict:
        if not type:
            return {}
        if "/" in type:
            return {"content_type": normalize_type(type)}
        if type.upper() not in MediaKind.__members__:
            raise _invalid(f"type is a content type or one of "
                           f"{', '.join(k.lower() for k in MediaKind)}.", "type")
        return {"kind": MediaKind(type.upper())}

    @staticmethod
    def _statuses(status: str | None) -> tuple:
        if status is None:
            return (MediaStatus.READY, MediaStatus.QUARANTINED)
        if status.upper() not in LISTABLE:
            raise _invalid("status is ready, quarantined or uploading.", "status")
        return (MediaStatus(status.upper()),)

    @staticmethod
    def _sort(sort: str) -> str:
        if sort not in SORTS:
            raise _invalid(f"sort is one of {', '.join(SORTS)}.", "sort")
        return sort

    def get(self, *, actor: Actor, media_id: str) -> MediaFile:
        with self.kit.uow() as uow:
            return file_for(uow, actor, media_id)

    # -- changing one file ------------------------------------------------------------------
    def update(self, *, actor: Actor, media_id: str, changes: dict) -> MediaFile:
        """File name (its extension must fit the content), alt text, caption, tags, metadata."""
        with self.kit.uow() as uow:
            file = file_for(uow, actor, media_id, write=True)
            try:
                file.update(changes, now=self.kit.clock.now())
            except DomainError as error:
                raise refused(error) from None
            uow.commit()
            return file

    def delete(self, *, actor: Actor, media_id: str) -> None:
        with self.kit.uow() as uow:
            file = file_for(uow, actor, media_id, write=True, lock=True)
            remove_file(uow, self.kit.storage, file, now=self.kit.clock.now())
            uow.commit()

    def move(self, *, actor: Actor, media_id: str, folder_id: str | None) -> MediaFile:
        """Into a folder of the file's library, or out of any (``folder_id`` None)."""
        with self.kit.uow() as uow:
            file = file_for(uow, actor, media_id, write=True)
            self._move(uow, actor, file, folder_id)
            uow.commit()
            return file

    def _move(self, uow: UnitOfWork, actor: Actor, file: MediaFile,
              folder_id: str | None) -> None:
        folder = target_folder(uow, actor, folder_id, owner_id=file.owner_id,
                               site_id=file.site_id)
        file.move_to(folder.id if folder else None, now=self.kit.clock.now())

    def copy(self, *, actor: Actor, media_id: str, folder_id: str | None = None,
             filename: str | None = None) -> MediaFile:
        """A new file with the same content and description (variants are not copied), in
        the same library; it counts against the owner's storage like any upload."""
        with self.kit.uow() as uow:
            source = file_for(uow, actor, media_id, write=True)
            try:
                source.ensure_servable()
            except DomainError as error:
                raise refused(error) from None
            copy = self._copy_of(source, filename)
            self._move(uow, actor, copy, folder_id if folder_id else source.folder_id)
            copy.uploaded_by_id = actor.user_id
            charge_storage(uow, copy.owner_id, copy.size_bytes)
            data = self.kit.storage.read(source.storage_key)
            self.kit.storage.save(copy.storage_key, data, content_type=copy.content_type)
            copy.url = self.kit.storage.url(copy.storage_key)
            uow.media_files.add(copy)
            try:
                uow.commit()
            except Exception:
                self.kit.storage.delete(copy.storage_key)
                raise
            return copy

    def _copy_of(self, source: MediaFile, filename: str | None) -> MediaFile:
        now, media_id = self.kit.clock.now(), self.kit.ids.new_id("med")
        fields = {name: getattr(source, name) for name in (
            "owner_id", "site_id", "folder_id", "filename", "original_filename",
            "content_type", "kind", "size_bytes", "declared_type", "checksum", "width",
            "height", "alt_text", "caption", "source_url")}
        copy = MediaFile(id=media_id, uploaded_by_id=source.uploaded_by_id, storage_key="-",
                         created_at=now, updated_at=now, tags=list(source.tags),
                         meta=dict(source.meta), **fields)
        if filename:
            try:
                copy.rename(filename)
            except DomainError as error:
                raise refused(error) from None
        copy.storage_key = storage_key(copy.owner_id, media_id, copy.filename)
        return copy

    # -- bulk -------------------------------------------------------------------------------
    def bulk_delete(self, *, actor: Actor, ids: list[str]) -> list[dict]:
        now = self.kit.clock.now()
        return self._bulk(actor, ids, lambda uow, f: remove_file(uow, self.kit.storage, f,
                                                                 now=now))

    def bulk_move(self, *, actor: Actor, ids: list[str], folder_id: str | None) -> list[dict]:
        return self._bulk(actor, ids, lambda uow, f: self._move(uow, actor, f, folder_id))

    def bulk_tag(self, *, actor: Actor, ids: list[str], add: list[str] = (),
                 remove: list[str] = ()) -> list[dict]:
        try:
            add, remove = normalize_tags(list(add)), normalize_tags(list(remove))
        except DomainError as error:
            raise refused(error) from None
        now = self.kit.clock.now()

        def tag(uow: UnitOfWork, file: MediaFile) -> None:
            file.add_tags(add, now=now)
            file.remove_tags(remove, now=now)
        return self._bulk(actor, ids, tag)

    def _bulk(self, actor: Actor, ids: list[str],
              action: Callable[[UnitOfWork, MediaFile], None]) -> list[dict]:
        """Every item or none: if one fails, nothing is committed and the error lists a
        result per item."""
        ids = list(dict.fromkeys(ids))
        if not ids or len(ids) > MAX_BULK:
            raise ValidationFailed(f"Send 1 to {MAX_BULK} ids.", code="invalid_bulk",
                                   fields={"ids": [f"1 to {MAX_BULK} ids."]})
        with self.kit.uow() as uow:
            results = [self._one(uow, actor, media_id, action) for media_id in ids]
            if not all(r["ok"] for r in results):
                raise BulkFailed("Nothing was changed: some items could not be.",
                                 fields={"items": results})
            uow.commit()
            return results

    @staticmethod
    def _one(uow: UnitOfWork, actor: Actor, media_id: str,
             action: Callable[[UnitOfWork, MediaFile], None]) -> dict:
        try:
            action(uow, file_for(uow, actor, media_id, write=True))
        except (ServiceError, DomainError) as error:
            return {"id": media_id, "ok": False, "error": error.code,
                    "message": error.message}
        return {"id": media_id, "ok": True, "error": None, "message": None}
