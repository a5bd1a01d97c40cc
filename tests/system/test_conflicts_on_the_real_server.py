"""Twenty clients edit one milestone at once with `If-Match`, through the real server: exactly
one wins per version, the others get 412, and the log holds each winner once and nothing else."""

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from benchmarks.live_server import DEMO_PLAN, logged_events, prepare_store, serving

CLIENTS, ROUNDS = 20, 4
MILESTONE = "NV-01"


def race(url: str, token: str, barrier: threading.Barrier, title: str) -> tuple[int, str]:
    """Read the milestone's version, wait for every other client to have read it, then write."""
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {token}"
        resource = f"{url}/api/v1/plans/{DEMO_PLAN}/milestones/{MILESTONE}"
        etag = http.get(resource, timeout=30).headers["ETag"]
        barrier.wait(timeout=30)
        response = http.patch(resource, json={"title": title, "reason": "samtidig ändring"},
                              headers={"If-Match": etag}, timeout=30)
        return response.status_code, title


@pytest.mark.server
def test_concurrent_edits_with_if_match_have_one_winner_per_version(
        shared_store_url: str, tmp_path: Path) -> None:
    token = prepare_store(shared_store_url)[0]
    winners = []
    with serving(shared_store_url, tmp_path / "server.log", workers=4) as server:
        first = requests.get(f"{server.base}/api/v1/plans/{DEMO_PLAN}/milestones/{MILESTONE}",
                             headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
        with ThreadPoolExecutor(CLIENTS) as pool:
            for round_ in range(ROUNDS):
                barrier = threading.Barrier(CLIENTS)
                futures = [pool.submit(race, server.base, token, barrier,
                                       f"Runda {round_}, klient {n}") for n in range(CLIENTS)]
                results = [future.result() for future in futures]
                statuses = sorted(status for status, _ in results)
                assert statuses == [200] + [412] * (CLIENTS - 1), statuses
                winners += [title for status, title in results if status == 200]
        last = requests.get(f"{server.base}/api/v1/plans/{DEMO_PLAN}/milestones/{MILESTONE}",
                            headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
    assert last["version"] == first["version"] + ROUNDS and last["title"] == winners[-1]
    edits = [event.changes["title"] for _, event in logged_events(shared_store_url)
             if type(event).__name__ == "MilestoneEdited"]
    assert edits == winners
