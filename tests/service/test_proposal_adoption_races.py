"""Adoption races real writers, each on a store of its own (as another worker is), on a
SQLite file and on PostgreSQL: the proposal is adopted whole, every change applied in the
same transaction as the sealed revision, or refused as stale with none of its changes
stored; status reports meanwhile are no reason to refuse it; no write of the others is
lost; and the log verifies."""

import random
import threading
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from domain.proposal import ProposalStaleError
from projections.proposal_preview import STRUCTURE_TYPES
from projections.records import AuditEntry, PlanRecord
from service.application import Strategikarta
from service.time_travel import PointInTime
from tests.builders import make_plan, milestone_body
from tests.conftest import TODAY, open_store

MILESTONES = ("A", "B", "C", "D", "E", "F", "G", "H")
REPORTED = ("A", "C", "F", "G")  # two the proposals touch, two they do not
ROUNDS = 3  # each a new proposal on the plan as the round before left it
COMMITTEE = "fullmäktige"


def revision(year: int) -> dict[str, Any]:
    return {"year": year, "adopted_on": date(2026, 3, 1), "decided_by": "Regionfullmäktige",
            "paragraph": "§ 12", "case_number": f"RS 2026/{year}", "summary": "Reviderad plan"}


def propose(service: Strategikarta, key: str, round_: int) -> None:
    """A revision's worth of changes: a slip that moves A and all that requires it, an edit,
    a milestone defined and linked, a drop and a dependency removed."""
    service.proposals.make("fhs", key, f"Revidering {round_}", "", actor="anna")

    def add(op: str, milestone: str, reason: str = "Revidering", **fields: Any) -> None:
        service.proposals.add_change("fhs", key, op, milestone, fields, actor="anna",
                                     reason=reason)

    year = service.store.plan_record("fhs").milestones["A"].target_year
    add("slip", "A", to=min(year + 1, 2025))
    add("edit", "C", title=f"Omformulerad i runda {round_}")
    new = f"N{round_}"
    add("define", new, **{k: v for k, v in milestone_body(new).items() if k != "key"})
    add("add_dependency", new, to="C", kind="requires")
    add("remove_dependency", "H", to="D", kind="requires")
    add("drop", f"{'DEF'[round_]}", "Utgår")


