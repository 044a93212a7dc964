"""What a paid checkout turns into. One fulfiller per kind of checkout (subscription, gift;
purchases, tips and coins later); the checkout service calls it once, inside the unit of work
that marks the checkout complete."""

import abc
from datetime import datetime

from ownverso.domain.checkout.session import CheckoutKind, CheckoutSession
from ownverso.services.ports import UnitOfWork


class Fulfiller(abc.ABC):
    kind: CheckoutKind

    @abc.abstractmethod
    def fulfil(self, uow: UnitOfWork, session: CheckoutSession, now: datetime) -> str:
        """Create what was paid for and return its id. A ``ServiceError`` fails the checkout
        with the error's code (nothing else is written); an ``IntegrityConflict`` at commit
        does the same with ``conflict``."""

    @abc.abstractmethod
    def describe(self, session: CheckoutSession) -> str:
        """The line the gateway shows the payer."""

    def release(self, uow: UnitOfWork, session: CheckoutSession, now: datetime) -> None:
        """The session closed unpaid (EXPIRED) or unfulfilled (FAILED): give back what it
        held beyond its discount use (a purchase's unit of stock). Runs in the unit of work
        that closes the session; nothing by default."""
        return None
