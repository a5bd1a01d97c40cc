"""A reporting round stores statuses, outcomes and assessments in one save, or nothing."""

from datetime import date

import pytest

from domain.errors import InvalidDocumentError
from service.application import Strategikarta
from tests.builders import goal_tree_body, milestone_body, plan_body

APRIL = date(2025, 4, 30)


@pytest.fixture
def planned(service: Strategikarta) -> Strategikarta:
    service.documents.import_plan({**plan_body(), **goal_tree_body(),
                                   "milestones": [milestone_body("A")]}, actor="anna")
    return service


def test_a_round_of_statuses_outcomes_and_assessments_is_one_save(planned: Strategikarta) -> None:
    before = planned.store.catch_up().position
    stored = planned.follow_up.round_reports.report(
        "fhs", [{"milestone": "A", "status": "at_risk", "reported_for": APRIL}],
        [{"metric": "M1", "value": 81, "reported_for": APRIL},
         {"metric": "M2", "value": None, "comment": "Mäts i december", "reported_for": APRIL}],
        [{"goal": "R1", "assessment": "satisfactory", "analysis": "Bra", "reported_for": APRIL}],
        actor="anna", reason="Tertialrapport")
    assert (stored.statuses, stored.outcomes, stored.assessments, stored.total) == (1, 2, 1, 4)
    assert planned.store.catch_up().position == before + 4
    assert planned.goals.metric("fhs", "M1", on=APRIL).outcome == 81
    assert planned.goals.goal("fhs", "R1", on=APRIL).assessment == "satisfactory"


def test_a_round_with_bad_rows_names_each_by_its_path_and_stores_nothing(
        planned: Strategikarta) -> None:
    before = planned.store.catch_up().position
    with pytest.raises(InvalidDocumentError) as error:
        planned.follow_up.round_reports.report(
            "fhs", [{"milestone": "A", "status": "on_track"}],
            [{"metric": "M1", "value": 81}, {"metric": "M1", "value": 82},
             {"metric": "FINNS-INTE", "value": 1},
             {"metric": "M2", "value": 1e16}],
            [{"goal": "R1", "assessment": "bra"}, {"goal": "P9", "assessment": "satisfactory"},
             {"goal": "R2", "assessment": "satisfactory", "reported_for": date(2031, 4, 30)}],
            actor="anna")
    assert set(error.value.errors) == {
        "outcomes.1.metric", "outcomes.2.metric", "outcomes.3.value",
        "assessments.0.assessment", "assessments.1.goal", "assessments.2.reported_for"}
    assert planned.store.catch_up().position == before