class Writers:
    """Threads writing to the plan until told to stop, each through a store of its own,
    counting what they were told was stored."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.stored: Counter[tuple[str, str]] = Counter()  # (actor, event type)
        self.errors: list[BaseException] = []
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self, actor: str, write: Callable[[Strategikarta, random.Random], str],
              after: float = 0.0) -> None:
        """`write` again and again, the first time `after` up to that many seconds."""
        service = open_store(self.url)
        rng = random.Random(actor)

        def run() -> None:
            try:
                self.stop.wait(rng.uniform(0, after))
                while not self.stop.is_set():
                    event_type = write(service, rng)
                    self.stored[(actor, event_type)] += 1  # acknowledged: it must be in the log
                    self.stop.wait(rng.uniform(0, 0.02))
            except BaseException as error:  # collected and asserted below
                self.errors.append(error)
            finally:
                service.close()

        self.threads.append(threading.Thread(target=run, name=actor))
        self.threads[-1].start()

    def join(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in self.threads)


def report(actor: str) -> Callable[[Strategikarta, random.Random], str]:
    def write(service: Strategikarta, rng: random.Random) -> str:
        service.milestones.report_status("fhs", rng.choice(REPORTED),
                                         rng.choice(["on_track", "at_risk", "off_track"]),
                                         "Rapport", None, actor=actor)
        return "StatusReported"
    return write


def edit(actor: str, areas: dict[str, str]) -> Callable[[Strategikarta, random.Random], str]:
    """Title edits and moves of the milestones in `areas` (each in that focus area now):
    changes to what the plan says. A move takes a milestone to the other of two focus areas,
    which only this writer changes, so that each one is a move the log records."""
    other = {"nara-vard": "digital", "digital": "nara-vard"}

    def write(service: Strategikarta, rng: random.Random) -> str:
        key = rng.choice(sorted(areas))
        if rng.random() < 0.5:
            service.milestones.edit("fhs", key, {"title": f"{actor} {rng.random():.6f}"},
                                    actor=actor)
            return "MilestoneEdited"
        areas[key] = other[areas[key]]
        service.milestones.edit("fhs", key, {"focus_area": areas[key]}, actor=actor,
                                reason="Omplanerad")
        return "MilestoneMoved"
    return write


def trail(service: Strategikarta) -> list[AuditEntry]:
    service.store.catch_up()
    return list(service.store.trail("fhs"))


def assert_applied(service: Strategikarta, key: str, at: int) -> None:
    """Every change of proposal `key` holds in the plan as it stood at log position `at`."""
    plan: PlanRecord = service.time_travel.plan_state("fhs", PointInTime(at, TODAY))
    for recorded in plan.proposals[key].changes:
        change = recorded.change
        milestone = plan.milestones.get(change.key)
        match change.op.value:
            case "move":
                assert milestone is not None
                assert milestone.target_year == change.fields["target_year"]
            case "edit":
                assert milestone is not None and milestone.title == change.fields["title"]
            case "define":
                assert milestone is not None and milestone.title == change.fields["title"]
            case "add_dependency":
                assert (change.key, change.fields["to"]) in plan.requires
            case "remove_dependency":
                assert (change.key, change.fields["to"]) not in plan.requires
            case "drop":
                assert milestone is not None and milestone.reports[-1].status.value == "dropped"


def race(url: str, writers: Writers, key: str, year: int) -> str:
    """Adopt `key` (on a store of its own) while `writers` write; "adopted" or "stale"."""
    adopter = open_store(url)
    try:
        adopter.proposals.adopt("fhs", key, **revision(year), actor=COMMITTEE)
        return "adopted"
    except ProposalStaleError:
        return "stale"
    finally:
        adopter.close()


def check_round(service: Strategikarta, key: str, outcome: str, year: int) -> None:
    entries = trail(service)
    proposal = service.store.plan_record("fhs").proposals[key]
    adoption = [e for e in entries if e.actor == COMMITTEE and e.position > proposal.base_position]
    if outcome == "stale":
        assert adoption == [] and proposal.state.value == "open"
        assert year not in [r.year for r, _ in service.store.plan_record("fhs").revisions]
        assert service.proposals.get("fhs", key).stale
        return
    positions = [e.position for e in adoption]
    # One transaction: the revision, every change and the proposal's fate, nothing between.
    assert positions == list(range(positions[0], positions[0] + len(positions)))
    assert Counter(e.type for e in adoption)["RevisionAdopted"] == 1
    assert len(adoption) >= len(proposal.changes) + 2 and proposal.state.value == "adopted"
    assert_applied(service, key, positions[-1])
    (seal,) = [s for r, s in service.store.plan_record("fhs").revisions if r.year == year]
    assert proposal.base_position <= seal.position < positions[0]
    # The plan sealed is the one the proposal was made on; what was written to the rest of
    # the plan after the seal (the log orders it before the adoption) is not in the revision.
    changed = [e for e in entries if proposal.base_position < e.position <= seal.position
               and e.type in STRUCTURE_TYPES]
    assert changed == [], f"adopted though the plan changed since it was made: {changed}"


def adoption_races(url: str, edited: tuple[str, ...] = ()) -> list[str]:
    """ROUNDS proposals, each adopted while two writers report statuses and, if `edited`,
    one edits and moves those milestones, starting at a random moment of the adoption."""
    setup = open_store(url)
    make_plan(setup, milestones=MILESTONES)
    for source, target in (("B", "A"), ("C", "B"), ("H", "D"), ("G", "F")):
        setup.dependencies.add("fhs", source, target, "requires", actor="anna")
    outcomes = []
    for round_ in range(ROUNDS):
        key, year = f"rev-{round_}", 2023 + round_
        if ("H", "D") not in setup.store.plan_record("fhs").requires:  # adopted: again
            setup.dependencies.add("fhs", "H", "D", "requires", actor="anna")
        propose(setup, key, round_)
        writers = Writers(url)
        for n in range(2):
            writers.start(f"rapportör-{round_}-{n}", report(f"rapportör-{round_}-{n}"))
        if edited:
            areas = {k: setup.store.plan_record("fhs").milestones[k].focus_area for k in edited}
            writers.start(f"redaktör-{round_}", edit(f"redaktör-{round_}", areas), after=0.1)
        try:
            outcome = race(url, writers, key, year)
        finally:
            writers.join()
        assert writers.errors == []
        check_round(setup, key, outcome, year)
        acknowledged = Counter((e.actor, e.type) for e in trail(setup)
                               if (e.actor, e.type) in writers.stored)
        assert acknowledged == writers.stored  # no accepted write lost, none twice
        outcomes.append(outcome)
    assert setup.integrity.verify().ok
    setup.close()
    return outcomes


def test_status_reports_meanwhile_never_make_an_adoption_stale(shared_store_url: str) -> None:
    assert adoption_races(shared_store_url) == ["adopted"] * ROUNDS


def test_edits_of_what_the_proposal_changes_meanwhile_adopt_it_whole_or_not_at_all(
        shared_store_url: str) -> None:
    adoption_races(shared_store_url, edited=("A", "B", "C"))


def test_edits_of_what_the_proposal_leaves_alone_meanwhile_adopt_it_whole_or_not_at_all(
        shared_store_url: str) -> None:
    adoption_races(shared_store_url, edited=("G", "H"))
