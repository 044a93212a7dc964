"""Enumerations of the identity module."""

from enum import StrEnum


class UserRole(StrEnum):
    READER = "READER"
    AUTHOR = "AUTHOR"
    COLLABORATOR = "COLLABORATOR"
    ADMIN = "ADMIN"
    SUPER_ADMIN = "SUPER_ADMIN"

    @property
    def is_admin(self) -> bool:
        return self in (UserRole.ADMIN, UserRole.SUPER_ADMIN)


class UserStatus(StrEnum):
    PENDING_VERIFICATION = "PENDING_VERIFICATION"
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    BANNED = "BANNED"
    DELETED = "DELETED"


class AuthProvider(StrEnum):
    EMAIL = "EMAIL"
    GOOGLE = "GOOGLE"
    APPLE = "APPLE"
    TWITTER = "TWITTER"

    @classmethod
    def external(cls) -> tuple["AuthProvider", ...]:
        return (cls.GOOGLE, cls.APPLE, cls.TWITTER)


class TokenType(StrEnum):
    EMAIL_VERIFICATION = "EMAIL_VERIFICATION"
    EMAIL_CHANGE = "EMAIL_CHANGE"
    PASSWORD_RESET = "PASSWORD_RESET"
    MFA_SETUP = "MFA_SETUP"
    MFA_LOGIN = "MFA_LOGIN"
