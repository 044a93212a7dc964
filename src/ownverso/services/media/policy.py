"""Who may touch a file or a folder: its owner; for a site's, the site's collaborators with
the media permissions. Anyone else is told it does not exist (404)."""

from ownverso.domain.media.file import MediaFile
from ownverso.domain.media.folder import MediaFolder
from ownverso.domain.media.values import MediaStatus
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, ValidationFailed
from ownverso.services.ports import UnitOfWork
from ownverso.services.sites.access import require


def media_not_found() -> NotFound:
    return NotFound("No such file.", code="media_not_found")


def folder_not_found() -> NotFound:
    return NotFound("No such folder.", code="folder_not_found")


def _check(uow: UnitOfWork, actor: Actor, *, owner_id: str, site_id: str | None, write: bool,
           missing) -> None:
    if owner_id == actor.user_id:
        return
    if site_id is None:
        raise missing()
    try:
        require(uow, actor, site_id, Permission.MEDIA_WRITE if write else Permission.MEDIA_READ)
    except NotFound:
        raise missing() from None


def file_for(uow: UnitOfWork, actor: Actor, media_id: str, *, write: bool = False,
             lock: bool = False) -> MediaFile:
    found = uow.media_files.get_by(id=media_id, for_update=lock)
    if found is None or found.status == MediaStatus.DELETED:
        raise media_not_found()
    _check(uow, actor, owner_id=found.owner_id, site_id=found.site_id, write=write,
           missing=media_not_found)
    return found


def folder_for(uow: UnitOfWork, actor: Actor, folder_id: str, *,
               write: bool = False) -> MediaFolder:
    found = uow.media_folders.get(folder_id)
    if found is None:
        raise folder_not_found()
    _check(uow, actor, owner_id=found.owner_id, site_id=found.site_id, write=write,
           missing=folder_not_found)
    return found


def owner_for_new(uow: UnitOfWork, actor: Actor, site_id: str | None) -> str:
    """Who a new file or folder belongs to: the caller, or for a site the site's author (whose
    plan it counts against), if the caller may write the site's media."""
    if site_id is None:
        return actor.user_id
    return require(uow, actor, site_id, Permission.MEDIA_WRITE).site.author_id


def require_site_read(uow: UnitOfWork, actor: Actor, site_id: str) -> None:
    require(uow, actor, site_id, Permission.MEDIA_READ)


def target_folder(uow: UnitOfWork, actor: Actor, folder_id: str | None, *, owner_id: str,
                  site_id: str | None) -> MediaFolder | None:
    """The folder a file goes into, which must be of the file's library (the same site, or
    the same user's own)."""
    if folder_id is None:
        return None
    folder = folder_for(uow, actor, folder_id, write=True)
    if folder.site_id != site_id or (site_id is None and folder.owner_id != owner_id):
        raise ValidationFailed("The folder is in another library than the file.",
                               code="folder_scope_mismatch",
                               fields={"folder_id": ["Not in this file's library."]})
    return folder
