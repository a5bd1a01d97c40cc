"""Two writers define the same goal key at once: one wins, the other gets 409, and nothing
else written meanwhile is lost."""

import threading
from typing import Any

import pytest
from flask.testing import FlaskClient

from domain.errors import DuplicateKeyError
from domain.goal import Goal, goal_id
from service.application import Strategikarta
from tests.builders import plan_body
from tests.conftest import open_store
from web import create_app

API = "/api/v1/plans/fhs"


def goal_body(key: str, title: str) -> dict[str, Any]:
    return {"key": key, "title": title, "level": "perspective", "parent": None}


def client_of(service: Strategikarta, headers: dict[str, str]) -> FlaskClient:
    return create_app({"TESTING": True, "SERVICE": service}).test_client()


def test_the_second_of_two_writers_defining_one_goal_key_gets_a_409(
        shared_store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = open_store(shared_store_url), open_store(shared_store_url)
    first.plans.create(**plan_body(), actor="setup")
    first.users.password_method = "pbkdf2:sha256:1000"
    first.users.add("anna", "planner", "lösenord-anna", actor="setup")
    headers = {"Authorization": f"Bearer {first.users.create_token('anna', actor='setup')}"}
    slow, fast = client_of(first, headers), client_of(second, headers)
    answers: dict[str, Any] = {}
    define = Goal.define.__func__  # type: ignore[attr-defined]

    def define_after_the_other_writer(cls: type[Goal], *args: Any, **kwargs: Any) -> Goal:
        # The slow writer has checked that the key is free; the fast one now defines it.
        if "fast" not in answers:
            answers["fast"] = None  # the fast writer's own define goes straight through
            answers["fast"] = fast.post(f"{API}/goals", json=goal_body("G", "Snabbast"),
                                        headers=headers)
        goal: Goal = define(cls, *args, **kwargs)
        return goal

    monkeypatch.setattr(Goal, "define", classmethod(define_after_the_other_writer))
    answers["slow"] = slow.post(f"{API}/goals", json=goal_body("G", "Långsammast"),
                                headers=headers)

    assert answers["fast"].status_code == 201, answers["fast"].json
    assert answers["slow"].status_code == 409, answers["slow"].json
    assert "key" in answers["slow"].json["errors"]
    for client in (slow, fast):
        assert client.get(f"{API}/goals/G", headers=headers).json["title"] == "Snabbast"
    recorded = first.store.recorder.select_events(goal_id("fhs", "G"))
    assert [event.originator_version for event in recorded] == [1]


def test_writers_racing_for_one_key_lose_nothing_else(shared_store_url: str) -> None:
    setup = open_store(shared_store_url)
    setup.plans.create(**plan_body(), actor="setup")
    writers = [open_store(shared_store_url) for _ in range(4)]
    start = threading.Barrier(len(writers))
    won: list[str] = []
    errors: list[Exception] = []

    def define(service: Strategikarta, name: str) -> None:
        try:
            start.wait()
            try:
                service.goals.define("fhs", goal_body("G", name), actor=name)
                won.append(name)
            except DuplicateKeyError:
                pass
            service.goals.define("fhs", goal_body(f"own-{name}", name), actor=name)
        except Exception as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=define, args=(w, f"w{n}"))
               for n, w in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(won) == 1
    goals = {g.key: g for g in setup.goals.list("fhs")}
    assert goals["G"].title == won[0]
    assert sorted(goals) == ["G", *sorted(f"own-w{n}" for n in range(4))]
