"""Folders of the media library: a user's own, or a site's (shared with its collaborators)."""

from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.entity import Entity
from ownverso.domain.errors import RuleViolation
from ownverso.domain.media.names import check_folder_name

MAX_DEPTH = 10


def scope_of(*, owner_id: str, site_id: str | None) -> str:
    """Folder paths are unique within a scope: a site's library, or a user's own."""
    return f"site:{site_id}" if site_id else f"user:{owner_id}"


@dataclass(eq=False, kw_only=True)
class MediaFolder(Entity):
    owner_id: str
    scope: str
    name: str
    path: str  # "/covers/2026": the names of its ancestors and its own
    created_at: datetime
    updated_at: datetime
    site_id: str | None = None
    parent_id: str | None = None

    @classmethod
    def create(cls, *, id: str, owner_id: str, site_id: str | None, name: str,
               parent: "MediaFolder | None", now: datetime) -> "MediaFolder":
        name = check_folder_name(name)
        if parent is not None and parent.depth >= MAX_DEPTH:
            raise RuleViolation(f"Folders nest at most {MAX_DEPTH} deep.",
                                code="folder_too_deep", fields={"parent_id": ["Too deep."]})
        return cls(id=id, owner_id=owner_id, site_id=site_id,
                   scope=scope_of(owner_id=owner_id, site_id=site_id), name=name,
                   path=f"{parent.path if parent else ''}/{name}",
                   parent_id=parent.id if parent else None, created_at=now, updated_at=now)

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def is_ancestor_of(self, other: "MediaFolder") -> bool:
        return other.path.startswith(self.path + "/")

    def rename(self, name: str, *, now: datetime) -> str:
        """Rename; returns the old path (descendants are moved with ``reparent``)."""
        old = self.path
        self.name = check_folder_name(name)
        self.path = old.rsplit("/", 1)[0] + "/" + self.name
        self.updated_at = now
        return old

    def reparent(self, old_prefix: str, new_prefix: str, *, now: datetime) -> None:
        self.path = new_prefix + self.path[len(old_prefix):]
        self.updated_at = now
