"""The real `strategikarta serve` on 127.0.0.1, for tests and benchmarks: a prepared store,
start, wait until every worker answers, crash (SIGKILL to master and workers) or stop, and
the log read back afterwards."""

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import requests

from benchmarks.harness import BIN, free_port
from service.application import Strategikarta
from service.config import persistence_env
from service.demo import load_demo

DEMO_PLAN = "fhs-exempel"
PG_ADMIN_URL = os.environ.get("STRATEGIKARTA_TEST_PG", "postgresql://postgres@127.0.0.1:5432/")


def prepare_store(url: str, planners: int = 1, demo: bool = True) -> list[str]:
    """What an operator does once: `db init`, the demo plan, planners; their API tokens."""
    Strategikarta(persistence_env(url, create_tables=True)).close()
    service = Strategikarta(persistence_env(url))
    service.users.password_method = "pbkdf2:sha256:1000"  # speed over strength, for load runs only
    try:
        if demo:
            load_demo(service)
        tokens = []
        for n in range(planners):
            service.users.add(f"planner-{n}", "planner", "ett-långt-lösenord", actor="setup")
            tokens.append(service.users.create_token(f"planner-{n}", actor="setup"))
        return tokens
    finally:
        service.close()


@dataclass
class Server:
    """A running `strategikarta serve`: its base URL, process group and log file."""

    base: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])

    def crash(self) -> None:
        """kill -9 the master and every worker at once, as a power cut or OOM kill would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def start(url: str, log: Path, workers: int = 2, port: int | None = None,
          timeout: float = 30.0, env: dict[str, str] | None = None) -> Server:
    """`strategikarta serve` in its own process group; returns once every worker has booted."""
    port = port or free_port()
    env = {**os.environ, "STRATEGIKARTA_DATABASE_URL": url,
           "STRATEGIKARTA_SECRET_KEY": "live-server", **(env or {})}
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(BIN / "strategikarta"), "serve", "--port", str(port), "--workers", str(workers)],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{server.log_text()}")
        if _answers(server.base) and booted_workers(server) >= workers:
            return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"the server did not come up in {timeout} s:\n{server.log_text()}")


def booted_workers(server: Server) -> int:
    return server.log_text().count("Booting worker")


def _answers(base: str) -> bool:
    try:
        return requests.get(f"{base}/healthz", timeout=2).ok
    except requests.RequestException:
        return False


@contextmanager
def serving(url: str, log: Path, workers: int = 2,
            env: dict[str, str] | None = None) -> Iterator[Server]:
    server = start(url, log, workers, env=env)
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def temporary_pg_schema(admin_url: str = PG_ADMIN_URL) -> Iterator[str]:
    """A fresh schema in the local PostgreSQL's `postgres` database, dropped afterwards."""
    schema = "bench_" + uuid.uuid4().hex[:10]
    with psycopg.connect(admin_url + "postgres", autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{admin_url}postgres?schema={schema}"
    finally:
        with psycopg.connect(admin_url + "postgres", autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def restart_postgres_immediately() -> None:
    """PostgreSQL's crash and recovery: stop without a checkpoint (`-m immediate`), start again."""
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart",
                    "-m", "immediate"], check=True, timeout=120, capture_output=True)


def logged_events(url: str) -> list[tuple[int, Any]]:
    """Every event in the store with its log position, read by a fresh process's view."""
    service = Strategikarta(persistence_env(url))
    try:
        events, start_at = [], 1
        while True:
            batch = service.store.recorder.select_notifications(start=start_at, limit=1000)
            events += [(n.id, service.store.mapper.to_domain_event(n)) for n in batch]
            if len(batch) < 1000:
                return events
            start_at = batch[-1].id + 1
    finally:
        service.close()
