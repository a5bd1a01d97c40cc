"""Use cases of the committee's yearly revisions: adopt one (sealing the plan), list them."""

from datetime import date
from uuid import UUID

from domain.errors import NotFoundError
from domain.milestone import milestone_id
from domain.plan import Plan, plan_id
from domain.values import Revision, Seal
from service.base import StrategikartaBase
from service.integrity import seal_of, stored_digest


class RevisionUseCases(StrategikartaBase):
    """Revisions: formal decisions, each sealing the plan's history up to a log position."""

    def adopt_revision(self, plan: str, year: int, adopted_on: date, decided_by: str,
                       paragraph: str, case_number: str, summary: str, actor: str,
                       reason: str = "") -> tuple[Revision, Seal]:
        revision = Revision(year, adopted_on, decided_by, paragraph, case_number, summary)

        def attempt() -> list[Plan]:
            aggregate = self._plan(plan)
            aggregate.adopt_revision(revision, self.seal(plan), self.today(), actor, reason)
            return [aggregate]

        self._save_with_retries(attempt)
        return revision, next(s for r, s in self.revisions(plan) if r.year == year)

    def revisions(self, plan: str) -> list[tuple[Revision, Seal]]:
        record = self._plan_record(plan)
        with self.state.lock:
            return list(record.revisions)

    def revision_position(self, plan: str, year: int) -> int:
        for revision, seal in self.revisions(plan):
            if revision.year == year:
                return seal.position
        raise NotFoundError(f"plan {plan!r} has no revision for {year}", "revision")

    def seal(self, plan: str) -> Seal:
        """Digest over the heads of every chain of the plan, as the log stands now."""
        record = self._plan_record(plan)
        with self.state.lock:
            versions: list[tuple[UUID, int]] = [(plan_id(plan), record.version)] + [
                (milestone_id(plan, m.key), m.version) for m in record.milestones.values()]
            position = self.state.position
        heads = []
        for aggregate_id, version in versions:
            (stored,) = self.recorder.select_events(aggregate_id, gt=version - 1, lte=version)
            heads.append((str(aggregate_id), version, stored_digest(stored)))
        digest = seal_of((UUID(i), d) for i, _, d in heads)
        return Seal(position, digest, tuple(sorted(heads)))
