"""Tamper evidence: edit the stored log behind the application's back and `verify` says where."""

import json
import sqlite3
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from domain.plan import plan_id
from service.application import Strategikarta
from service.demo import load_demo
from tests.conftest import Auth, open_store
from web.cli import main


def sqlite_path(url: str) -> str:
    return url.removeprefix("sqlite:///")


def milestone_event_positions(service: Strategikarta, key: str) -> list[int]:
    """Log positions of one milestone's events (it has several, so its chain can break)."""
    from domain.milestone import milestone_id

    wanted = milestone_id("fhs-exempel", key)
    return [n.id for n in service.store.recorder.select_notifications(start=1, limit=10_000)
            if n.originator_id == wanted]


@pytest.fixture
def demo_store(sqlite_url: str) -> tuple[str, Strategikarta, list[int]]:
    service = open_store(sqlite_url)
    load_demo(service)
    return sqlite_url, service, milestone_event_positions(service, "NV-05")


def test_an_untouched_log_verifies(demo_store: tuple[str, Strategikarta, list[int]]) -> None:
    _, service, _ = demo_store
    report = service.integrity.verify()
    assert report.ok and report.events == service.integrity.log_size() and report.first_bad_position is None


def test_a_changed_event_in_the_sqlite_file_is_found(
        demo_store: tuple[str, Strategikarta, list[int]]) -> None:
    url, service, positions = demo_store
    with sqlite3.connect(sqlite_path(url)) as db:
        (state,) = db.execute("SELECT state FROM stored_events WHERE rowid = ?",
                              (positions[1],)).fetchone()
        altered = bytes(state).replace(b'"actor":"demo"', b'"actor":"mallory"')
        assert altered != bytes(state)
        db.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (altered, positions[1]))
    report = service.integrity.verify()
    assert not report.ok and report.first_bad_position == positions[1]


def test_a_removed_event_is_found(demo_store: tuple[str, Strategikarta, list[int]]) -> None:
    url, service, positions = demo_store
    with sqlite3.connect(sqlite_path(url)) as db:
        db.execute("DELETE FROM stored_events WHERE rowid = ?", (positions[2],))
    report = service.integrity.verify()
    assert not report.ok and report.first_bad_position == positions[3]
    assert "missing or out of order" in (report.problem or "")


def test_reordered_events_are_found(demo_store: tuple[str, Strategikarta, list[int]]) -> None:
    url, service, positions = demo_store
    first, second = positions[1], positions[2]
    with sqlite3.connect(sqlite_path(url)) as db:
        rows = {rowid: state for rowid, state in db.execute(
            "SELECT rowid, state FROM stored_events WHERE rowid IN (?, ?)", (first, second))}
        db.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (rows[second], first))
        db.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (rows[first], second))
    report = service.integrity.verify()
    assert not report.ok and report.first_bad_position == first


def test_verify_on_the_command_line_exits_1_naming_the_position(
        demo_store: tuple[str, Strategikarta, list[int]], monkeypatch: pytest.MonkeyPatch) -> None:
    url, _, positions = demo_store
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", url)
    assert CliRunner().invoke(main, ["verify"]).exit_code == 0
    with sqlite3.connect(sqlite_path(url)) as db:
        db.execute("UPDATE stored_events SET state = CAST(replace(CAST(state AS TEXT), 'HSN', 'RS') "
                   "AS BLOB) WHERE rowid = ?", (positions[0],))
    result = CliRunner().invoke(main, ["verify"])
    assert result.exit_code == 1 and f"log position {positions[0]}" in result.output


def test_a_physically_damaged_store_file_fails_verify_though_the_log_still_reads(
        demo_store: tuple[str, Strategikarta, list[int]], monkeypatch: pytest.MonkeyPatch) -> None:
    url, service, _ = demo_store
    service.close()
    path = Path(sqlite_path(url))
    db = sqlite3.connect(path)
    (page,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'stored_snapshots'"
                         ).fetchone()
    (page_size,) = db.execute("PRAGMA page_size").fetchone()
    db.close()
    with path.open("r+b") as file:  # a disk that lost a page of the snapshots' table
        file.seek((page - 1) * page_size)
        file.write(bytes(8))
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", url)
    result = CliRunner().invoke(main, ["verify"])
    assert result.exit_code == 1
    assert result.output.startswith("DAMAGED: the SQLite file is damaged: "), result.output


def plan_event_position(service: Strategikarta, plan: str, version: int) -> int:
    return next(n.id for n in service.store.recorder.select_notifications(start=1, limit=10_000)
                if n.originator_id == plan_id(plan) and n.originator_version == version)


def without_one_requirement(state: bytes) -> bytes:
    """A plan snapshot's state with one `requires` edge taken out, as an intruder might."""
    snapshot = json.loads(state)
    snapshot["state"]["requires"].pop()
    return json.dumps(snapshot).encode()


