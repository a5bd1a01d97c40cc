"""Use cases of the committee's yearly revisions: adopt one (sealing the plan), list them."""

from datetime import date
from uuid import UUID

from domain.errors import N_, NotFoundError
from domain.plan import Plan
from domain.values import Revision, Seal
from projections.read_model import State
from service.integrity import seal_of, stored_digest
from service.store import EventStore

NO_REVISION = N_("plan %(plan)r has no revision for %(year)s")


class Revisions:
    """Revisions: formal decisions, each sealing the plan's history up to a log position."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def adopt(self, plan: str, year: int, adopted_on: date, decided_by: str, paragraph: str,
              case_number: str, summary: str, actor: str,
              reason: str = "") -> tuple[Revision, Seal]:
        revision = Revision(year, adopted_on, decided_by, paragraph, case_number, summary)

        def attempt() -> list[Plan]:
            aggregate = self.store.plan(plan)
            aggregate.adopt_revision(revision, self.seal(plan), self.store.today(), actor, reason)
            return [aggregate]

        self.store.save_with_retries(attempt)
        return revision, next(s for r, s in self.list(plan) if r.year == year)

    def list(self, plan: str) -> list[tuple[Revision, Seal]]:
        return list(self.store.plan_record(plan).revisions)

    def recorded_at(self, plan: str) -> dict[int, int]:
        """The log position of each revision's own event, by year: where a checkpoint covers
        the decision and its seal."""
        record = self.store.plan_record(plan)
        return {revision.year: position for (revision, _), position
                in zip(record.revisions, record.revision_positions, strict=True)}

    def position_of(self, plan: str, year: int) -> int:
        """The log position of the plan as revision `year` adopted it: its seal's, or, for a
        proposal adopted with it, the end of that save (its changes included)."""
        record = self.store.plan_record(plan)
        for revision, seal in record.revisions:
            if revision.year == year:
                return max([seal.position, *(
                    p.adopted_through for p in record.proposals.values()
                    if p.adopted_year == year and p.adopted_through is not None)])
        raise NotFoundError(NO_REVISION, "revision", plan=plan, year=year)

    def seal(self, plan: str, state: State | None = None) -> Seal:
        """Digest over the heads of every chain of the plan, as the log stands now (or as it
        stood in `state`, a read of it the caller has checked)."""
        state = state or self.store.catch_up()
        record = state.plans[plan] if plan in state.plans else self.store.plan_record(plan)
        versions = record.aggregate_versions()
        heads = []
        for aggregate_id, version in versions:
            (stored,) = self.store.recorder.select_events(aggregate_id, gt=version - 1,
                                                          lte=version)
            heads.append((str(aggregate_id), version, stored_digest(stored)))
        digest = seal_of((UUID(i), d) for i, _, d in heads)
        return Seal(state.position, digest, tuple(sorted(heads)))
