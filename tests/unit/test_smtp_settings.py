"""STRATEGIKARTA_SMTP_URL: one URL says where reminders go, and how."""

import pytest

from service.config import ConfigurationError, mail_from
from service.mail import SmtpSettings, smtp_settings


@pytest.mark.parametrize("url, settings", [
    ("smtp://mail.region.example", SmtpSettings("smtp", "mail.region.example", 25)),
    ("smtp://127.0.0.1:2525", SmtpSettings("smtp", "127.0.0.1", 2525)),
    ("smtp+starttls://paminn%40region.example:hemligt%2F1@mail.region.example",
     SmtpSettings("smtp+starttls", "mail.region.example", 587, "paminn@region.example",
                  "hemligt/1")),
    ("smtps://u:p@mail.region.example:4650", SmtpSettings("smtps", "mail.region.example", 4650,
                                                          "u", "p")),
])
def test_the_url_gives_scheme_host_port_and_the_decoded_login(
        url: str, settings: SmtpSettings) -> None:
    assert smtp_settings(url) == settings


@pytest.mark.parametrize("url", ["", "mail.region.example", "imap://mail.region.example",
                                 "smtp://", "smtp://host:port", "smtp://u:p@host"])
def test_an_unusable_url_is_refused_with_what_to_write(url: str) -> None:
    with pytest.raises(ConfigurationError, match="STRATEGIKARTA_SMTP_URL"):
        smtp_settings(url)


def test_the_password_is_never_shown() -> None:
    settings = smtp_settings("smtps://u:hemligt@mail.region.example")
    assert "hemligt" not in repr(settings) and "hemligt" not in settings.where


def test_the_sender_defaults_to_strategikarta_at_this_host() -> None:
    assert mail_from({}).startswith("strategikarta@")
    assert mail_from({"STRATEGIKARTA_MAIL_FROM": "a@b.example"}) == "a@b.example"
