"""What the proposals' use cases return: frozen views, never aggregates."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.messages import Message
from projections.analysis import Analysis
from projections.plan_diff import Change
from projections.records import ProposalRecord, ProposedChangeRecord


@dataclass(frozen=True)
class ChangeView:
    """A proposed change: the op, its milestone (`key`, a dependency's `from`) and fields."""

    op: str
    key: str
    fields: dict[str, Any]
    reason: str
    actor: str
    recorded_at: datetime
    position: int


@dataclass(frozen=True)
class ProposalView:
    """A proposal; `diff` and `analysis` are of the plan as it would leave it (open ones only),
    `problem` why they cannot be worked out (a change the plan now refuses)."""

    plan: str
    key: str
    title: str
    description: str
    state: str
    base_position: int
    made_by: str
    made_at: datetime
    changes: tuple[ChangeView, ...]
    stale: bool
    changed_meanwhile: tuple[Message, ...]
    closed_by: str | None
    closed_at: datetime | None
    closed_reason: str
    adopted_year: int | None
    adopted_position: int | None
    diff: dict[str, list[Change]] | None = None
    analysis: Analysis | None = None
    problem: Message | None = None


def change_view(record: ProposedChangeRecord) -> ChangeView:
    change = record.change
    return ChangeView(change.op.value, change.key, dict(change.fields), change.reason,
                      record.actor, record.recorded_at, record.position)


def proposal_view(record: ProposalRecord, stale: bool, meanwhile: tuple[Message, ...],
                  **worked_out: Any) -> ProposalView:
    return ProposalView(
        record.plan, record.key, record.title, record.description, record.state.value,
        record.base_position, record.made_by, record.made_at,
        tuple(change_view(c) for c in record.changes), stale, meanwhile, record.closed_by,
        record.closed_at, record.closed_reason, record.adopted_year, record.adopted_position,
        **worked_out)
