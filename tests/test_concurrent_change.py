"""A write that keeps losing the race ends as ConcurrentChangeError, HTTP 409, never a 500."""

from copy import deepcopy

import pytest
from flask import Flask

import service.base
from domain.errors import ConcurrentChangeError
from domain.milestone import milestone_id
from service.application import Strategikarta
from tests.builders import make_plan
from web.errors import domain_error


def test_a_write_that_always_loses_the_race_gives_up_cleanly(
        memory_service: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> None:
    make_plan(memory_service, milestones=("A",))
    stale = memory_service.repository.get(milestone_id("fhs", "A"))
    memory_service.edit_milestone("fhs", "A", {"title": "Någon annan hann före"}, actor="bo")
    monkeypatch.setattr(service.base, "SAVE_ATTEMPTS", 2)

    def attempt() -> list:
        copy = deepcopy(stale)  # as if loaded just before the other writer saved
        copy.edit(memory_service._plan("fhs"), {"description": "Min ändring"}, actor="anna")
        return [copy]

    with pytest.raises(ConcurrentChangeError):
        memory_service._save_with_retries(attempt)
    assert memory_service.get_milestone("fhs", "A").title == "Någon annan hann före"


def test_a_concurrent_change_is_a_409_with_a_message(app: Flask) -> None:
    with app.test_request_context("/api/v1/plans/fhs/milestones/A", method="PATCH"):
        response, status = domain_error(ConcurrentChangeError("try again"))
    assert status == 409 and response.json["message"] == "try again"
