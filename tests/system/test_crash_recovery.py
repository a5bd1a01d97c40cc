"""Crashes in the middle of a write load: the server killed with SIGKILL (master and workers),
and PostgreSQL stopped without a checkpoint. Afterwards every acknowledged write is in the log
once, `strategikarta verify` passes, and read models kept up across the crash equal a fresh fold."""

import os
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import requests

from benchmarks.harness import BIN
from benchmarks.live_server import (
    DEMO_PLAN,
    Server,
    prepare_store,
    restart_postgres_immediately,
    start,
)
from benchmarks.mixed_load import Outcome, missing_and_duplicated, run_users
from service.application import Strategikarta
from service.config import persistence_env
from tests.read_models import comparable, fresh_fold

WRITES_ONLY = (("report", 1.0),)
LOAD_SECONDS, CRASH_AFTER = 6.0, 2.0
pytestmark = pytest.mark.server


def write_load(server: Server, tokens: list[str], outcome: Outcome) -> threading.Thread:
    thread = threading.Thread(target=run_users, args=(server.base, tokens, LOAD_SECONDS),
                              kwargs={"users": 8, "mix": WRITES_ONLY, "outcome": outcome})
    thread.start()
    return thread


def postmaster_started(pg_url: str) -> object:
    database = urlsplit(pg_url)._replace(query="").geturl()
    with psycopg.connect(database) as conn:
        return conn.execute("SELECT pg_postmaster_start_time()").fetchone()


def assert_nothing_acknowledged_was_lost(url: str, outcome: Outcome, before: Strategikarta,
                                         server: Server, token: str) -> None:
    assert len(outcome.acknowledged) > 0
    assert missing_and_duplicated(url, outcome.acknowledged) == (set(), set())
    verified = subprocess.run([str(BIN / "strategikarta"), "verify"], capture_output=True, text=True,
                              env={**os.environ, "STRATEGIKARTA_DATABASE_URL": url}, timeout=120)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    fresh = Strategikarta(persistence_env(url))
    try:
        rebuilt = fresh_fold(fresh)
        # kept up across the crash
        assert comparable(before.store.catch_up(), before.store) == comparable(rebuilt)
        served = requests.get(f"{server.base}/api/v1/plans/{DEMO_PLAN}/milestones", timeout=30,
                              headers={"Authorization": f"Bearer {token}"}).json()
        expected = fresh.milestones.list(DEMO_PLAN)
        assert [(m["key"], m["status"], m["status_comment"], m["version"]) for m in served["items"]] \
            == [(m.key, m.status.value, m.status_comment, m.version) for m in expected]
    finally:
        fresh.close()


def test_a_server_killed_mid_load_loses_no_acknowledged_write(
        shared_store_url: str, tmp_path: Path) -> None:
    url = shared_store_url
    tokens = prepare_store(url, planners=4)
    observer = Strategikarta(persistence_env(url))  # a reader that lives through the crash
    server = start(url, tmp_path / "server.log")
    try:
        outcome = Outcome()
        load = write_load(server, tokens, outcome)
        time.sleep(CRASH_AFTER)
        observer.store.catch_up()
        server.crash()
        acknowledged_before_restart = len(outcome.acknowledged)
        server = start(url, tmp_path / "restarted.log", port=server.port)  # the clients retry
        load.join()
        run_users(server.base, tokens, 1.5, users=8, mix=WRITES_ONLY, outcome=outcome, run="after-")
        assert outcome.failures and len(outcome.acknowledged) > acknowledged_before_restart
        assert_nothing_acknowledged_was_lost(url, outcome, observer, server, tokens[0])
    finally:
        server.stop()
        observer.close()


@pytest.mark.postgres
def test_postgresql_crashing_mid_load_loses_no_acknowledged_write(
        pg_url: str, tmp_path: Path) -> None:
    tokens = prepare_store(pg_url, planners=4)
    observer = Strategikarta(persistence_env(pg_url))
    server = start(pg_url, tmp_path / "server.log")
    try:
        outcome = Outcome()
        load = write_load(server, tokens, outcome)
        time.sleep(CRASH_AFTER)
        observer.store.catch_up()
        started = postmaster_started(pg_url)
        acknowledged_before_restart = len(outcome.acknowledged)
        restart_postgres_immediately()
        assert postmaster_started(pg_url) != started
        load.join()
        # Writes during the outage may fail or wait; afterwards the same server writes again.
        run_users(server.base, tokens, 2.0, users=8, mix=WRITES_ONLY, outcome=outcome, run="after-")
        assert len(outcome.acknowledged) > acknowledged_before_restart
        assert_nothing_acknowledged_was_lost(pg_url, outcome, observer, server, tokens[0])
    finally:
        server.stop()
        observer.close()
