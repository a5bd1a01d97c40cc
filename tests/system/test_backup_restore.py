"""Backup and restore of the event store as docs/deploy/README.md describes them: a SQLite
online backup and pg_dump/pg_restore give a store that verifies and folds to the same read
model as the original."""

import sqlite3
import subprocess
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest

from benchmarks.live_server import prepare_store
from service.application import Strategikarta
from service.config import persistence_env
from tests.read_models import comparable, fresh_fold


def store_with_history(url: str) -> None:
    """The demo plan, planners, and a few changes after it."""
    prepare_store(url, planners=2)
    service = Strategikarta(persistence_env(url))
    service.milestones.report_status("fhs-exempel", "NV-01", "at_risk", "Efter säkerhetskopian?", None,
                          actor="planner-0")
    service.milestones.edit("fhs-exempel", "NV-02", {"title": "Ny titel"}, actor="planner-1")
    service.close()


def assert_same_store(original: str, restored: str) -> None:
    first, second = Strategikarta(persistence_env(original)), Strategikarta(persistence_env(restored))
    try:
        report = second.integrity.verify()
        assert report.ok and report.events == first.integrity.verify().events
        assert comparable(fresh_fold(second)) == comparable(fresh_fold(first))
    finally:
        first.close()
        second.close()


def test_an_online_sqlite_backup_restores_the_same_plan(tmp_path: Path) -> None:
    original = f"sqlite:///{tmp_path / 'live.sqlite'}"
    store_with_history(original)
    running = Strategikarta(persistence_env(original))  # a server holding the store open
    running.store.catch_up()
    # The online backup API behind the sqlite3 shell's `.backup` command.
    with sqlite3.connect(tmp_path / "live.sqlite") as live, \
            sqlite3.connect(tmp_path / "backup.sqlite") as backup:
        live.backup(backup)
    running.close()
    assert_same_store(original, f"sqlite:///{tmp_path / 'backup.sqlite'}")


@pytest.mark.postgres
def test_pg_dump_and_pg_restore_give_back_the_same_plan(pg_url: str, tmp_path: Path) -> None:
    store_with_history(pg_url)
    parts = urlsplit(pg_url)
    schema = parse_qs(parts.query)["schema"][0]
    dump = tmp_path / "store.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--schema={schema}", f"--file={dump}",
                    parts._replace(query="").geturl()], check=True, timeout=120)
    database = "restore_" + uuid.uuid4().hex[:10]
    admin = parts._replace(path="/postgres", query="").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    try:
        restored = parts._replace(path=f"/{database}")
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={restored._replace(query='').geturl()}",
                        str(dump)], check=True, timeout=120)
        assert_same_store(pg_url, restored.geturl())
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
