"""Proposals: changes checked against the plan as the proposal leaves it, kept apart from the
plan, and adopted with the year's revision in one save."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from domain.errors import DependencyCycleError, DuplicateKeyError, InvalidValueError
from domain.proposal import ChangeOp, ProposalClosedError, ProposalStaleError
from service import proposed_plan
from service.application import Strategikarta
from tests.builders import make_plan, milestone_body

REVISION: dict[str, Any] = {
    "year": 2025, "adopted_on": date(2026, 3, 1), "decided_by": "Regionfullmäktige",
    "paragraph": "§ 12", "case_number": "RS 2026/1", "summary": "Reviderad plan"}


def proposal_on(service: Strategikarta, milestones: tuple[str, ...] = ("A", "B", "C")) -> None:
    make_plan(service, milestones=milestones)
    service.proposals.make("fhs", "rev-2025", "Revidering 2025", "", actor="anna")


def add(service: Strategikarta, op: str, key: str, reason: str = "", **fields: Any) -> Any:
    return service.proposals.add_change("fhs", "rev-2025", op, key, fields, actor="anna",
                                        reason=reason)


class Meanwhile:
    """Another planner's write, run once at a chosen moment of the adoption."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, service: Strategikarta) -> None:
        self.monkeypatch, self.service = monkeypatch, service

    def before_a_milestone_is_loaded(self, write: Callable[[], Any]) -> None:
        """After the adoption (or a view) has read the plan, before it loads a milestone."""
        self._once(proposed_plan.ProposedPlan, "milestone", write, after=False)

    def after_the_seal(self, write: Callable[[], Any]) -> None:
        """Once the changes are checked, applied and sealed, before the adoption saves."""
        self._once(self.service.revisions, "seal", write, after=True)

    def _once(self, owner: Any, name: str, write: Callable[[], Any], after: bool) -> None:
        step = getattr(owner, name)
        writes = iter([write])

        def step_with_another_writer(*args: Any, **kwargs: Any) -> Any:
            if not after:
                next(writes, lambda: None)()
            done = step(*args, **kwargs)
            if after:
                next(writes, lambda: None)()
            return done

        self.monkeypatch.setattr(owner, name, step_with_another_writer)


