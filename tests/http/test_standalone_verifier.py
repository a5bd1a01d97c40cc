"""The standalone verifier (tools/verify_log.py), run as an outsider runs it: a separate
Python process in isolated mode, given a copy of the store (SQLite) or an export (`strategikarta
log export`, any store) and the verifier key. It must accept the log as it was signed and
refuse it, naming where, once anything a checkpoint covers is altered, even when the store's
own list of checkpoints was cut short."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.application import Strategikarta
from tests.builders import make_plan
from tests.conftest import open_store
from web.cli import main

VERIFIER = Path(__file__).resolve().parents[2] / "tools" / "verify_log.py"


def run_verifier(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python3 -I verify_log.py …` from an empty directory: no project module on the path."""
    return subprocess.run([sys.executable, "-I", str(VERIFIER), *map(str, args)],
                          capture_output=True, text=True, timeout=120, cwd=VERIFIER.anchor)


def sign(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A plan written, then signed by `strategikarta checkpoint`; the verifier key returned."""
    key_file = tmp_path / "signing-key"
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", url)
    created = CliRunner().invoke(main, ["key", "create", str(key_file)])
    assert created.exit_code == 0, created.output
    monkeypatch.setenv("STRATEGIKARTA_SIGNING_KEY_FILE", str(key_file))
    service = open_store(url)
    write_plan(service)
    service.close()
    made = CliRunner().invoke(main, ["checkpoint"])
    assert made.exit_code == 0, made.output
    return created.output.split("verifier key: ")[1].strip()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def signed(request: pytest.FixtureRequest, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> str:
    """A signed store, SQLite file or PostgreSQL; its verifier key."""
    url = str(request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url"))
    return sign(url, tmp_path, monkeypatch)


def write_plan(service: Strategikarta) -> None:
    make_plan(service, milestones=("A", "B", "C"))
    for key, status in (("A", "on_track"), ("B", "at_risk"), ("A", "achieved")):
        service.milestones.report_status("fhs", key, status, "Rapport", None, actor="anna")


def export(path: Path) -> Path:
    result = CliRunner().invoke(main, ["log", "export", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_an_export_of_the_signed_log_verifies_against_the_key(
        signed: str, tmp_path: Path) -> None:
    exported = export(tmp_path / "log.jsonl")
    result = run_verifier(exported, "--key", signed)
    assert result.returncode == 0, result.stderr
    assert "verified:" in result.stdout and "ok: size" in result.stdout


def test_a_changed_event_in_an_export_is_found_with_the_events_it_lies_among(
        signed: str, tmp_path: Path) -> None:
    lines = export(tmp_path / "log.jsonl").read_text().splitlines()
    events = [json.loads(line) for line in lines if '"kind": "event"' in line]
    target = events[-1]  # the latest event: the one the old chains left unprotected
    lines[lines.index(json.dumps(target))] = json.dumps(
        {**target, "state": target["state"][:-4] + "AAAA"})
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text("\n".join(lines) + "\n")
    result = run_verifier(tampered, "--key", signed)
    assert result.returncode == 1
    assert f"among events 0..{len(events) - 1}" in result.stderr and "TAMPERED" in result.stderr


def test_a_removed_event_is_found_and_the_wrong_key_refused(signed: str, tmp_path: Path) -> None:
    lines = export(tmp_path / "log.jsonl").read_text().splitlines()
    first_event = next(i for i, line in enumerate(lines) if '"kind": "event"' in line)
    shortened = tmp_path / "shortened.jsonl"
    shortened.write_text("\n".join(lines[:first_event] + lines[first_event + 1:]) + "\n")
    assert run_verifier(shortened, "--key", signed).returncode == 1
    other = tmp_path / "other-key"
    created = CliRunner().invoke(main, ["key", "create", str(other)])
    other_vkey = created.output.split("verifier key: ")[1].strip()
    refused = run_verifier(tmp_path / "log.jsonl", "--key", other_vkey)
    assert refused.returncode != 0 and "no signature by" in refused.stderr


def test_a_store_copy_verifies_and_a_kept_note_catches_a_cut_short_checkpoint_list(
        sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vkey = sign(sqlite_url, tmp_path, monkeypatch)
    copy = tmp_path / "copy.sqlite"
    # as an operator copies a live store: SQLite's backup (a file copy misses the -wal file)
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as live, \
            sqlite3.connect(copy) as target:
        live.backup(target)
    assert run_verifier(copy, "--key", vkey).returncode == 0
    with sqlite3.connect(copy) as connection:
        (note,) = connection.execute("SELECT note FROM strategikarta_checkpoints").fetchone()
        # An attacker edits the latest event and removes the checkpoints that cover it ...
        changed = connection.execute(
            "UPDATE stored_events SET state = CAST(replace(CAST(state AS TEXT), 'achieved', "
            "'on_track') AS BLOB) WHERE rowid = (SELECT max(rowid) FROM stored_events)")
        assert changed.rowcount == 1
        connection.execute("DELETE FROM strategikarta_checkpoints")
    kept = tmp_path / "checkpoint.txt"
    kept.write_text(note)
    # ... the copy alone proves nothing, and a note someone kept finds the edit.
    assert "no signed checkpoint" in run_verifier(copy, "--key", vkey).stderr
    found = run_verifier(copy, "--key", vkey, "--checkpoint", kept)
    assert found.returncode == 1 and "TAMPERED" in found.stderr
