"""The systemd units in docs/deploy: the reminder timer starts the reminder service, which
runs a `strategikarta remind` the command accepts, as the server's unit runs the server."""

import configparser
import shlex
import subprocess
from pathlib import Path

import click

from web.cli import main

DEPLOY = Path(__file__).resolve().parents[2] / "docs" / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text(encoding="utf-8"))
    return parser


def test_the_timer_starts_the_reminder_service_on_weekday_mornings_and_catches_up() -> None:
    timer = unit("strategikarta-remind.timer")
    assert timer["Timer"]["Unit"] == "strategikarta-remind.service"
    assert (DEPLOY / timer["Timer"]["Unit"]).exists()
    assert timer["Timer"]["OnCalendar"].startswith("Mon..Fri ")
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_the_reminder_service_runs_remind_as_the_server_runs_serve() -> None:
    service, server = unit("strategikarta-remind.service"), unit("strategikarta.service")
    assert service["Service"]["Type"] == "oneshot" and "Install" not in service
    for key in ("User", "Group", "EnvironmentFile", "WorkingDirectory", "ReadWritePaths"):
        assert service["Service"][key] == server["Service"][key], key
    program, *arguments = shlex.split(service["Service"]["ExecStart"])
    assert program == shlex.split(server["Service"]["ExecStart"])[0]
    command = main.get_command(click.Context(main), arguments[0])
    assert command is not None and command.name == "remind"
    assert command.make_context("remind", arguments[1:]).params == {"days": 7, "dry_run": False}


def test_systemd_reads_the_timers_calendar() -> None:
    calendar = unit("strategikarta-remind.timer")["Timer"]["OnCalendar"]
    checked = subprocess.run(["systemd-analyze", "calendar", calendar], capture_output=True,
                             text=True, check=False)
    assert checked.returncode == 0, checked.stderr
