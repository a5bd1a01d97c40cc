"""A plan over three yearly revisions: every past state, diff and seal, on every backend."""

from datetime import date, datetime, timedelta

import pytest

from domain.errors import DuplicateKeyError, InvalidValueError, NotFoundError
from domain.values import Status
from service.application import Strategikarta
from service.history import HistoryQuery
from tests.builders import milestone_body, plan_body


@pytest.fixture
def history(service: Strategikarta) -> Strategikarta:
    """2022: A, B (B requires A), adopted; 2023: A moved, C added, B reported, dependency
    changed, adopted; 2024: B dropped, C edited, adopted; then one more edit."""
    s = service
    s.plans.create(**plan_body(), actor="anna")
    s.milestones.define("fhs", milestone_body("A", target_year=2022), actor="anna")
    s.milestones.define("fhs", milestone_body("B", target_year=2023), actor="anna")
    s.dependencies.add("fhs", "B", "A", "requires", actor="anna")
    s.revisions.adopt("fhs", 2022, date(2022, 6, 20), "HSN", "§ 88", "2022-POL000027",
                     "Planen fastställd", actor="sekreterare")
    s.milestones.edit("fhs", "A", {"target_year": 2023, "focus_area": "digital"}, actor="bo",
                     reason="Försenad upphandling")
    s.milestones.define("fhs", milestone_body("C", target_year=2024), actor="bo")
    s.milestones.report_status("fhs", "B", "at_risk", "Resursbrist", date(2023, 4, 30), actor="bo")
    s.dependencies.remove("fhs", "B", "A", "requires", actor="bo", reason="Inte längre beroende")
    s.dependencies.add("fhs", "C", "B", "requires", actor="bo")
    s.revisions.adopt("fhs", 2023, date(2023, 6, 19), "HSN", "§ 71", "2023-POL000011",
                     "Årlig revidering", actor="sekreterare")
    s.milestones.report_status("fhs", "B", "dropped", "Utgår enligt revidering", date(2024, 4, 30),
                    actor="bo", reason="Beslut HSN § 60")
    s.milestones.edit("fhs", "C", {"title": "C, omformulerad"}, actor="cecilia", reason="Tydligare")
    s.revisions.adopt("fhs", 2024, date(2024, 6, 17), "HSN", "§ 60", "2024-POL000004",
                     "Årlig revidering", actor="sekreterare")
    s.milestones.edit("fhs", "A", {"description": "Efter revideringen"}, actor="bo")
    return s


def state_at(s: Strategikarta, **when: object) -> tuple[set[str], dict]:
    point = s.time_travel.point("fhs", **when)  # type: ignore[arg-type]
    record = s.time_travel.plan_state("fhs", point)
    return set(record.milestones), {k: m for k, m in record.milestones.items()}


def test_each_revision_gives_the_plan_as_adopted(history: Strategikarta) -> None:
    keys, m = state_at(history, revision=2022)
    assert keys == {"A", "B"} and m["A"].target_year == 2022
    keys, m = state_at(history, revision=2023)
    assert keys == {"A", "B", "C"} and (m["A"].focus_area, m["A"].target_year) == ("digital", 2023)
    keys, m = state_at(history, revision=2024)
    assert m["C"].title == "C, omformulerad" and m["A"].description == "Beskrivning."
    assert history.time_travel.plan_state("fhs", None).milestones["A"].description == "Efter revideringen"


def test_revisions_are_listed_with_positions_and_seals(history: Strategikarta) -> None:
    revisions = history.revisions.list("fhs")
    assert [r.year for r, _ in revisions] == [2022, 2023, 2024]
    positions = [seal.position for _, seal in revisions]
    assert positions == sorted(positions) and len({s.digest for _, s in revisions}) == 3
    with pytest.raises(DuplicateKeyError):
        history.revisions.adopt("fhs", 2024, date(2024, 6, 18), "HSN", "§ 1", "x", "", actor="x")
    with pytest.raises(InvalidValueError):
        history.revisions.adopt("fhs", 2031, date(2024, 6, 18), "HSN", "§ 1", "x", "", actor="x")


def test_a_position_and_a_time_give_the_state_known_then(history: Strategikarta) -> None:
    second = history.revisions.position_of("fhs", 2023)
    keys, _ = state_at(history, position=second)
    assert keys == {"A", "B", "C"}
    for before_it_all in (datetime.now().astimezone() - timedelta(days=1), date(2020, 1, 1)):
        with pytest.raises(NotFoundError, match="did not exist yet"):
            state_at(history, as_of=before_it_all)
    keys, _ = state_at(history, as_of=datetime.now().astimezone() + timedelta(minutes=1))
    assert keys == {"A", "B", "C"}


