"""What a proposal changes, as its map marks it: the plan now against the plan as the proposal
would leave it."""

from datetime import date

from domain.values import Status
from projections.analysis import statuses_on
from projections.records import PlanRecord
from projections.strategic_map import ProposalMarks


def proposal_marks(key: str, before: PlanRecord, after: PlanRecord) -> ProposalMarks:
    """The milestones moved (with their year before), added and dropped: a drop is a report,
    so the latest reports are compared, whatever date the map shows statuses on."""
    old, new = statuses_on(before, date.max), statuses_on(after, date.max)
    kept = after.milestones.keys() & before.milestones.keys()
    return ProposalMarks(
        key=key,
        moved={k: before.milestones[k].target_year for k in sorted(kept)
               if before.milestones[k].target_year != after.milestones[k].target_year},
        added=frozenset(after.milestones.keys() - before.milestones.keys()),
        dropped=frozenset(k for k in kept
                          if new[k] is Status.DROPPED and old[k] is not Status.DROPPED))
