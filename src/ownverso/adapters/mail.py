"""Mailers: SMTP for production, an outbox folder for the embedded default, a list in memory."""

import smtplib
import threading
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage as MimeMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from ownverso.services.ports import EmailMessage, Mailer


def to_mime(message: EmailMessage, sender: str) -> MimeMessage:
    mime = MimeMessage()
    mime["From"] = sender
    mime["To"] = message.to
    mime["Subject"] = message.subject
    mime["Date"] = formatdate(localtime=False)
    mime["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "ownverso.local")
    for name, value in message.headers.items():
        mime[name] = value
    mime.set_content(message.text)
    if message.html:
        mime.add_alternative(message.html, subtype="html")
    return mime


class SmtpMailer(Mailer):
    def __init__(self, *, host: str, port: int, sender: str, username: str | None = None,
                 password: str | None = None, starttls: bool = False, timeout: float = 10):
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password, self.starttls, self.timeout = (username, password,
                                                                     starttls, timeout)

    def send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(to_mime(message, self.sender))


class OutboxMailer(Mailer):
    """Writes each message as an ``.eml`` file; open them with any mail client or read them."""

    def __init__(self, folder: Path, *, sender: str):
        self.folder, self.sender = Path(folder), sender

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        name = f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        (self.folder / name).write_bytes(bytes(to_mime(message, self.sender)))


class InMemoryMailer(Mailer):
    """Keeps what was sent in ``sent``; ``last_to(address)`` finds the newest for someone."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []
        self._lock = threading.Lock()

    def send(self, message: EmailMessage) -> None:
        with self._lock:
            self.sent.append(message)

    def last_to(self, address: str) -> EmailMessage | None:
        mine = [m for m in self.sent if m.to == address.lower()]
        return mine[-1] if mine else None
