"""Sending email in the background."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.ports import EmailMessage, Mailer


@inject
def send_email(*, to: str, subject: str, text: str, html: str | None = None,
               headers: dict | None = None, mailer: Mailer = Provide["mailer"]) -> None:
    mailer.send(EmailMessage(to=to, subject=subject, text=text, html=html,
                             headers=headers or {}))
