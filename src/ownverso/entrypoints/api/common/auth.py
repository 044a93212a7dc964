"""Bearer-token authentication through the identity service."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.context import Actor
from ownverso.services.identity.sessions import SessionService


@inject
def authenticate(token: str, sessions: SessionService = Provide["sessions"]) -> Actor:
    return sessions.authenticate(token)