def test_statuses_are_as_reported_for_the_date_and_known_then(history: Strategikarta) -> None:
    second = history.time_travel.point("fhs", revision=2023)
    assert second is not None and second.on == date(2023, 6, 19)
    past = history.time_travel.plan_state("fhs", second)
    assert past.milestones["B"].reports[-1].status is Status.AT_RISK
    assert len(past.milestones["B"].reports) == 1


def test_the_diff_between_revisions_names_every_change_with_who_and_why(
        history: Strategikarta) -> None:
    old = history.time_travel.point("fhs", revision=2022)
    new = history.time_travel.point("fhs", revision=2023)
    assert old is not None and new is not None
    diff = history.time_travel.diff("fhs", old, new)
    assert [c.milestone for c in diff["added"]] == ["C"] and diff["removed"] == []
    moved = {(c.milestone, c.field): c for c in diff["changed"]}
    assert (moved["A", "target_year"].before, moved["A", "target_year"].after) == (2022, 2023)
    assert moved["A", "focus_area"].reason == "Försenad upphandling"
    assert moved["A", "focus_area"].actor == "bo"
    assert [(c.milestone, c.after) for c in diff["dependencies_added"]] == [("C", "B")]
    assert [(c.milestone, c.before) for c in diff["dependencies_removed"]] == [("B", "A")]
    assert [(c.milestone, c.before, c.after) for c in diff["status_changes"]] == [
        ("B", "planned", "at_risk")]


def test_a_dropped_milestone_shows_in_the_diff_not_silently_omitted(
        history: Strategikarta) -> None:
    old = history.time_travel.point("fhs", revision=2023)
    assert old is not None
    diff = history.time_travel.diff("fhs", old, None)
    dropped = [c for c in diff["status_changes"] if c.milestone == "B"]
    assert dropped and dropped[0].after == "dropped" and dropped[0].reason == "Beslut HSN § 60"


def test_the_log_with_seals_verifies(history: Strategikarta) -> None:
    assert history.integrity.verify().ok


def test_only_one_time_parameter_at_a_time(history: Strategikarta) -> None:
    with pytest.raises(InvalidValueError):
        history.time_travel.point("fhs", revision=2022, position=3)


def test_the_history_of_the_three_years_answers_every_filter(history: Strategikarta) -> None:
    everything, end = history.history.page("fhs", HistoryQuery(limit=1000))
    assert end is None and len(everything) == 15
    assert [e.position for e in everything] == sorted((e.position for e in everything), reverse=True)
    assert (everything[0].type, everything[0].actor, everything[-1].type) == (
        "MilestoneEdited", "bo", "PlanCreated")
    of_a = history.history.page("fhs", HistoryQuery(milestone="A"))[0]
    assert [e.type for e in of_a] == ["MilestoneEdited", "MilestoneMoved", "MilestoneDefined"]
    assert of_a[1].reason == "Försenad upphandling" and of_a[1].actor == "bo"
    by_cecilia = history.history.page("fhs", HistoryQuery(actor="cecilia"))[0]
    assert [(e.milestone, e.type, e.reason) for e in by_cecilia] == [
        ("C", "MilestoneEdited", "Tydligare")]
    adopted = history.history.page("fhs", HistoryQuery(type="RevisionAdopted"))[0]
    assert len(adopted) == 3 and {e.actor for e in adopted} == {"sekreterare"}
    dependencies = history.history.page("fhs", HistoryQuery(type="DependencyRemoved"))[0]
    assert [(e.reason, e.actor) for e in dependencies] == [("Inte längre beroende", "bo")]
    # A period: from the 2023 revision's event to the 2024 one's, both included.
    since, until = adopted[1].recorded_at, adopted[0].recorded_at
    between = history.history.page("fhs", HistoryQuery(since=since, until=until))[0]
    assert between == [e for e in everything if since <= e.recorded_at <= until]
    assert {"StatusReported", "MilestoneEdited"} <= {e.type for e in between}
    # Paging with the cursor gives the same entries as one page.
    paged, cursor = history.history.page("fhs", HistoryQuery(limit=5))
    while cursor is not None:
        page, cursor = history.history.page("fhs", HistoryQuery(limit=5, after=cursor))
        paged += page
    assert paged == everything
