"""Storage and bandwidth, counted on the owner of the files against their plan's limits."""

from datetime import datetime

from ownverso.domain.media.file import MediaFile
from ownverso.domain.media.names import clean_filename
from ownverso.domain.media.sniff import extension
from ownverso.domain.media.values import extensions_of
from ownverso.services.ports import FileStorage, UnitOfWork
from ownverso.services.quotas import check_limit


def _owner(uow: UnitOfWork, owner_id: str):
    # locked, so that concurrent uploads add up instead of overwriting each other
    return uow.users.get_by(id=owner_id, for_update=True)


def charge_storage(uow: UnitOfWork, owner_id: str, adding: int) -> None:
    """402 ``storage_limit_exceeded`` when the owner's plan has no room for ``adding``."""
    owner = _owner(uow, owner_id)
    check_limit(uow, owner_id, "storage_limit", used=owner.storage_used_bytes, adding=adding)
    owner.storage_used_bytes += adding


def check_storage(uow: UnitOfWork, owner_id: str, adding: int) -> None:
    owner = uow.users.get(owner_id)
    check_limit(uow, owner_id, "storage_limit", used=owner.storage_used_bytes, adding=adding)


def release_storage(uow: UnitOfWork, owner_id: str, amount: int) -> None:
    if amount:
        owner = _owner(uow, owner_id)
        owner.storage_used_bytes = max(owner.storage_used_bytes - amount, 0)


def charge_bandwidth(uow: UnitOfWork, owner_id: str, adding: int) -> None:
    """402 ``bandwidth_limit_exceeded`` when serving ``adding`` bytes goes past the plan."""
    owner = _owner(uow, owner_id)
    check_limit(uow, owner_id, "bandwidth_limit", used=owner.bandwidth_used_bytes,
                adding=adding)
    owner.bandwidth_used_bytes += adding


def remove_file(uow: UnitOfWork, storage: FileStorage, file: MediaFile, *,
                now: datetime) -> None:
    """Soft-delete the file, give its bytes back to its owner, drop its blobs once committed."""
    held, keys = file.bytes_held, [file.storage_key, *(v["key"] for v in file.variants)]
    file.delete(now=now)
    release_storage(uow, file.owner_id, held)
    for key in keys:
        uow.after_commit(lambda key=key: storage.delete(key))


def file_name(filename: str | None, content_type: str) -> str:
    """A clean name; one without an extension gets the content type's."""
    name = clean_filename(filename)
    return name if extension(name) else name + extensions_of(content_type)[0]


def storage_key(owner_id: str, media_id: str, name: str, *, prefix: str = "media") -> str:
    """``media/`` for checked files, ``quarantine/`` for those whose content lies about
    itself, ``incoming/`` for presigned uploads not yet checked (never linked to)."""
    return f"{prefix}/{owner_id}/{media_id}/{name.replace(' ', '-')}"
