"""Use cases of proposals: make one, add changes (by hand or by a slip), read it side by side
with the plan, withdraw it, or adopt it with the year's revision: every change applied and
the plan sealed in one save.

A proposal is stale when what the plan says changed after it was made: its
`base_position` is the plan's `structure_position` then (the plan's own events and
milestones defined, edited or moved; status reports, goals, rounds and other proposals do
not make it stale).
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.errors import N_, DomainError, DuplicateKeyError, Message, problem_list
from domain.plan import Plan
from domain.proposal import (
    ChangeOp,
    Proposal,
    ProposalNotFoundError,
    ProposalStaleError,
    ProposalState,
    ProposedChange,
    proposal_id,
)
from domain.values import Revision, Seal
from projections.proposal_preview import changed_meanwhile, proposed_record
from projections.records import PlanRecord, ProposalRecord
from projections.slip_propagation import Move, propagated_moves
from service.error_collector import ErrorCollector
from service.proposal_outcomes import Outcome, Outcomes, outcome_key
from service.proposal_views import ChangeView, ProposalView, change_view, proposal_view
from service.proposed_plan import ProposedPlan
from service.revisions import Revisions
from service.store import WIDE_SAVE_ATTEMPTS, EventStore

ALREADY_MADE = N_("plan %(plan)r already has a proposal %(key)r")
MILESTONE_LABEL = N_("milestone %(key)s")
NO_PROPOSAL = N_("plan %(plan)r has no proposal %(key)r")
STALE = N_("proposal %(key)r is stale: the plan changed since it was made (at log position "
           "%(base)s): %(changes)s")
SLIP = "slip"
Propagate = Callable[[PlanRecord, str, int, date], list[Move]]


class Proposals:
    """Proposals to change a plan, kept as events of their own until adopted."""

    def __init__(self, store: EventStore, revisions: Revisions,
                 propagate: Propagate = propagated_moves) -> None:
        self.store = store
        self.revisions = revisions
        self.propagate = propagate
        self.outcomes = Outcomes()

    def make(self, plan: str, key: str, title: str, description: str, actor: str,
             reason: str = "") -> ProposalView:
        self.store.save_with_retries(
            lambda: self.make_new(plan, key, title, description, actor, reason))
        return self.get(plan, key)

    def make_new(self, plan: str, key: str, title: str, description: str, actor: str,
                 reason: str = "", base: int | None = None) -> list[Proposal]:
        """The new proposal, based on the plan as it is now (at `base`, if read already),
        unsaved; refused if the key is taken."""
        if base is None:
            self.store.plan(plan)
            base = self.store.plan_record(plan).structure_position
        if self.store.exists(proposal_id(plan, key)):
            raise DuplicateKeyError(ALREADY_MADE, "key", plan=plan, key=key)
        return [Proposal.make(plan, key, title, description, base, actor, reason)]

    def make_with(self, plan: str, key: str, title: str, description: str,
                  changes: Callable[[PlanRecord], list[tuple[str, ProposedChange]]], actor: str,
                  reason: str = "") -> ProposalView:
        """Make a proposal holding `changes` (worked out from the plan as it is, each with the
        path of what asked for it): every change checked as a hand-made one, every problem
        named by its path, and nothing stored unless all of them are taken."""
        def attempt() -> list[Proposal]:
            draft = ProposedPlan(self.store, plan)
            (proposal,) = self.make_new(plan, key, title, description, actor, reason,
                                        draft.record.structure_position)
            collector = ErrorCollector()
            for path, change in changes(draft.record):
                with collector.row(path, Message(MILESTONE_LABEL, key=change.key)):
                    draft.apply(change, actor)
                    proposal.add_change(change, actor)
            collector.raise_if_any()
            return [proposal]

        self.store.save_with_retries(attempt)
        return self.get(plan, key)

    def add_change(self, plan: str, key: str, op: str, milestone: str, fields: dict[str, Any],
                   actor: str, reason: str = "") -> list[ChangeView]:
        """Check a change against the plan as the proposal leaves it, then record it; `slip`
        (fields: `to`) records the moves it propagates. The changes recorded, in order."""
        added: list[ProposedChange] = []

        def attempt() -> list[Proposal]:
            proposal = self._proposal(plan, key)
            proposal.check_open()
            draft = ProposedPlan(self.store, plan)
            for change in proposal.changes:
                draft.apply(change, actor)
            changes = (self._slip(draft, milestone, fields["to"], reason) if op == SLIP
                       else [ProposedChange(ChangeOp(op), milestone, dict(fields), reason)])
            for change in changes:
                draft.apply(change, actor)
                proposal.add_change(change, actor)
            added[:] = changes
            return [proposal]

        self.store.save_with_retries(attempt)
        recorded = self.store.plan_record(plan).proposals[key].changes
        return [change_view(c) for c in recorded[len(recorded) - len(added):]]

    def _slip(self, draft: ProposedPlan, milestone: str, to: int,
              reason: str) -> list[ProposedChange]:
        proposed, _ = proposed_record(draft.record, draft.events)
        if milestone not in proposed.milestones:
            draft.milestone(milestone, "milestone")  # 404, naming the field
        try:
            draft.plan.check_placement(proposed.milestones[milestone].focus_area, to)
        except DomainError as error:
            error.field = "to"
            raise
        moves = self.propagate(proposed, milestone, to, self.store.today())
        return [ProposedChange(ChangeOp.MOVE, move.key, {
            "focus_area": proposed.milestones[move.key].focus_area, "target_year": move.after},
            reason) for move in moves]

    def withdraw(self, plan: str, key: str, actor: str, reason: str) -> ProposalView:
        def attempt() -> list[Proposal]:
            proposal = self._proposal(plan, key)
            proposal.withdraw(actor, reason)
            return [proposal]

        self.store.save_with_retries(attempt)
        return self.get(plan, key)

    def adopt(self, plan: str, key: str, year: int, adopted_on: date, decided_by: str,
              paragraph: str, case_number: str, summary: str, actor: str,
              reason: str = "") -> tuple[Revision, Seal]:
        """Apply every change and adopt the revision, sealing the plan, in one save: all of
        it is stored, or nothing, the proposal's own event last. The seal covers the plan as it
        stood before the changes, and that plan is the proposal's base: what the plan says was not
        changed up to the seal's position (a status report may have come; it is no reason to
        refuse). The changes follow in the same transaction; a write to anything they change
        after it was loaded makes the save collide, and the attempt is made again."""
        revision = Revision(year, adopted_on, decided_by, paragraph, case_number, summary)

        def attempt() -> list[Proposal | Plan | Any]:
            proposal = self._proposal(plan, key)
            proposal.check_open()
            draft = ProposedPlan(self.store, plan)
            if draft.record.structure_position != proposal.base_position:
                raise self._stale(plan, proposal.key, proposal.base_position)
            for change in proposal.changes:
                draft.apply(change, actor)
            # Read again once every part is loaded: what was written meanwhile is in the seal.
            state = self.store.catch_up()
            if state.plans[plan].structure_position != proposal.base_position:
                raise self._stale(plan, proposal.key, proposal.base_position)
            seal = self.revisions.seal(plan, state)
            draft.plan.adopt_revision(revision, seal, self.store.today(), actor, reason)
            proposal.adopt(year, seal.position, actor, reason)
            # The proposal's event last: the plan as adopted is the log up to it, its changes
            # included (`Revisions.position_of`), and the revision's event comes before them.
            return [*draft.aggregates(), proposal]

        self.store.save_with_retries(attempt, attempts=WIDE_SAVE_ATTEMPTS)
        return revision, next(s for r, s in self.revisions.list(plan) if r.year == year)

    def _stale(self, plan: str, key: str, base: int) -> ProposalStaleError:
        meanwhile = self._meanwhile(self.store.plan_record(plan), base)
        listed: dict[str, list[str]] = {}
        for entry in meanwhile:
            listed.setdefault(entry.milestone or plan, []).append(entry.summary)
        return ProposalStaleError(STALE, "proposal", key=key, base=base,
                                  changes=problem_list(listed) if listed else "…")

    def _meanwhile(self, record: PlanRecord, base: int) -> list[Any]:
        return changed_meanwhile(self.store.trail(record.key), base,
                                 record.structure_position)

    def list(self, plan: str) -> list[ProposalView]:
        record = self.store.plan_record(plan)
        return [self._view(record, p) for _, p in sorted(record.proposals.items())]

    def get(self, plan: str, key: str) -> ProposalView:
        """The proposal with, while open, the diff and analysis of the plan it would leave."""
        record = self.store.plan_record(plan)
        proposal = self._record_in(record, key)
        if proposal.state is not ProposalState.OPEN:
            return self._view(record, proposal)
        try:
            outcome = self._outcome(record, proposal)
        except DomainError as error:
            return self._view(record, proposal, problem=error.message)
        return self._view(record, proposal, diff=outcome.diff, analysis=outcome.analysis)

    def proposed_plan(self, plan: str, key: str) -> tuple[PlanRecord, PlanRecord]:
        """The plan now and as the open proposal would leave it (409 once it is closed; the
        plan's refusal if it refuses a change now)."""
        record = self.store.plan_record(plan)
        proposal = self._record_in(record, key)
        if proposal.state is not ProposalState.OPEN:
            self._proposal(plan, key).check_open()
        outcome = self._outcome(record, proposal)
        return outcome.record, outcome.proposed

    def _outcome(self, record: PlanRecord, proposal: ProposalRecord) -> Outcome:
        """The proposal worked out on `record`, or as kept since it was (see
        `service.proposal_outcomes`)."""
        today = self.store.today()
        key = outcome_key(record, proposal, today)
        kept = self.outcomes.get(key)
        if kept is not None:
            return kept
        draft = self._draft(record.key, proposal)
        outcome = Outcome(draft.record, *proposed_record(draft.record, draft.events), today)
        if draft.record.position == record.position and not draft.changed_since_read():
            self.outcomes.put(key, outcome)  # not one a concurrent write reached halfway
        return outcome

    def record(self, plan: str, key: str) -> ProposalRecord:
        return self._record_in(self.store.plan_record(plan), key)

    @staticmethod
    def _record_in(record: PlanRecord, key: str) -> ProposalRecord:
        if key not in record.proposals:
            raise ProposalNotFoundError(NO_PROPOSAL, plan=record.key, key=key)
        return record.proposals[key]

    def _draft(self, plan: str, proposal: ProposalRecord) -> ProposedPlan:
        draft = ProposedPlan(self.store, plan)
        for change in proposal.changes:
            draft.apply(change.change, change.actor)
        return draft

    def _view(self, record: PlanRecord, proposal: ProposalRecord, **worked_out: Any) -> ProposalView:
        stale = (proposal.state is ProposalState.OPEN
                 and record.structure_position != proposal.base_position)
        meanwhile = tuple(Message(N_("%(where)s: %(what)s"), where=e.milestone or record.key,
                                  what=e.summary)
                          for e in self._meanwhile(record, proposal.base_position)) if stale else ()
        return proposal_view(proposal, stale, meanwhile, **worked_out)

    def _proposal(self, plan: str, key: str) -> Proposal:
        if not self.store.exists(proposal_id(plan, key)):
            self.store.plan(plan)  # a plan that does not exist is the 404
            raise ProposalNotFoundError(NO_PROPOSAL, "proposal", plan=plan, key=key)
        proposal: Proposal = self.store.get(proposal_id(plan, key))
        return proposal
