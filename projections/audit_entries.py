"""The audit entry of one event of a plan, as the fold of a proposal and a reader of the log
both make it: what happened (`projections.audit_summary`), who, when, why, and which milestone
it is about."""

from typing import Any

from domain.messages import placeholders
from domain.plan import Plan
from projections.audit_summary import summarise
from projections.records import AuditEntry

ABOUT_SOURCE = (Plan.DependencyAdded, Plan.DependencyRemoved)


def audit_entry(event: Any, position: int, milestone: str | None) -> AuditEntry:
    template, params = summarise(event)
    return AuditEntry(
        position=position, recorded_at=event.timestamp, actor=event.actor,
        type=type(event).__name__, milestone=milestone, template=template,
        values=tuple(params[name] for name in placeholders(template)), reason=event.reason)


def entry_milestone(event: Any, recorded_by: str | None) -> str | None:
    """The milestone an entry is about: the one whose aggregate recorded the event
    (`recorded_by`), else the source of a dependency added or removed."""
    if recorded_by is not None:
        return recorded_by
    return event.source if isinstance(event, ABOUT_SOURCE) else None
