"""Reader coins: the wallet and its ledger, the packages on sale, buying one through checkout
and the fulfiller that credits it.

Buying opens a COINS checkout for one package in one of its currencies; the package's coins
and bonus coins are copied into the checkout, so a later change of the package does not change
what was paid for. Once paid, ``CoinsFulfiller`` writes a PURCHASE entry (paid coins) and a
BONUS entry (bonus coins) under a row lock on the wallet, inside the unit of work that
completes the checkout: the ledger's unique (wallet, source, kind) makes a replayed
confirmation write nothing twice. The wallet is opened when the reader first buys, before any
payment, so the fulfilment never races to create it.
"""

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.checkout.session import CheckoutKind, CheckoutSession
from ownverso.domain.commerce.coin_packages import CoinPackage
from ownverso.domain.commerce.coins import CoinWallet, LedgerEntry, LedgerKind
from ownverso.services.checkout.fulfilment import Fulfiller
from ownverso.services.checkout.sessions import CheckoutService
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, ValidationFailed, domain_rules
from ownverso.services.memberships.subscription_support import check_reader
from ownverso.services.ports import Clock, IdGenerator, IntegrityConflict, UnitOfWork

NEWEST = ("-sequence",)
SHOP_ORDER = ("display_order", "id")
CHECKOUT = "checkout"


def package_not_found() -> NotFound:
    return NotFound("No such coin package.", code="coin_package_not_found")


@dataclass(frozen=True)
class WalletView:
    """A reader's balances (a reader who never bought has an empty one)."""

    user_id: str
    paid_balance: int = 0
    bonus_balance: int = 0
    entries: int = 0

    @property
    def balance(self) -> int:
        return self.paid_balance + self.bonus_balance

    @classmethod
    def of(cls, wallet: CoinWallet | None, user_id: str) -> "WalletView":
        if wallet is None:
            return cls(user_id=user_id)
        return cls(user_id=user_id, paid_balance=wallet.paid_balance,
                   bonus_balance=wallet.bonus_balance, entries=wallet.entry_count)


def open_wallet(uow_factory: Callable[[], UnitOfWork], ids: IdGenerator, user_id: str,
                now: datetime) -> None:
    """Make sure the reader has a wallet (its own unit of work; a concurrent opener wins)."""
    with uow_factory() as uow:
        if uow.coin_wallets.get_by(user_id=user_id) is not None:
            return
        uow.coin_wallets.add(CoinWallet.open(id=ids.new_id("cwal"), user_id=user_id, now=now))
        with suppress(IntegrityConflict):
            uow.commit()


class CoinService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 checkout: CheckoutService):
        self.uow, self.clock, self.ids, self.checkout = uow, clock, ids, checkout

    # -- reading ------------------------------------------------------------------------------
    def wallet(self, *, actor: Actor) -> WalletView:
        with self.uow() as uow:
            return WalletView.of(uow.coin_wallets.get_by(user_id=actor.user_id), actor.user_id)

    def ledger(self, *, actor: Actor, offset: int = 0, limit: int | None = None
               ) -> tuple[list[LedgerEntry], int]:
        """My wallet's entries, newest first."""
        with self.uow() as uow:
            return (uow.coin_ledger.list(user_id=actor.user_id, order_by=NEWEST, offset=offset,
                                         limit=limit),
                    uow.coin_ledger.count(user_id=actor.user_id))

    def packages(self, *, currency: str | None = None) -> list[CoinPackage]:
        """The active packages, in display order (those sold in ``currency`` when given)."""
        with self.uow() as uow:
            found = uow.coin_packages.list(is_active=True, order_by=SHOP_ORDER)
        if currency:
            found = [p for p in found if p.price_in(currency) is not None]
        return found

    # -- buying -------------------------------------------------------------------------------
    def buy(self, *, actor: Actor, package_id: str, currency: str) -> CheckoutSession:
        """An OPEN checkout for a package in one of its currencies (422
        ``currency_not_offered``); pay at its ``checkout_url``."""
        now = self.clock.now()
        currency = currency.upper()
        with self.uow() as uow:
            check_reader(uow, actor.user_id)
            package = uow.coin_packages.get(package_id)
            if package is None or not package.is_active:
                raise package_not_found()
            price = package.price_in(currency)
            if price is None:
                raise ValidationFailed(
                    "This package is not sold in that currency.", code="currency_not_offered",
                    fields={"currency": [f"One of: {', '.join(sorted(package.prices))}."]})
        open_wallet(self.uow, self.ids, actor.user_id, now)
        with self.uow() as uow:
            session = CheckoutSession.open(
                now=now, id=self.ids.new_id("cs"), kind=CheckoutKind.COINS,
                user_id=actor.user_id, amount=price, original_amount=price, currency=currency,
                payload={"package_id": package.id, "package_name": package.name,
                         "coins": package.coins, "bonus_coins": package.bonus_coins})
            uow.checkout_sessions.add(session)
            uow.commit()
        return self.checkout.collect(session.id)


class CoinsFulfiller(Fulfiller):
    """A paid COINS checkout credits the buyer's wallet once; the result is the PURCHASE
    ledger entry."""

    kind = CheckoutKind.COINS

    def __init__(self, *, ids: IdGenerator):
        self.ids = ids

    def describe(self, session: CheckoutSession) -> str:
        p = session.payload
        bonus = f" + {p['bonus_coins']} bonus" if p.get("bonus_coins") else ""
        return f"{p.get('package_name', 'Coins')}: {p.get('coins')} coins{bonus}"

    def fulfil(self, uow: UnitOfWork, session: CheckoutSession, now: datetime) -> str:
        wallet = uow.coin_wallets.get_by(user_id=session.user_id, for_update=True)
        if wallet is None:
            wallet = CoinWallet.open(id=self.ids.new_id("cwal"), user_id=session.user_id,
                                     now=now)
            uow.coin_wallets.add(wallet)
        done = uow.coin_ledger.get_by(wallet_id=wallet.id, source_type=CHECKOUT,
                                      source_id=session.id, kind=LedgerKind.PURCHASE)
        if done is not None:
            return done.id
        p = session.payload
        with domain_rules():
            bought = wallet.credit(entry_id=self.ids.new_id("cled"), kind=LedgerKind.PURCHASE,
                                   paid=int(p["coins"]), source_type=CHECKOUT,
                                   source_id=session.id, now=now,
                                   description=p.get("package_name"))
            uow.coin_ledger.add(bought)
            if p.get("bonus_coins"):
                uow.coin_ledger.add(wallet.credit(
                    entry_id=self.ids.new_id("cled"), kind=LedgerKind.BONUS,
                    bonus=int(p["bonus_coins"]), source_type=CHECKOUT, source_id=session.id,
                    now=now, description=p.get("package_name")))
        return bought.id
