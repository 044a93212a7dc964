"""Gifts after payment: the fulfiller that records a paid gift, the delivery job that emails
it (with its claim code and link) on its delivery date, and the job that marks gifts left
unclaimed for 365 days EXPIRED.

Each gift is handled in its own unit of work under a row lock and checked again there, so a
job that runs twice, or beside a claim, changes it once; emails leave after the commit.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.checkout.session import CheckoutKind, CheckoutSession
from ownverso.domain.memberships.gift import Gift, GiftOrder, GiftStatus, new_claim_code
from ownverso.domain.memberships.tier import Tier
from ownverso.domain.sites.site import Site
from ownverso.services.batches import each_locked
from ownverso.services.checkout.fulfilment import Fulfiller
from ownverso.services.emails import EmailSender
from ownverso.services.memberships.tier_access import tier_not_found
from ownverso.services.ports import Clock, IdGenerator, UnitOfWork
from ownverso.services.referrals.qualification import record_reader_revenue


def months_text(months: int) -> str:
    return f"{months} month" if months == 1 else f"{months} months"


def grouped(code: str) -> str:
    """ABCD-EFGH-JKMN-PQRS: easier to read out and type (dashes are ignored on claim)."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def claim_url(emails: EmailSender, code: str) -> str:
    return f"{emails.public_url.rstrip('/')}/gifts/claim/{code}"


def announce(emails: EmailSender, uow: UnitOfWork, gift: Gift, tier: Tier | None,
             site: Site | None) -> None:
    """The recipient's email, sent once the delivery is committed."""
    message = f'Their message:\n\n"{gift.gift_message}"\n\n' if gift.gift_message else ""
    assert gift.expires_at is not None, "delivered"
    emails.send_after_commit(
        uow, to=gift.recipient_email, template="gift_received",
        giver=gift.giver_name or "Someone", recipient=gift.recipient_name or "there",
        months=months_text(gift.months), tier=tier.name if tier else "membership",
        site=site.name if site else "a site", message=message,
        link=gift.claim_url or "", code=grouped(gift.claim_code),
        email=gift.recipient_email, expires=gift.expires_at.date().isoformat())


class GiftFulfiller(Fulfiller):
    """A paid gift checkout becomes a gift: DELIVERED (and emailed) at once, or PENDING until
    its delivery date. The gift's price counts as the author's reader revenue."""

    kind = CheckoutKind.GIFT

    def __init__(self, *, ids: IdGenerator, emails: EmailSender):
        self.ids, self.emails = ids, emails

    def describe(self, session: CheckoutSession) -> str:
        payload = session.payload
        return (f"Gift: {months_text(payload.get('months', 1))} of "
                f"{payload.get('tier_name')} on {payload.get('site_name')}")

    def fulfil(self, uow: UnitOfWork, session: CheckoutSession, now: datetime) -> str:
        assert session.site_id is not None and session.tier_id is not None
        tier, site = uow.tiers.get(session.tier_id), uow.sites.get(session.site_id)
        if tier is None:
            raise tier_not_found()
        p, code = session.payload, new_claim_code()
        order = GiftOrder(
            recipient_email=p["recipient_email"], recipient_name=p.get("recipient_name"),
            months=p["months"], gift_message=p.get("gift_message"),
            delivery_date=datetime.fromisoformat(p["delivery_date"])
            if p.get("delivery_date") else None, giver_name=p.get("giver_name"))
        gift = Gift.bought(order, id=self.ids.new_id("gift"), now=now,
                           giver_id=session.user_id, giver_email=p["giver_email"],
                           site_id=session.site_id, tier_id=tier.id, amount=session.amount,
                           currency=session.currency, claim_code=code,
                           claim_url=claim_url(self.emails, code),
                           checkout_session_id=session.id)
        uow.gifts.add(gift)
        if gift.deliver_if_due(now):
            announce(self.emails, uow, gift, tier, site)
        if site is not None and session.amount > 0:
            record_reader_revenue(uow, author_id=site.author_id, now=now, event="reader_gift")
        return gift.id


@dataclass
class GiftRun:
    delivered: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)


class GiftDelivery:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, emails: EmailSender):
        self.uow, self.clock, self.emails = uow, clock, emails

    def deliver_due(self) -> list[str]:
        """PENDING gifts whose delivery date has come: DELIVERED, claimable for 365 days, and
        emailed to the recipient. Returns their ids."""
        now = self.clock.now()
        return self._each({"status": GiftStatus.PENDING, "delivery_date__lte": now},
                          ("delivery_date", "id"), self._deliver)

    def expire_unclaimed(self) -> list[str]:
        """DELIVERED gifts past their claim deadline become EXPIRED. Returns their ids."""
        now = self.clock.now()
        return self._each({"status": GiftStatus.DELIVERED, "expires_at__lte": now},
                          ("expires_at", "id"), lambda uow, gift: gift.expire_if_due(now))

    def run(self) -> GiftRun:
        return GiftRun(delivered=self.deliver_due(), expired=self.expire_unclaimed())

    def _deliver(self, uow: UnitOfWork, gift: Gift) -> bool:
        if not gift.deliver_if_due(self.clock.now()):
            return False
        announce(self.emails, uow, gift, uow.tiers.get(gift.tier_id), uow.sites.get(gift.site_id))
        return True

    def _each(self, filters: dict, order: tuple[str, ...],
              handle: Callable[[UnitOfWork, Gift], bool]) -> list[str]:
        return each_locked(self.uow, "gifts", filters=filters, order_by=order, handle=handle)
