"""`strategikarta remind` through the command's entry point, on a SQLite file, sending to a
real SMTP server the test starts."""

from datetime import date, timedelta

import pytest
from click.testing import CliRunner, Result

from benchmarks.harness import free_port
from tests.builders import two_bodies_year
from tests.conftest import open_store
from tests.mail_server import MailServer
from web.cli import main

RS_ADDRESS = "rs-rapportor@region-exempel.invalid"


@pytest.fixture
def year(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> date:
    """The command's store: a year of two bodies, its near round due in three days."""
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("STRATEGIKARTA_MAIL_FROM", "strategikarta@region-exempel.invalid")
    today = date.today()
    service = open_store(sqlite_url, today)
    two_bodies_year(service, today)
    service.close()
    return today


def remind(monkeypatch: pytest.MonkeyPatch, url: str, *args: str) -> Result:
    monkeypatch.setenv("STRATEGIKARTA_SMTP_URL", url)
    return CliRunner().invoke(main, ["remind", *args])


def test_the_reporter_with_an_address_gets_their_items_and_the_deadline_and_nobody_else(
        year: date, mail_server: MailServer, monkeypatch: pytest.MonkeyPatch) -> None:
    result = remind(monkeypatch, mail_server.url, "--days", "7")
    assert result.exit_code == 0, result.output
    deadline = year + timedelta(days=3)
    assert result.output.splitlines() == [
        f"pn-rapportor of 3 item(s) in rs/nara (deadline {deadline}): not reminded: "
        "no e-mail address",
        f"reminded rs-rapportor <{RS_ADDRESS}> of 2 item(s) in rs/nara (deadline {deadline})",
        "1 e-mail(s) sent, 1 reporter(s) not reminded"]
    [received] = mail_server.inbox.messages
    assert received.recipients == [RS_ADDRESS]
    message = received.message
    assert message["From"] == "strategikarta@region-exempel.invalid"
    assert str(deadline) in message["Subject"]
    text = message.get_content()
    assert "Tertialrapport 1 (nara)" in text and f"Sista dag: {deadline}" in text
    assert "milestone A: Milstolpe A" in text and "milestone C: Milstolpe C" in text
    assert "Milstolpe B" not in text and "Delårsrapport" not in text


def test_items_already_reported_are_not_named(
        year: date, sqlite_url: str, mail_server: MailServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    service = open_store(sqlite_url, year)
    service.milestones.report_status("rs", "A", "on_track", "", year - timedelta(days=20),
                                     actor="rs-rapportor")
    service.close()
    assert remind(monkeypatch, mail_server.url).exit_code == 0
    [message] = mail_server.inbox.to(RS_ADDRESS)
    text = message.get_content()
    assert "Milstolpe C" in text and "Milstolpe A" not in text


def test_a_round_due_further_away_than_the_days_sends_nothing(
        year: date, mail_server: MailServer, monkeypatch: pytest.MonkeyPatch) -> None:
    result = remind(monkeypatch, mail_server.url, "--days", "2")
    assert result.exit_code == 0
    assert result.output == "0 e-mail(s) sent, 0 reporter(s) not reminded\n"
    assert mail_server.inbox.messages == []


def test_a_mail_server_that_is_down_is_a_message_and_exit_code_1(
        year: date, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"smtp://127.0.0.1:{free_port()}"
    result = remind(monkeypatch, url)
    assert result.exit_code == 1
    assert f"cannot send mail through {url}" in result.output
    assert "Traceback" not in result.output


def test_an_address_the_server_refuses_is_named_and_the_run_ends_in_exit_code_1(
        year: date, mail_server: MailServer, monkeypatch: pytest.MonkeyPatch) -> None:
    mail_server.inbox.refused.add(RS_ADDRESS)
    result = remind(monkeypatch, mail_server.url)
    assert result.exit_code == 1
    assert f"not reminded: {mail_server.url} refused it: {RS_ADDRESS}: 550 No such mailbox" \
        in result.output
    assert "the mail server refused some reminders" in result.output


@pytest.mark.parametrize("url, says", [
    ("", "set STRATEGIKARTA_SMTP_URL"),
    ("http://mail.example:25", "use smtp://host:port"),
    ("smtp://user:secret@mail.example:25", "unencrypted"),
])
def test_a_missing_or_bad_smtp_url_is_named_before_anything_is_sent(
        year: date, monkeypatch: pytest.MonkeyPatch, url: str, says: str) -> None:
    result = remind(monkeypatch, url)
    assert result.exit_code == 1 and says in result.output and "secret" not in result.output


def test_a_dry_run_lists_who_would_be_reminded_without_a_mail_server(
        year: date, monkeypatch: pytest.MonkeyPatch) -> None:
    result = remind(monkeypatch, "", "--dry-run")
    assert result.exit_code == 0
    assert [line.split(" of ")[0] for line in result.output.splitlines()] == [
        "would remind pn-rapportor", f"would remind rs-rapportor <{RS_ADDRESS}>",
        "2 reporter(s) to remind"]
