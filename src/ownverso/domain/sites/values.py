"""Enumerations of the sites module."""

from enum import StrEnum


class SiteStatus(StrEnum):
    ACTIVE = "ACTIVE"
    MAINTENANCE = "MAINTENANCE"
    SUSPENDED = "SUSPENDED"
    DELETED = "DELETED"


class ContentRating(StrEnum):
    EVERYONE = "EVERYONE"
    TEEN = "TEEN"
    MATURE = "MATURE"


class CollaboratorRole(StrEnum):
    EDITOR = "EDITOR"
    TRANSLATOR = "TRANSLATOR"
    ANALYST = "ANALYST"
    MANAGER = "MANAGER"


class CollaboratorStatus(StrEnum):
    PENDING = "PENDING"
    ACTIVE = "ACTIVE"
    DECLINED = "DECLINED"
    REMOVED = "REMOVED"
