"""`strategikarta serve --workers N` on PostgreSQL: every worker starts cleanly on tables made
once by `db init`, a write through one worker is read through any other, a changed plan is
redrawn by every worker, and the workers' pools stay within PostgreSQL's 100 connections."""

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest
import requests

from benchmarks.live_server import DEMO_PLAN, Server, prepare_store, serving
from service.config import POSTGRES_MAX_OVERFLOW, POSTGRES_POOL_SIZE
from web.server import POSTGRES_DEFAULT_CONNECTIONS

WORKERS = 6
pytestmark = [pytest.mark.postgres, pytest.mark.server]


def get(server: Server, token: str, path: str) -> requests.Response:
    response = requests.get(f"{server.base}/api/v1/plans/{DEMO_PLAN}{path}", timeout=30,
                            headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return response


def answering_workers(server: Server, path: str) -> set[str]:
    """The pids of the workers that answered requests for `path` (from the access log)."""
    return set(re.findall(rf'"GET [^"]*{re.escape(path)}[^"]*" 200 .* <(\d+)>', server.log_text()))


def application_name(pg_url: str) -> str:
    return "strategikarta-" + parse_qs(urlsplit(pg_url).query)["schema"][0]


def connections(pg_url: str) -> int:
    """The server's connections (libpq names them after PGAPPNAME) open right now."""
    database = urlsplit(pg_url)._replace(query="").geturl()
    with psycopg.connect(database, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                           (application_name(pg_url),)).fetchone()
        return int(row[0]) if row else 0


@pytest.fixture
def token(pg_url: str) -> str:
    """`db init`, the demo plan and a planner's token."""
    return prepare_store(pg_url)[0]


@pytest.fixture
def server(pg_url: str, token: str, tmp_path: Path) -> Iterator[Server]:
    """Six workers on one PostgreSQL schema prepared by `db init`."""
    with serving(pg_url, tmp_path / "server.log", workers=WORKERS,
                 env={"PGAPPNAME": application_name(pg_url)}) as server:
        yield server


def test_every_worker_starts_once_without_a_start_up_race(token: str, server: Server) -> None:
    log = server.log_text()
    assert log.count("Booting worker") == WORKERS
    assert "Traceback" not in log and "Worker exiting" not in log and "exited with code" not in log


def test_a_write_through_one_worker_is_read_through_every_other(token: str, server: Server) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    for n in range(20):
        comment = f"Läs-din-skrivning {n}"
        written = requests.post(f"{server.base}/api/v1/plans/{DEMO_PLAN}/milestones/NV-02/status",
                                json={"status": "at_risk", "comment": comment,
                                      "reported_for": "2025-12-31"}, headers=headers, timeout=30)
        assert written.status_code == 201, written.text
        # Several reads at once, so they land on different workers.
        with ThreadPoolExecutor(4) as pool:
            reads = list(pool.map(lambda _: get(server, token, "/milestones/NV-02").json(), range(4)))
        assert [read["status_comment"] for read in reads] == [comment] * 4
    assert len(answering_workers(server, "/milestones/NV-02 ")) > 1


def test_every_worker_redraws_the_map_after_a_change(token: str, server: Server) -> None:
    def titles_of_nv01() -> list[str]:
        with ThreadPoolExecutor(WORKERS) as pool:
            svgs = pool.map(lambda _: get(server, token, "/map?format=svg&lang=en").text,
                            range(3 * WORKERS))
            return [re.search(r'xlink:title="NV&#45;01: [^"]*"', svg).group(0)  # type: ignore[union-attr]
                    for svg in svgs]

    before = titles_of_nv01()  # every worker renders and caches the map
    assert len(set(before)) == 1 and "off track" not in before[0]
    report = {"status": "off_track", "comment": "Försenad", "reported_for": "2025-12-31"}
    assert requests.post(f"{server.base}/api/v1/plans/{DEMO_PLAN}/milestones/NV-01/status",
                         json=report, headers={"Authorization": f"Bearer {token}"},
                         timeout=30).status_code == 201
    after = titles_of_nv01()
    assert len(set(after)) == 1 and "off track" in after[0]
    assert len(answering_workers(server, "/map?format=svg&lang=en")) > 1


def test_the_workers_stay_within_their_pools(token: str, server: Server, pg_url: str) -> None:
    per_worker = int(POSTGRES_POOL_SIZE) + int(POSTGRES_MAX_OVERFLOW)
    assert 20 * per_worker <= POSTGRES_DEFAULT_CONNECTIONS  # 20 workers in all stay within

    with ThreadPoolExecutor(4 * WORKERS) as pool:  # more requests at once than workers
        list(pool.map(lambda n: get(server, token, f"/milestones/NV-0{1 + n % 5}"), range(300)))
    assert 0 < connections(pg_url) <= WORKERS * per_worker
