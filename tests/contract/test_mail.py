"""One contract for every mailer: in memory, the outbox folder and SMTP (a real aiosmtpd server).

Each adapter comes with a way to read back what it sent as plain fields, so the same assertions
hold for the list in memory, the ``.eml`` files and the messages the SMTP server received.
"""

import email
import email.policy
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller

from ownverso.adapters.mail import InMemoryMailer, OutboxMailer, SmtpMailer
from ownverso.services.ports import EmailMessage
from tests.support.network import free_port

SENDER = "Ownverso <no-reply@ownverso.test>"


@dataclass
class Received:
    to: str
    subject: str
    text: str
    html: str | None
    headers: dict


def from_mime(raw: bytes) -> Received:
    """Parse a message as a mail client would (SMTP carries CRLF line ends; files carry LF)."""
    mime = email.message_from_bytes(raw.replace(b"\r\n", b"\n"), policy=email.policy.default)
    html = mime.get_body(("html",))
    return Received(
        to=str(mime["To"]), subject=str(mime["Subject"]),
        text=mime.get_body(("plain",)).get_content().rstrip("\n"),
        html=html.get_content().rstrip("\n") if html is not None else None,
        headers={name: str(value) for name, value in mime.items()},
    )


class Collector:
    """The aiosmtpd handler: keeps each envelope the server accepts."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture(scope="module")
def smtp_server():
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


@pytest.fixture(params=["memory", "outbox", "smtp"])
def mailer(request, tmp_path):
    """``(mailer, received)``: ``received()`` lists what was sent, oldest first."""
    if request.param == "memory":
        memory = InMemoryMailer()
        return memory, lambda: [Received(m.to, m.subject, m.text, m.html, dict(m.headers))
                                for m in memory.sent]
    if request.param == "outbox":
        folder = tmp_path / "outbox"
        return (OutboxMailer(folder, sender=SENDER),
                lambda: [from_mime(p.read_bytes()) for p in sorted(folder.glob("*.eml"))])
    controller, handler = request.getfixturevalue("smtp_server")
    handler.envelopes.clear()
    smtp = SmtpMailer(host=controller.hostname, port=controller.port, sender=SENDER)
    return smtp, lambda: [from_mime(e.original_content or e.content) for e in handler.envelopes]


def test_a_text_message_arrives_with_its_recipient_subject_and_body(mailer):
    sender, received = mailer
    sender.send(EmailMessage(to="reader@example.com", subject="Confirm your email",
                             text="Hello!\n\nYour code is 123456."))

    [message] = received()
    assert message.to == "reader@example.com"
    assert message.subject == "Confirm your email"
    assert message.text == "Hello!\n\nYour code is 123456."
    assert message.html is None


def test_an_html_alternative_travels_with_the_text(mailer):
    sender, received = mailer
    sender.send(EmailMessage(to="author@example.com", subject="Welcome", text="Welcome aboard.",
                             html="<p>Welcome <strong>aboard</strong>.</p>"))

    [message] = received()
    assert message.text == "Welcome aboard."
    assert message.html == "<p>Welcome <strong>aboard</strong>.</p>"


def test_custom_headers_and_non_ascii_text_survive(mailer):
    sender, received = mailer
    sender.send(EmailMessage(
        to="lecteur@example.com", subject="Bienvenue à Ownverso — ✓",
        text="Déjà inscrit ? नमस्ते", html="<p>Déjà inscrit ? नमस्ते</p>",
        headers={"List-Unsubscribe": "<https://ownverso.test/unsubscribe/abc>",
                 "X-Ownverso-Kind": "welcome"}))

    [message] = received()
    assert message.subject == "Bienvenue à Ownverso — ✓"
    assert message.text == "Déjà inscrit ? नमस्ते"
    assert message.html == "<p>Déjà inscrit ? नमस्ते</p>"
    assert message.headers["List-Unsubscribe"] == "<https://ownverso.test/unsubscribe/abc>"
    assert message.headers["X-Ownverso-Kind"] == "welcome"


def test_each_message_is_delivered_separately_in_order(mailer):
    sender, received = mailer
    for n in range(3):
        sender.send(EmailMessage(to=f"reader{n}@example.com", subject=f"Chapter {n}",
                                 text=f"Chapter {n} is out."))

    assert [(m.to, m.subject) for m in received()] == [
        ("reader0@example.com", "Chapter 0"), ("reader1@example.com", "Chapter 1"),
        ("reader2@example.com", "Chapter 2")]


def test_smtp_delivers_to_the_recipient_from_the_configured_sender(smtp_server):
    controller, handler = smtp_server
    handler.envelopes.clear()
    SmtpMailer(host=controller.hostname, port=controller.port, sender=SENDER).send(
        EmailMessage(to="reader@example.com", subject="Hi", text="Hi."))

    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == ["reader@example.com"]
    assert envelope.mail_from == "no-reply@ownverso.test"
    assert from_mime(envelope.original_content).headers["From"] == SENDER


def test_smtp_failure_reaches_the_caller():
    mailer = SmtpMailer(host="127.0.0.1", port=free_port(), sender=SENDER, timeout=2)
    with pytest.raises(OSError):
        mailer.send(EmailMessage(to="reader@example.com", subject="Hi", text="Hi."))


def test_outbox_writes_one_eml_per_message_with_sender_and_date(tmp_path):
    mailer = OutboxMailer(tmp_path / "new" / "outbox", sender=SENDER)
    mailer.send(EmailMessage(to="a@example.com", subject="One", text="1"))
    mailer.send(EmailMessage(to="b@example.com", subject="Two", text="2"))

    files = sorted((tmp_path / "new" / "outbox").glob("*.eml"))
    assert len(files) == 2
    headers = from_mime(files[0].read_bytes()).headers
    assert headers["From"] == SENDER
    assert headers["Date"] and headers["Message-ID"].endswith("@ownverso.test>")
