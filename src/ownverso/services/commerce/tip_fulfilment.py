"""A paid tip: the fulfiller that records it, counts it as the author's reader revenue, and
notifies the author.

The notification hook is ``notify_author``: an email (``tip_received``) queued after the
commit, with the amount and the message, naming the tipper or "Someone" when anonymous. It is
the whole notification for now; in-app notifications can hang off the same call later.
"""

from datetime import datetime

from ownverso.domain.checkout.session import CheckoutKind, CheckoutSession
from ownverso.domain.commerce.tip import Tip, TipOrder
from ownverso.domain.money import money_text
from ownverso.services.checkout.fulfilment import Fulfiller
from ownverso.services.emails import EmailSender
from ownverso.services.ports import IdGenerator, UnitOfWork
from ownverso.services.referrals.qualification import record_reader_revenue


def notify_author(emails: EmailSender, uow: UnitOfWork, tip: Tip) -> None:
    """The author hears of the tip once it is committed (never the anonymous tipper's name)."""
    author = uow.users.get(tip.author_id)
    if author is None:
        return
    tipper = None if tip.is_anonymous else uow.users.get(tip.tipper_id)
    site = uow.sites.get(tip.site_id) if tip.site_id else None
    message = f'Their message:\n\n"{tip.message}"\n\n' if tip.message else ""
    emails.send_after_commit(
        uow, to=author.email, template="tip_received", name=author.display_name,
        tipper=tipper.display_name if tipper else "Someone",
        amount=money_text(tip.amount, tip.currency),
        on=f" on {site.name}" if site else "", message=message)


class TipFulfiller(Fulfiller):
    """A paid TIP checkout becomes a SUCCEEDED tip (its amount is the author's reader
    revenue) and the author is notified."""

    kind = CheckoutKind.TIP

    def __init__(self, *, ids: IdGenerator, emails: EmailSender):
        self.ids, self.emails = ids, emails

    def describe(self, session: CheckoutSession) -> str:
        payload = session.payload
        where = f" ({payload['site_name']})" if payload.get("site_name") else ""
        return f"Tip to {payload.get('author_name') or 'an author'}{where}"

    def fulfil(self, uow: UnitOfWork, session: CheckoutSession, now: datetime) -> str:
        p = session.payload
        order = TipOrder(author_id=p["author_id"], site_id=session.site_id,
                         amount=session.amount, currency=session.currency,
                         message=p.get("message"), is_anonymous=bool(p.get("is_anonymous")))
        tip = Tip.paid(order, id=self.ids.new_id("tip"), tipper_id=session.user_id, now=now,
                       checkout_session_id=session.id)
        uow.tips.add(tip)
        notify_author(self.emails, uow, tip)
        if tip.amount > 0:
            record_reader_revenue(uow, author_id=tip.author_id, now=now, event="reader_tip")
        return tip.id
