"""Who is asking, and from where: passed by the entrypoints into every use case."""

from dataclasses import dataclass

from ownverso.domain.identity.values import UserRole


@dataclass(frozen=True)
class Actor:
    """An authenticated caller: the user, the session they act through, and their role."""

    user_id: str
    session_id: str
    role: UserRole

    @property
    def is_admin(self) -> bool:
        return self.role.is_admin


@dataclass(frozen=True)
class RequestInfo:
    ip: str | None = None
    user_agent: str | None = None
