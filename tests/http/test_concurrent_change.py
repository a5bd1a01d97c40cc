"""A write that keeps losing the race ends as ConcurrentChangeError, HTTP 409, never a 500."""

from copy import deepcopy
from datetime import date

import pytest
from flask import Flask

import service.store
from domain.errors import ConcurrentChangeError
from domain.milestone import Milestone, milestone_id
from domain.values import Status
from service.application import Strategikarta
from tests.builders import make_plan
from tests.conftest import TODAY
from web.errors import domain_error


def test_a_write_that_always_loses_the_race_gives_up_cleanly(
        memory_service: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> None:
    make_plan(memory_service, milestones=("A",))
    stale = memory_service.store.repository.get(milestone_id("fhs", "A"))
    memory_service.milestones.edit("fhs", "A", {"title": "Någon annan hann före"}, actor="bo")
    monkeypatch.setattr(service.store, "SAVE_ATTEMPTS", 2)

    def attempt() -> list:
        copy = deepcopy(stale)  # as if loaded just before the other writer saved
        copy.edit(memory_service.store.plan("fhs"), {"description": "Min ändring"}, actor="anna")
        return [copy]

    with pytest.raises(ConcurrentChangeError):
        memory_service.store.save_with_retries(attempt)
    assert memory_service.milestones.get("fhs", "A").title == "Någon annan hann före"


def test_a_concurrent_change_is_a_409_with_a_message(app: Flask) -> None:
    with app.test_request_context("/api/v1/plans/fhs/milestones/A", method="PATCH"):
        response, status = domain_error(ConcurrentChangeError("try again"))
    assert status == 409 and response.json["message"] == "try again"


def test_a_save_whose_commit_went_through_unacknowledged_is_not_recorded_twice(
        memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A",))
    milestone = memory_service.store.repository.get(milestone_id("fhs", "A"))
    milestone.report_status(range(2022, 2026), Status.AT_RISK, "Rapporterad en gång",
                            date(2024, 4, 30), TODAY,
                            "anna")
    # What the library's retry after a dropped connection sends: the very same events again.
    resent = deepcopy(milestone)
    memory_service.store.save(milestone)
    attempts = iter([[resent]])

    def attempt() -> list:
        # A second attempt would do what the use case does: load and report again.
        return next(attempts, None) or [report_again(memory_service)]

    memory_service.store.save_with_retries(attempt)
    reports = memory_service.milestones.status_history("fhs", "A")
    assert [report.comment for report in reports] == ["Rapporterad en gång"]


def report_again(memory_service: Strategikarta) -> Milestone:
    milestone = memory_service.store.repository.get(milestone_id("fhs", "A"))
    milestone.report_status(range(2022, 2026), Status.AT_RISK, "Rapporterad en gång",
                            date(2024, 4, 30), TODAY,
                            "anna")
    return milestone
