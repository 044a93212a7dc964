"""Folders of the library: a user's own, or a site's, nested, with unique paths per library."""

from __future__ import annotations

from ownverso.domain.errors import DomainError
from ownverso.domain.media.folder import MediaFolder, scope_of
from ownverso.domain.media.values import MediaStatus
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, ValidationFailed
from ownverso.services.media.accounting import remove_file
from ownverso.services.media.kit import MediaKit, refused
from ownverso.services.media.policy import folder_for, owner_for_new, require_site_read
from ownverso.services.ports import IntegrityConflict, UnitOfWork


def folder_exists() -> Conflict:
    return Conflict("A folder with this name is already there.", code="folder_exists",
                    fields={"name": ["Already exists."]})


class MediaFolderService:
    def __init__(self, kit: MediaKit):
        self.kit = kit

    def list(self, *, actor: Actor, site_id: str | None = None, parent_id: str | None = None,
             offset: int = 0, limit: int = 100) -> tuple[list[MediaFolder], int]:
        """The children of ``parent_id``, or every folder of the library in path order."""
        with self.kit.uow() as uow:
            if parent_id is not None:
                parent = folder_for(uow, actor, parent_id)
                filters = {"scope": parent.scope, "parent_id": parent.id}
            else:
                if site_id is not None:
                    require_site_read(uow, actor, site_id)
                filters = {"scope": scope_of(owner_id=actor.user_id, site_id=site_id)}
            items = uow.media_folders.list(order_by=["path"], offset=offset, limit=limit,
                                           **filters)
            return items, uow.media_folders.count(**filters)

    def create(self, *, actor: Actor, name: str, parent_id: str | None = None,
               site_id: str | None = None) -> MediaFolder:
        with self.kit.uow() as uow:
            parent = folder_for(uow, actor, parent_id, write=True) if parent_id else None
            if parent is not None and site_id is not None and parent.site_id != site_id:
                raise ValidationFailed("The parent folder is in another library.",
                                       code="folder_scope_mismatch",
                                       fields={"parent_id": ["Not in this library."]})
            site_id = parent.site_id if parent else site_id
            owner_id = parent.owner_id if parent else owner_for_new(uow, actor, site_id)
            try:
                folder = MediaFolder.create(id=self.kit.ids.new_id("mfd"), owner_id=owner_id,
                                            site_id=site_id, name=name, parent=parent,
                                            now=self.kit.clock.now())
            except DomainError as error:
                raise refused(error) from None
            if uow.media_folders.get_by(scope=folder.scope, path=folder.path):
                raise folder_exists()
            uow.media_folders.add(folder)
            self._commit(uow)
            return folder

    def rename(self, *, actor: Actor, folder_id: str, name: str) -> MediaFolder:
        """Rename; the paths of the folders inside follow."""
        with self.kit.uow() as uow:
            folder = folder_for(uow, actor, folder_id, write=True)
            now = self.kit.clock.now()
            try:
                old = folder.rename(name, now=now)
            except DomainError as error:
                raise refused(error) from None
            try:  # on SQL the look-ups flush the new name: a clash can surface there too
                if folder.path != old:
                    if uow.media_folders.get_by(scope=folder.scope, path=folder.path,
                                                id__ne=folder.id):
                        raise folder_exists()
                    for inner in self._inside(uow, folder, old):
                        inner.reparent(old, folder.path, now=now)
                uow.commit()
            except IntegrityConflict:
                raise folder_exists() from None
            return folder

    def delete(self, *, actor: Actor, folder_id: str, recursive: bool = False) -> dict:
        """A folder with files or folders in it is kept (409 ``folder_not_empty``) unless
        ``recursive``: then everything inside goes too, files included."""
        with self.kit.uow() as uow:
            folder = folder_for(uow, actor, folder_id, write=True)
            inner = self._inside(uow, folder, folder.path)
            folder_ids = [folder.id, *(f.id for f in inner)]
            files = uow.media_files.list(folder_id__in=folder_ids,
                                         status__ne=MediaStatus.DELETED)
            if (inner or files) and not recursive:
                raise Conflict("The folder is not empty; delete with recursive=true to remove "
                               "everything in it.", code="folder_not_empty",
                               fields={"files": [str(len(files))],
                                       "folders": [str(len(inner))]})
            now = self.kit.clock.now()
            for file in files:
                remove_file(uow, self.kit.storage, file, now=now)
            for gone in sorted([folder, *inner], key=lambda f: -f.depth):
                uow.media_folders.remove(gone)
            uow.commit()
            return {"folders": len(folder_ids), "files": len(files)}

    @staticmethod
    def _inside(uow: UnitOfWork, folder: MediaFolder, path: str) -> list[MediaFolder]:
        """The folders below ``path`` in the folder's library (folders are few per library)."""
        return [f for f in uow.media_folders.list(scope=folder.scope)
                if f.id != folder.id and f.path.startswith(path + "/")]

    @staticmethod
    def _commit(uow: UnitOfWork) -> None:
        try:
            uow.commit()
        except IntegrityConflict:
            raise folder_exists() from None