@pytest.fixture
def meanwhile(memory_service: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> Meanwhile:
    """Writes of another planner, injected into the next adoption."""
    return Meanwhile(monkeypatch, memory_service)


@pytest.fixture
def moving_a(memory_service: Strategikarta) -> None:
    """Proposal rev-2025 on plan fhs (A, B and C in 2023) moving A to 2025."""
    proposal_on(memory_service)
    add(memory_service, "move", "A", "Senare", target_year=2025)


def test_a_proposal_changes_nothing_in_the_plan(memory_service: Strategikarta) -> None:
    proposal_on(memory_service)
    add(memory_service, "move", "A", "Senare", focus_area="nara-vard", target_year=2025)
    add(memory_service, "add_dependency", "A", to="B", kind="requires")
    assert memory_service.milestones.get("fhs", "A").target_year == 2023
    assert memory_service.store.plan_record("fhs").requires == frozenset()


def test_a_cycle_made_by_two_changes_together_is_refused_with_the_cycle(
        memory_service: Strategikarta) -> None:
    proposal_on(memory_service)
    add(memory_service, "add_dependency", "A", to="B", kind="requires")
    add(memory_service, "add_dependency", "B", to="C", kind="requires")
    with pytest.raises(DependencyCycleError) as refused:
        add(memory_service, "add_dependency", "C", to="A", kind="requires")
    assert refused.value.cycle[0] == refused.value.cycle[-1]
    assert len(memory_service.proposals.get("fhs", "rev-2025").changes) == 2


def test_a_move_outside_the_period_is_refused(memory_service: Strategikarta) -> None:
    proposal_on(memory_service)
    with pytest.raises(InvalidValueError) as refused:
        add(memory_service, "move", "A", "Senare", focus_area="nara-vard", target_year=2031)
    assert refused.value.field == "target_year" and "2022–2025" in str(refused.value)


def test_a_move_without_a_reason_is_refused(memory_service: Strategikarta) -> None:
    proposal_on(memory_service)
    with pytest.raises(InvalidValueError) as refused:
        add(memory_service, "move", "A", target_year=2024)
    assert refused.value.field == "reason"


def test_a_milestone_defined_in_the_proposal_can_be_linked_and_moved_there(
        memory_service: Strategikarta) -> None:
    proposal_on(memory_service)
    body = milestone_body("D")
    add(memory_service, "define", "D", **{k: v for k, v in body.items() if k != "key"})
    add(memory_service, "add_dependency", "D", to="A", kind="requires")
    add(memory_service, "edit", "D", title="Ny titel")
    with pytest.raises(DuplicateKeyError):
        add(memory_service, "define", "D", **{k: v for k, v in body.items() if k != "key"})


def test_the_diff_and_analysis_are_of_the_plan_as_the_proposal_leaves_it(
        memory_service: Strategikarta) -> None:
    proposal_on(memory_service)
    memory_service.dependencies.add("fhs", "B", "A", "requires", actor="anna")
    memory_service.proposals.make("fhs", "p2", "Förslag", "", actor="anna")
    memory_service.proposals.add_change("fhs", "p2", "move", "A",
                                        {"target_year": 2024}, actor="bo", reason="Försenad")
    memory_service.proposals.add_change("fhs", "p2", "drop", "C", {}, actor="bo",
                                        reason="Utgår")
    memory_service.proposals.add_change("fhs", "p2", "add_dependency", "C",
                                        {"to": "A", "kind": "affects"}, actor="bo")
    view = memory_service.proposals.get("fhs", "p2")
    assert view.diff is not None and view.analysis is not None
    (moved,) = view.diff["changed"]
    assert (moved.milestone, moved.field, moved.before, moved.after) == (
        "A", "target_year", 2023, 2024)
    assert (moved.actor, moved.reason) == ("bo", "Försenad")
    assert [(c.milestone, c.after) for c in view.diff["status_changes"]] == [("C", "dropped")]
    assert [(c.milestone, c.after) for c in view.diff["dependencies_added"]] == [("C", "A")]
    assert [c.milestone for c in view.analysis.conflicts] == ["B"]  # B (2023) requires A (2024)
    assert not view.stale


def test_a_slip_adds_the_moves_the_what_if_propagation_gives(
        memory_service: Strategikarta) -> None:
    """The propagation is the what-if's: a slip records the moves `GET /what-if` shows."""
    make_plan(memory_service, milestones=("A", "B", "C"))
    memory_service.dependencies.add("fhs", "B", "A", "requires", actor="anna")
    memory_service.proposals.make("fhs", "rev-2025", "Revidering 2025", "", actor="anna")
    shown = memory_service.maps.what_if("fhs", "A", 2024)
    moves = add(memory_service, "slip", "A", "Försenad", to=2024)
    assert [(m.op, m.key, m.fields["target_year"]) for m in moves] == [
        ("move", move.key, move.to_year) for move in shown.moves]
    assert [m.key for m in moves] == ["A", "B"]


def test_a_slip_uses_the_propagation_it_is_given(memory_service: Strategikarta) -> None:
    from projections.slip_propagation import Move
    proposal_on(memory_service)
    memory_service.proposals.propagate = lambda record, key, to, on: [
        Move(key, 2023, to), Move("B", 2023, to)]
    moves = add(memory_service, "slip", "A", "Försenad", to=2025)
    assert [(m.key, m.fields["target_year"]) for m in moves] == [("A", 2025), ("B", 2025)]


def test_a_slip_past_the_period_is_refused_at_to(memory_service: Strategikarta) -> None:
    proposal_on(memory_service)
    with pytest.raises(InvalidValueError) as refused:
        add(memory_service, "slip", "A", "Försenad", to=2030)
    assert refused.value.field == "to"


@pytest.mark.usefixtures("moving_a")
def test_adoption_applies_every_change_and_seals_the_revision(
        memory_service: Strategikarta) -> None:
    add(memory_service, "add_dependency", "A", to="B", kind="requires")
    revision, seal = memory_service.proposals.adopt("fhs", "rev-2025", **REVISION, actor="anna")
    record = memory_service.store.plan_record("fhs")
    assert record.milestones["A"].target_year == 2025
    assert record.requires == frozenset({("A", "B")})
    assert [r.year for r, _ in record.revisions] == [2025]
    adopted = memory_service.proposals.get("fhs", "rev-2025")
    assert (adopted.state, adopted.adopted_year, adopted.adopted_position) == (
        "adopted", 2025, seal.position)
    assert len(adopted.changes) == 2 and adopted.diff is None
    assert memory_service.integrity.verify().ok
    # The plan as the revision adopted it (`?revision=2025`) holds the adopted changes.
    at_revision = memory_service.time_travel.plan_state(
        "fhs", memory_service.time_travel.point("fhs", revision=2025))
    assert at_revision.milestones["A"].target_year == 2025
    assert at_revision.requires == frozenset({("A", "B")})


@pytest.mark.usefixtures("moving_a")
def test_a_failure_in_the_last_change_stores_nothing(
        memory_service: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> None:
    add(memory_service, "add_dependency", "A", to="B", kind="requires")
    add(memory_service, "drop", "C", "Utgår")
    position = memory_service.store.catch_up().position

    def refused(draft: Any, change: Any, actor: str) -> None:
        raise InvalidValueError("the last change is refused", "op")

    monkeypatch.setitem(proposed_plan.APPLY, ChangeOp.DROP, refused)
    with pytest.raises(InvalidValueError):
        memory_service.proposals.adopt("fhs", "rev-2025", **REVISION, actor="anna")
    assert memory_service.store.catch_up().position == position
    record = memory_service.store.plan_record("fhs")
    assert (record.milestones["A"].target_year, record.requires, record.revisions) == (
        2023, frozenset(), ())


@pytest.mark.usefixtures("moving_a")
def test_a_revision_refused_after_every_change_stores_none_of_them(
        memory_service: Strategikarta) -> None:
    position = memory_service.store.catch_up().position
    with pytest.raises(InvalidValueError):
        memory_service.proposals.adopt("fhs", "rev-2025", **{**REVISION, "year": 2040},
                                       actor="anna")
    assert memory_service.store.catch_up().position == position


@pytest.mark.usefixtures("moving_a")
def test_a_writer_changing_the_plan_between_check_and_save_makes_the_adoption_stale(
        memory_service: Strategikarta, meanwhile: Meanwhile) -> None:
    meanwhile.after_the_seal(lambda: memory_service.dependencies.add(
        "fhs", "C", "B", "requires", actor="bo"))
    with pytest.raises(ProposalStaleError) as refused:
        memory_service.proposals.adopt("fhs", "rev-2025", **REVISION, actor="anna")
    assert "Dependency added: C requires B" in str(refused.value)
    record = memory_service.store.plan_record("fhs")
    assert (record.milestones["A"].target_year, record.revisions) == (2023, ())
    assert record.proposals["rev-2025"].state.value == "open"


@pytest.mark.usefixtures("moving_a")
def test_a_writer_changing_a_milestone_the_proposal_moves_makes_it_stale(
        memory_service: Strategikarta, meanwhile: Meanwhile) -> None:
    meanwhile.before_a_milestone_is_loaded(lambda: memory_service.milestones.edit(
        "fhs", "A", {"title": "Ny"}, actor="bo"))
    with pytest.raises(ProposalStaleError):
        memory_service.proposals.adopt("fhs", "rev-2025", **REVISION, actor="anna")
    assert memory_service.store.plan_record("fhs").milestones["A"].target_year == 2023


@pytest.mark.usefixtures("moving_a")
def test_a_status_report_on_a_milestone_the_proposal_moves_meanwhile_is_no_reason_to_refuse(
        memory_service: Strategikarta, meanwhile: Meanwhile) -> None:
    meanwhile.before_a_milestone_is_loaded(lambda: memory_service.milestones.report_status(
        "fhs", "A", "at_risk", "", None, actor="bo"))
    memory_service.proposals.adopt("fhs", "rev-2025", **REVISION, actor="anna")
    record = memory_service.store.plan_record("fhs")
    assert record.milestones["A"].target_year == 2025
    assert record.milestones["A"].reports[-1].status.value == "at_risk"


@pytest.mark.usefixtures("moving_a")
def test_an_edit_of_a_milestone_the_proposal_leaves_alone_before_the_seal_makes_it_stale(
        memory_service: Strategikarta, meanwhile: Meanwhile) -> None:
    meanwhile.before_a_milestone_is_loaded(lambda: memory_service.milestones.edit(
        "fhs", "C", {"title": "Ny"}, actor="bo"))
    with pytest.raises(ProposalStaleError) as refused:
        memory_service.proposals.adopt("fhs", "rev-2025", **REVISION, actor="anna")
    assert "C: Edited: title" in str(refused.value)
    record = memory_service.store.plan_record("fhs")
    assert (record.milestones["A"].target_year, record.revisions) == (2023, ())


@pytest.mark.usefixtures("moving_a")
def test_a_stale_proposal_is_refused_and_says_what_changed(memory_service: Strategikarta) -> None:
    memory_service.milestones.edit("fhs", "B", {"target_year": 2024}, actor="bo",
                                   reason="Omplanerad")
    assert memory_service.proposals.get("fhs", "rev-2025").stale
    with pytest.raises(ProposalStaleError) as refused:
        memory_service.proposals.adopt("fhs", "rev-2025", **REVISION, actor="anna")
    assert "B: Moved to nara-vard, 2024" in str(refused.value)
    assert memory_service.store.plan_record("fhs").revisions == ()


def test_a_status_report_does_not_make_a_proposal_stale(memory_service: Strategikarta) -> None:
    proposal_on(memory_service)
    memory_service.milestones.report_status("fhs", "B", "on_track", "", None, actor="bo")
    assert not memory_service.proposals.get("fhs", "rev-2025").stale


@pytest.mark.usefixtures("moving_a")
def test_a_proposal_is_worked_out_once_per_plan_position_and_day(
        memory_service: Strategikarta) -> None:
    _, proposed = memory_service.proposals.proposed_plan("fhs", "rev-2025")
    memory_service.proposals.get("fhs", "rev-2025")
    assert memory_service.proposals.proposed_plan("fhs", "rev-2025")[1] is proposed
    memory_service.milestones.report_status("fhs", "A", "at_risk", "", None, actor="bo")
    _, reported = memory_service.proposals.proposed_plan("fhs", "rev-2025")
    assert reported is not proposed
    assert (reported.milestones["A"].target_year,
            reported.milestones["A"].reports[-1].status.value) == (2025, "at_risk")
    memory_service.store.today = lambda: date(2026, 6, 16)
    assert memory_service.proposals.proposed_plan("fhs", "rev-2025")[1] is not reported


@pytest.mark.usefixtures("moving_a")
def test_a_proposal_worked_out_while_a_writer_changed_its_milestone_is_not_kept(
        memory_service: Strategikarta, meanwhile: Meanwhile) -> None:
    meanwhile.before_a_milestone_is_loaded(lambda: memory_service.milestones.edit(
        "fhs", "A", {"title": "Ny"}, actor="bo"))
    kept = len(memory_service.proposals.outcomes)
    memory_service.proposals.get("fhs", "rev-2025")
    assert len(memory_service.proposals.outcomes) == kept
    view = memory_service.proposals.get("fhs", "rev-2025")
    assert view.stale and len(memory_service.proposals.outcomes) == kept + 1
    _, proposed = memory_service.proposals.proposed_plan("fhs", "rev-2025")
    assert (proposed.milestones["A"].title, proposed.milestones["A"].target_year) == ("Ny", 2025)


@pytest.mark.usefixtures("moving_a")
def test_withdrawn_and_adopted_proposals_stay_readable_and_change_no_more(
        memory_service: Strategikarta) -> None:
    memory_service.proposals.withdraw("fhs", "rev-2025", actor="anna", reason="Ersatt")
    withdrawn = memory_service.proposals.get("fhs", "rev-2025")
    assert (withdrawn.state, withdrawn.closed_reason, len(withdrawn.changes)) == (
        "withdrawn", "Ersatt", 1)
    with pytest.raises(ProposalClosedError):
        memory_service.proposals.adopt("fhs", "rev-2025", **REVISION, actor="anna")
    with pytest.raises(ProposalClosedError):
        add(memory_service, "move", "B", "Senare", target_year=2025)
    assert [p.key for p in memory_service.proposals.list("fhs")] == ["rev-2025"]


def test_a_proposal_is_stored_and_adopted_on_every_store(service: Strategikarta) -> None:
    proposal_on(service)
    body = {k: v for k, v in milestone_body("D").items() if k != "key"}
    add(service, "define", "D", **body)
    add(service, "add_dependency", "D", to="A", kind="requires")
    service.rebuild()  # the changes read back from the log as they were stored
    (defined, linked) = service.proposals.get("fhs", "rev-2025").changes
    assert (defined.op, defined.fields["effects"], linked.fields) == (
        "define", body["effects"], {"to": "A", "kind": "requires"})
    service.proposals.adopt("fhs", "rev-2025", **REVISION, actor="anna")
    record = service.store.plan_record("fhs")
    assert "D" in record.milestones and ("D", "A") in record.requires
    assert service.integrity.verify().ok
