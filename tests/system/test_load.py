"""A short run of the mixed load (`benchmarks/mixed_load.py`, 60 s in `make bench`): fifty users
against the real server, no errors, every acknowledged status report in the log exactly once."""

from pathlib import Path

import pytest

from benchmarks.live_server import prepare_store, serving
from benchmarks.mixed_load import MIX, USERS, missing_and_duplicated, run_users

SECONDS = 3


@pytest.mark.server
def test_fifty_users_mixing_reports_reads_and_maps_lose_nothing(
        shared_store_url: str, tmp_path: Path) -> None:
    tokens = prepare_store(shared_store_url, planners=10)
    with serving(shared_store_url, tmp_path / "server.log") as server:
        outcome = run_users(server.base, tokens, SECONDS, users=USERS)
    assert outcome.failures == []
    assert all(outcome.latencies[kind] for kind, _ in MIX)
    missing, duplicated = missing_and_duplicated(shared_store_url, outcome.acknowledged)
    assert missing == set() and duplicated == set()
    print(f"{outcome.requests()} requests, p99 {outcome.p99_ms():.0f} ms")