def test_a_snapshot_that_no_longer_matches_its_events_is_named_with_its_aggregate(
        demo_store: tuple[str, Strategikarta, list[int]], monkeypatch: pytest.MonkeyPatch) -> None:
    url, service, _ = demo_store
    with sqlite3.connect(sqlite_path(url)) as db:
        # The plan's first snapshot (one per save: the demo's one save takes one at its end).
        version, state = db.execute(
            "SELECT originator_version, state FROM stored_snapshots WHERE originator_id = ? "
            "ORDER BY originator_version LIMIT 1", (plan_id("fhs-exempel").hex,)).fetchone()
        db.execute("UPDATE stored_snapshots SET state = ? WHERE originator_id = ? AND "
                   "originator_version = ?", (without_one_requirement(state),
                                              plan_id("fhs-exempel").hex, version))
    report = service.integrity.verify()
    assert not report.ok and report.first_bad_position == plan_event_position(
        service, "fhs-exempel", version)
    assert (report.problem or "").startswith(
        f"the snapshot of plan 'fhs-exempel' (aggregate {plan_id('fhs-exempel')}) at version "
        f"{version} does not match its events")
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", url)
    result = CliRunner().invoke(main, ["verify"])
    assert result.exit_code == 1 and "the snapshot of plan 'fhs-exempel'" in result.output


@pytest.mark.postgres
def test_a_changed_snapshot_in_postgresql_is_found(pg_url: str) -> None:
    service = open_store(pg_url)
    load_demo(service)
    schema = pg_url.split("schema=")[1]
    with psycopg.connect(pg_url.split("?")[0], autocommit=True) as conn:
        version, state = conn.execute(
            f'SELECT originator_version, state FROM "{schema}".strategikarta_snapshots WHERE '
            "originator_id = %s ORDER BY originator_version LIMIT 1",
            (plan_id("fhs-exempel"),)).fetchone()
        conn.execute(f'UPDATE "{schema}".strategikarta_snapshots SET state = %s WHERE '
                     "originator_id = %s AND originator_version = %s",
                     (without_one_requirement(state), plan_id("fhs-exempel"), version))
    report = service.integrity.verify()
    assert not report.ok and report.first_bad_position == plan_event_position(
        service, "fhs-exempel", version)


@pytest.mark.postgres
def test_a_changed_row_in_postgresql_is_found(pg_url: str) -> None:
    service = open_store(pg_url)
    load_demo(service)
    positions = milestone_event_positions(service, "NV-05")
    schema = pg_url.split("schema=")[1]
    with psycopg.connect(pg_url.split("?")[0], autocommit=True) as conn:
        conn.execute(f'UPDATE "{schema}".strategikarta_events SET state = '
                     "convert_to(replace(convert_from(state, 'UTF8'), '\"demo\"', '\"mallory\"'), 'UTF8') "
                     "WHERE notification_id = %s", (positions[1],))
    report = service.integrity.verify()
    assert not report.ok and report.first_bad_position == positions[1]


def test_integrity_is_served_to_auditors_not_viewers(client: FlaskClient, auth: Auth) -> None:
    body = client.get("/api/v1/integrity", headers=auth.headers("auditor")).json
    assert body["ok"] is True and body["events"] > 0
    assert client.get("/api/v1/integrity", headers=auth.headers("viewer")).status_code == 403




def test_verify_checks_signed_snapshots_by_their_digest_and_all_snapshots_folds_them(
        demo_store: tuple[str, Strategikarta, list[int]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    url, _, _ = demo_store
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", url)
    assert CliRunner().invoke(main, ["key", "create", str(tmp_path / "key")]).exit_code == 0
    monkeypatch.setenv("STRATEGIKARTA_SIGNING_KEY_FILE", str(tmp_path / "key"))
    assert CliRunner().invoke(main, ["checkpoint"]).exit_code == 0
    signed = CliRunner().invoke(main, ["verify"])
    assert signed.exit_code == 0
    assert signed.output.rstrip().endswith("; 1 snapshot(s) as signed, 0 newer ones as their "
                                           "events fold"), signed.output
    folded = CliRunner().invoke(main, ["verify", "--all-snapshots"])
    assert folded.exit_code == 0 and "as signed" not in folded.output, folded.output
    with sqlite3.connect(sqlite_path(url)) as db:
        version, state = db.execute(
            "SELECT originator_version, state FROM stored_snapshots WHERE originator_id = ?",
            (plan_id("fhs-exempel").hex,)).fetchone()
        db.execute("UPDATE stored_snapshots SET state = ? WHERE originator_id = ?",
                   (without_one_requirement(state), plan_id("fhs-exempel").hex))
    by_digest = CliRunner().invoke(main, ["verify"])
    assert by_digest.exit_code == 1 and f"at version {version} differs from the digest" in (
        by_digest.output)
    by_fold = CliRunner().invoke(main, ["verify", "--all-snapshots"])
    assert by_fold.exit_code == 1 and f"at version {version} does not match its events" in (
        by_fold.output)
