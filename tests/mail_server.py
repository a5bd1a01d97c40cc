"""A real SMTP server for tests (aiosmtpd), on 127.0.0.1 and a free port, that keeps every
message it receives."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from benchmarks.harness import free_port


@dataclass
class Received:
    """What the server was handed: the envelope's recipients and the parsed message."""

    recipients: list[str]
    message: EmailMessage


@dataclass
class Inbox:
    """The server's handler: every message, in the order received; recipients in
    `refused` are answered 550."""

    messages: list[Received] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        if address in self.refused:
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else b""
        parsed = message_from_bytes(content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(Received(list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [r.message for r in self.messages if address in r.recipients]


@dataclass
class MailServer:
    url: str
    inbox: Inbox


@contextmanager
def running_mail_server() -> Iterator[MailServer]:
    """An SMTP server listening until the block ends; its URL is `smtp://127.0.0.1:PORT`."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield MailServer(f"smtp://127.0.0.1:{controller.port}", inbox)
    finally:
        controller.stop()
