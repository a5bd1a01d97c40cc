"""Sending e-mail over SMTP, configured by one URL: `smtp://host:25`,
`smtp+starttls://user:password@host:587` or `smtps://user:password@host:465`."""

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import unquote, urlsplit

from service.config import ConfigurationError

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
TIMEOUT = 10.0  # seconds: a timer's run should end, not hang on a silent server


class MailError(Exception):
    """The SMTP server could not be reached, or refused us."""


class MessageRefusedError(MailError):
    """The server refused one message (its recipient, say); others may still go."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to hand mail over; the password is never shown in `repr`."""

    scheme: str
    host: str
    port: int
    username: str = ""
    password: str = ""

    def __repr__(self) -> str:
        return f"SmtpSettings({self.where})"

    @property
    def where(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


def smtp_settings(url: str) -> SmtpSettings:
    """The settings a `STRATEGIKARTA_SMTP_URL` describes, or what is wrong with it."""
    if not url:
        raise ConfigurationError("set STRATEGIKARTA_SMTP_URL to the mail server, e.g. "
                                 "smtp://mail.example.internal:25")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ConfigurationError("STRATEGIKARTA_SMTP_URL is not a URL: use "
                                 "smtp://host:port") from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ConfigurationError(
            f"STRATEGIKARTA_SMTP_URL: use {', '.join(s + '://host:port' for s in DEFAULT_PORTS)}"
            " (user:password@ before the host for a server that wants them)")
    if parts.password is not None and parts.scheme == "smtp":
        raise ConfigurationError("STRATEGIKARTA_SMTP_URL: smtp:// would send the password "
                                 "unencrypted; use smtp+starttls:// or smtps://")
    return SmtpSettings(parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme],
                        unquote(parts.username or ""), unquote(parts.password or ""))


class Send(Protocol):
    def __call__(self, message: EmailMessage) -> None: ...


@contextmanager
def smtp_connection(settings: SmtpSettings) -> Iterator[Send]:
    """One connection for every message of a run; `send(message)` hands one over. Any
    failure, connecting or sending, is a `MailError` naming the server."""
    try:
        with _connect(settings) as server:
            if settings.username:
                server.login(settings.username, settings.password)

            def send(message: EmailMessage) -> None:
                try:
                    server.send_message(message)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                        smtplib.SMTPDataError) as error:
                    raise MessageRefusedError(f"{settings.where} refused it: "
                                              f"{_reason(error)}") from None

            yield send
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"cannot send mail through {settings.where}: {_reason(error)}") from None


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.scheme == "smtps":
        return smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT,
                                context=ssl.create_default_context())
    server = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)
    if settings.scheme == "smtp+starttls":
        try:
            server.starttls(context=ssl.create_default_context())
        except BaseException:
            server.close()
            raise
    return server


def _reason(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{address}: {code} {_text(text)}"
                         for address, (code, text) in error.recipients.items())
    return str(error) or type(error).__name__


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply
