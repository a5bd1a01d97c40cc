"""A store written by commit 6ac9504 still loads, verifies, replays and answers as it did then.

`tests/fixtures/make_legacy_store.py` wrote the store with that commit's code and recorded
its answers in `expected.json`. These tests give a copy of the store to the current code
through entry points that outlive refactoring only: `tests.conftest.open_store`,
`web.create_app` and the `strategikarta` command.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from domain.goal_values import DEFAULT_GOAL_LEVELS
from tests.conftest import open_store
from web import create_app

REPOSITORY = Path(__file__).resolve().parents[2]
FIXTURE = REPOSITORY / "tests" / "fixtures" / "legacy-6ac9504"
EXPECTED: dict[str, Any] = json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))
TODAY = date.fromisoformat(EXPECTED["today"])
ANSWER_FIELDS = ("status", "mimetype", "etag", "json", "text")


def copy_of_store(directory: Path) -> Path:
    copy = directory / "store.sqlite"
    shutil.copyfile(FIXTURE / "store.sqlite", copy)
    return copy


def sqlite_url(store: Path) -> str:
    return f"sqlite:///{store}"


def bearer(user: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {EXPECTED['tokens'][user]}"}


def answer(response: TestResponse) -> dict[str, Any]:
    """What was recorded of a response: status, media type, ETag, the body as JSON or text."""
    answered: dict[str, Any] = {"status": response.status_code, "mimetype": response.mimetype,
                                "etag": response.headers.get("ETag")}
    if response.is_json and response.get_data():  # a 204 says JSON but has no body
        answered["json"] = response.get_json()
    else:
        answered["text"] = response.get_data(as_text=True)
    return answered


def recorded_answer(recorded: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in recorded.items() if name in ANSWER_FIELDS}


def request_id(recorded: dict[str, Any]) -> str:
    user = "" if recorded["as"] == "admin" else f" as {recorded['as']}"
    return f"{recorded.get('method', 'GET')} {recorded['url']}{user}"


@pytest.fixture(scope="module")
def legacy_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    """The current app on a copy of the legacy store, for reading only."""
    service = open_store(sqlite_url(copy_of_store(tmp_path_factory.mktemp("legacy"))), today=TODAY)
    yield create_app({"TESTING": True, "SERVICE": service}).test_client()
    service.close()


def strategikarta_command() -> str:
    """The installed console script (`python -m web.cli` had no `__main__` hook at 6ac9504)."""
    beside = Path(sys.executable).parent / "strategikarta"
    found = str(beside) if beside.exists() else shutil.which("strategikarta")
    assert found is not None, "the `strategikarta` console script is not installed"
    return found


def strategikarta(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command on `store`, with this repository's code first on the path."""
    path = os.pathsep.join(p for p in (str(REPOSITORY), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": path, "STRATEGIKARTA_DATABASE_URL": sqlite_url(store)}
    return subprocess.run([strategikarta_command(), *args], env=env, cwd=store.parent,
                          capture_output=True, text=True, check=False, timeout=300)


def test_the_fixture_store_is_the_one_the_answers_were_recorded_from() -> None:
    """The store file is byte for byte the one the legacy code answered on."""
    digest = hashlib.sha256((FIXTURE / "store.sqlite").read_bytes()).hexdigest()
    assert digest == EXPECTED["store_sha256"]


@pytest.mark.parametrize("recorded", EXPECTED["requests"], ids=request_id)
def test_each_recorded_request_gets_the_answer_the_legacy_code_gave(
        legacy_client: FlaskClient, recorded: dict[str, Any]) -> None:
    """The same status, media type, ETag and body as the legacy code's for this request."""
    response = legacy_client.get(recorded["url"], headers=bearer(recorded["as"]))
    assert answer(response) == answer_now(legacy_client, recorded)


# Issue 15 added goals and metrics: a legacy plan has none, and its answers say so in new
# fields: each milestone's `goals` is empty, a report's goal and metric parts count nothing.
NO_GOALS = {"level": None, "level_name": "", "items": [], "totals": {
    "satisfactory": 0, "partly_satisfactory": 0, "unsatisfactory": 0, "not_assessed": 0}}
NO_METRICS = {"items": [], "totals": {"met": 0, "partly_met": 0, "not_met": 0, "no_outcome": 0}}
NO_GOALS_SENTENCES = {"Planen har inga mål eller mätetal.", "The plan has no goals or metrics."}


def with_no_goals(body: Any) -> Any:
    """A legacy answer's JSON with the fields issue 15 added, as they are for a plan without
    goals (the summary sentence in either language)."""
    if isinstance(body, list):
        return [with_no_goals(item) for item in body]
    if not isinstance(body, dict):
        return body
    added = {name: with_no_goals(value) for name, value in body.items()}
    if {"plan", "key", "focus_area", "target_year", "effects"} <= body.keys():
        added["goals"] = []
    if {"milestones", "totals", "by_focus_area"} <= body.keys():
        added |= {"goals": NO_GOALS, "metrics": NO_METRICS, "summary": NO_GOALS_SENTENCES}
    return added


def document_with_no_goals(document: dict[str, Any]) -> dict[str, Any]:
    """A legacy plan document with the fields issue 15 added, in the order an export writes
    them: the default goal levels, no goals or metrics, and no goals served by a milestone."""
    levels = [{"key": level.key, "name": level.name} for level in DEFAULT_GOAL_LEVELS]
    added: dict[str, Any] = {}
    for name, value in document.items():
        if name == "milestones":
            added |= {"goal_levels": levels, "goals": [], "metrics": []}
            value = [{**{k: v for k, v in m.items() if k not in ("requires", "affects")},
                      "goals": [], "requires": m["requires"], "affects": m["affects"]}
                     for m in value]
        added[name] = value
    return added


class OneOf:
    def __init__(self, choices: set[str]) -> None:
        self.choices = choices

    def __eq__(self, other: object) -> bool:
        return other in self.choices

    def __repr__(self) -> str:
        return f"one of {sorted(self.choices)}"


def sentences_as_choices(body: Any) -> Any:
    if isinstance(body, dict):
        return {k: OneOf(v) if isinstance(v, set) else sentences_as_choices(v)
                for k, v in body.items()}
    if isinstance(body, list):
        return [sentences_as_choices(item) for item in body]
    return body


# Issue 18 added signed checkpoints: a legacy store has none, and its answers say so.
NO_CHECKPOINTS = {"checkpoints": 0, "covered": 0, "signatures_checked": False, "noticed": None}


def with_no_checkpoints(url: str, body: Any) -> Any:
    """A legacy answer's JSON with the fields issue 18 added, as they are before any checkpoint:
    revisions name none, `/integrity` checked none."""
    if url.endswith("/revisions") and isinstance(body, dict):
        return {**body, "items": [{**item, "checkpoint": None} for item in body["items"]]}
    if url.endswith("/integrity") and isinstance(body, dict):
        return {**body, **NO_CHECKPOINTS}
    return body


def answer_now(client: FlaskClient, recorded: dict[str, Any]) -> dict[str, Any]:
    """The legacy code's answer, but for what changed on purpose since, each with its issue."""
    expected = recorded_answer(recorded)
    if recorded["url"].endswith("/reporting-periods"):  # issue 13: the plan's version as ETag
        plan = client.get(recorded["url"].removesuffix("/reporting-periods"),
                          headers=bearer(recorded["as"]))
        expected["etag"] = f'"{plan.json["version"]}"'
    if "/history?format=csv" in recorded["url"]:  # issue 14: a byte-order mark, for Excel
        expected["text"] = "\ufeff" + expected["text"]
    if "/export" in recorded["url"] and "json" in expected:  # issue 15: the goal tree
        expected["json"] = document_with_no_goals(expected["json"])
    elif "/export" in recorded["url"] and "text" in expected:
        expected["text"] = yaml.safe_dump(document_with_no_goals(yaml.safe_load(
            expected["text"])), allow_unicode=True, sort_keys=False)
    if "json" in expected:  # issue 15: goals and metrics; issue 18: checkpoints
        expected["json"] = sentences_as_choices(with_no_goals(
            with_no_checkpoints(recorded["url"], expected["json"])))
    return expected


def test_writes_on_snapshotted_aggregates_answer_as_before_and_chain_on(tmp_path: Path) -> None:
    """New events on the legacy plan and milestone answer as before and the log stays intact."""
    service = open_store(sqlite_url(copy_of_store(tmp_path)), today=TODAY)
    try:
        client = create_app({"TESTING": True, "SERVICE": service}).test_client()
        for write in EXPECTED["writes"]:
            response = client.open(write["url"], method=write["method"], json=write.get("body"),
                                   headers={**bearer(write["as"]), **write.get("headers", {})})
            expected = recorded_answer(write)
            if "json" in expected:  # issue 15: goals and metrics; issue 18: checkpoints
                expected["json"] = sentences_as_choices(with_no_goals(
                    with_no_checkpoints(write["url"], expected["json"])))
            assert (request_id(write), answer(response)) == (request_id(write), expected)
    finally:
        service.close()


def test_verify_finds_every_chain_of_the_legacy_store_intact(tmp_path: Path) -> None:
    """`strategikarta verify` prints the legacy code's line and exits 0; since issue 18 the line
    goes on to say that no checkpoint covers the log yet."""
    done = strategikarta(copy_of_store(tmp_path), "verify")
    assert (done.returncode, done.stdout.strip()) == (0, EXPECTED["cli"]["verify"] + (
        "; no checkpoint yet (`strategikarta checkpoint` makes one)")), done.stderr


def test_rebuild_folds_the_legacy_store_into_the_same_plans_milestones_and_users(
        tmp_path: Path) -> None:
    """`strategikarta rebuild` prints the legacy code's summary and exits 0."""
    done = strategikarta(copy_of_store(tmp_path), "rebuild")
    assert (done.returncode, done.stdout.strip()) == (0, EXPECTED["cli"]["rebuild"]), done.stderr


def test_verify_names_the_event_changed_in_a_tampered_copy(tmp_path: Path) -> None:
    """One byte changed in a stored event's state: `verify` names it as before and exits 1."""
    tampered = EXPECTED["tampered"]
    store = copy_of_store(tmp_path)
    with sqlite3.connect(store) as db:
        (state,) = db.execute("SELECT state FROM stored_events WHERE rowid = ?",
                              (tampered["position"],)).fetchone()
        changed = bytearray(state)
        assert changed[tampered["offset"]] == ord(tampered["was"])
        changed[tampered["offset"]] = ord(tampered["now"])
        db.execute("UPDATE stored_events SET state = ? WHERE rowid = ?",
                   (bytes(changed), tampered["position"]))
    db.close()
    done = strategikarta(store, "verify")
    assert (done.returncode, done.stdout.strip(), done.stderr.strip()) == (
        tampered["exit_code"], tampered["stdout"], tampered["stderr"])
    assert done.returncode == 1
