"""Proposals through the API while another worker writes to the plan (threads, each app on a
store of its own, a SQLite file and PostgreSQL): an adoption is a 201 with every change
applied or a 409 (stale) with none; an import is based on one version of the plan, before
the other write or after it, and is stale accordingly; no write is lost."""

import random
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.builders import make_plan
from tests.conftest import open_store
from web import create_app

API = "/api/v1/plans"
ROUNDS = 4  # a plan each, the other writer starting at a random moment of the request
REVISED_TITLE = "Reviderad titel"
REVISION = {"year": 2025, "adopted_on": "2026-03-01", "decided_by": "Regionfullmäktige",
            "paragraph": "§ 12", "case_number": "RS 2026/1"}


class Workers:
    """Two apps on one store, as two workers of one server, and a planner's headers."""

    def __init__(self, url: str) -> None:
        self.setup = open_store(url)
        self.setup.users.password_method = "pbkdf2:sha256:1000"
        self.setup.users.add("anna", "planner", "lösenord-anna", actor="setup")
        token = self.setup.users.create_token("anna", actor="setup")
        self.headers = {"Authorization": f"Bearer {token}"}
        self.services = [open_store(url), open_store(url)]
        self.first, self.second = (create_app({"TESTING": True, "SERVICE": s}).test_client()
                                   for s in self.services)

    def close(self) -> None:
        for service in (self.setup, *self.services):
            service.close()


@pytest.fixture
def workers(shared_store_url: str) -> Iterator[Workers]:
    both = Workers(shared_store_url)
    yield both
    both.close()


def at_once(request: Callable[[], Any], write: Callable[[], Any], seed: int) -> tuple[Any, Any]:
    """`request` and `write` in two threads; `write` starts up to 10 ms after `request`."""
    answers: dict[str, Any] = {}
    delay = random.Random(seed).uniform(0, 0.01)
    start = threading.Barrier(2)

    def run(name: str, action: Callable[[], Any], after: float) -> None:
        start.wait(timeout=30)
        threading.Event().wait(after)
        try:
            answers[name] = action()
        except BaseException as error:  # raised below, in the test's thread
            answers[name] = error

    threads = [threading.Thread(target=run, args=("request", request, 0.0)),
               threading.Thread(target=run, args=("write", write, delay))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for answer in answers.values():
        if isinstance(answer, BaseException):
            raise answer
    return answers["request"], answers["write"]


def planned(workers: Workers, plan: str) -> None:
    """A plan of A, B (requiring A) and C, in 2023."""
    make_plan(workers.setup, key=plan, milestones=("A", "B", "C"))
    workers.setup.dependencies.add(plan, "B", "A", "requires", actor="anna")


def milestone(client: FlaskClient, workers: Workers, plan: str, key: str) -> Any:
    return client.get(f"{API}/{plan}/milestones/{key}", headers=workers.headers).json


def adoption_round(workers: Workers, round_: int) -> None:
    plan = f"p{round_}"
    planned(workers, plan)
    proposals = f"{API}/{plan}/proposals"
    made = workers.first.post(proposals, json={"key": "rev", "title": "Revidering"},
                              headers=workers.headers)
    assert made.status_code == 201, made.json
    for body in ({"op": "slip", "milestone": "A", "to": 2025, "reason": "Försenad"},
                 {"op": "drop", "key": "C", "reason": "Utgår"}):
        added = workers.first.post(f"{proposals}/rev/changes", json=body,
                                   headers=workers.headers)
        assert added.status_code == 201, added.json

    def write() -> tuple[int, int]:
        """A report on A (no reason to refuse), then a new title for B (a reason)."""
        reported = workers.second.post(f"{API}/{plan}/milestones/A/status",
                                       headers=workers.headers,
                                       json={"status": "at_risk", "reported_for": "2024-04-30"})
        edited = workers.second.patch(f"{API}/{plan}/milestones/B", headers=workers.headers,
                                      json={"title": f"Omdöpt i runda {round_}"})
        return reported.status_code, edited.status_code

    adopted, written = at_once(lambda: workers.first.post(
        f"{proposals}/rev/adopt", json=REVISION, headers=workers.headers), write, seed=round_)
    assert written == (201, 200), written
    assert adopted.status_code in (201, 409), adopted.json
    a, b, c = (milestone(workers.first, workers, plan, key) for key in "ABC")
    # The other worker's writes are all there, whatever came of the adoption.
    assert (a["status"], b["title"]) == ("at_risk", f"Omdöpt i runda {round_}")
    read = workers.first.get(f"{proposals}/rev", headers=workers.headers).json
    if adopted.status_code == 201:
        assert read["state"] == "adopted"
        assert (a["target_year"], b["target_year"], c["status"]) == (2025, 2025, "dropped")
    else:
        assert "proposal" in adopted.json["errors"]  # stale, not another conflict
        assert read["state"] == "open" and read["stale"] is True
        assert (a["target_year"], b["target_year"], c["status"]) == (2023, 2023, "planned")
    revisions = workers.first.get(f"{API}/{plan}/revisions", headers=workers.headers).json
    assert [r["year"] for r in revisions["items"]] == (
        [2025] if adopted.status_code == 201 else [])


def test_an_adoption_racing_a_writer_is_whole_or_refused_as_stale(workers: Workers) -> None:
    for round_ in range(ROUNDS):
        adoption_round(workers, round_)
    assert workers.setup.integrity.verify().ok


def import_round(workers: Workers, round_: int) -> None:
    plan = f"p{round_}"
    planned(workers, plan)
    document = workers.setup.documents.export_plan(plan)
    document["milestones"][0].update(title=REVISED_TITLE, target_year=2024)  # A
    del document["milestones"][2]  # C

    def write() -> int:
        """The other worker gives A the document's title: the import has one change fewer
        to make if it reads the plan after."""
        return workers.second.patch(f"{API}/{plan}/milestones/A", headers=workers.headers,
                                    json={"title": REVISED_TITLE}).status_code

    made, written = at_once(lambda: workers.first.post(
        f"{API}/{plan}/proposals/import?key=rev&title=Revidering", json=document,
        headers=workers.headers), write, seed=round_)
    assert (made.status_code, written) == (201, 200), made.json
    workers.setup.store.catch_up()
    (renamed,) = [e.position for e in workers.setup.store.trail(plan)
                  if e.type == "MilestoneEdited" and e.milestone == "A"]
    read = workers.first.get(made.headers["Location"], headers=workers.headers).json
    ops = [(c["op"], c["key"], sorted(c["fields"])) for c in read["changes"]]
    moves = [("move", "A", ["focus_area", "target_year"]), ("drop", "C", [])]
    if read["base_position"] < renamed:  # read before the write: the title is a change
        assert ops == [("edit", "A", ["title"]), *moves] and read["stale"] is True
        assert any("A" in said for said in read["changed_meanwhile"])
    else:
        assert ops == moves and read["stale"] is False
    assert milestone(workers.first, workers, plan, "A")["title"] == REVISED_TITLE


def test_an_import_racing_a_writer_is_based_on_the_plan_before_or_after_the_write(
        workers: Workers) -> None:
    for round_ in range(ROUNDS):
        import_round(workers, round_)
    assert workers.setup.integrity.verify().ok
