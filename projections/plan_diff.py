"""What changed in a plan between two points of the log, with who, when and why."""

from dataclasses import dataclass
from typing import Any

from domain.fields import CHANGEABLE_MILESTONE_FIELDS
from domain.status import report_in_force
from domain.values import Status
from projections.analysis import statuses_on
from projections.records import AuditEntry, PlanRecord, RecordedReport

COMPARED_FIELDS = CHANGEABLE_MILESTONE_FIELDS


@dataclass(frozen=True)
class Change:
    """A milestone, field, dependency or status that differs, and the latest change behind it.

    A status change also names every report recorded between the two points (`reports`),
    and the report that gave the new status (`reported_for`, `comment`, who, when, why)."""

    milestone: str
    field: str | None
    before: Any
    after: Any
    actor: str | None
    recorded_at: Any
    reason: str | None
    reported_for: Any = None
    comment: str | None = None
    reports: tuple[RecordedReport, ...] = ()


def diff_plans(old: PlanRecord, new: PlanRecord, trail: list[AuditEntry],
               old_on: Any, new_on: Any, between: tuple[int, int] = (0, 0)) -> dict[str, list[Change]]:
    """`trail`: the audit entries between the two positions (`between`), oldest first."""

    latest = {(entry.milestone, entry.type): index for index, entry in enumerate(trail)}

    def cause(milestone: str, *types: str) -> tuple[str | None, Any, str | None]:
        """Who, when and why of the latest entry of `milestone` of one of `types`."""
        found = [latest[milestone, kind] for kind in types if (milestone, kind) in latest]
        if not found:
            return None, None, None
        entry = trail[max(found)]
        return entry.actor, entry.recorded_at, entry.reason

    def change(milestone: str, field: str | None, before: Any, after: Any, *types: str) -> Change:
        return Change(milestone, field, before, after, *cause(milestone, *types))

    added = [change(k, None, None, new.milestones[k].title, "MilestoneDefined")
             for k in sorted(set(new.milestones) - set(old.milestones))]
    removed = [change(k, None, old.milestones[k].title, None)
               for k in sorted(set(old.milestones) - set(new.milestones))]
    changed = [
        change(key, field, plain(getattr(old.milestones[key], field)),
               plain(getattr(new.milestones[key], field)), "MilestoneEdited", "MilestoneMoved")
        for key in sorted(set(old.milestones) & set(new.milestones))
        for field in COMPARED_FIELDS
        if getattr(old.milestones[key], field) != getattr(new.milestones[key], field)
    ]
    old_status, new_status = statuses_on(old, old_on), statuses_on(new, new_on)
    status_changes = [found for key in sorted(new.milestones)
                      if (found := status_change(key, old_status.get(key, Status.PLANNED),
                                                 new_status[key], new, new_on, between))]
    dependencies_added, dependencies_removed = [], []
    for kind in ("requires", "affects"):
        before, after = getattr(old, kind), getattr(new, kind)
        dependencies_added += [change(s, kind, None, t, "DependencyAdded")
                               for s, t in sorted(after - before)]
        dependencies_removed += [change(s, kind, t, None, "DependencyRemoved")
                                 for s, t in sorted(before - after)]
    return {"added": added, "removed": removed, "changed": changed,
            "dependencies_added": dependencies_added,
            "dependencies_removed": dependencies_removed, "status_changes": status_changes}


def status_change(key: str, before: Status, after: Status, new: PlanRecord, new_on: Any,
                  between: tuple[int, int]) -> Change | None:
    """A milestone's status change, or a report recorded between the points that left the
    status as it was (a correction is news too); None when neither happened."""
    reports = new.milestones[key].reports
    recorded = tuple(r for r in reports
                     if isinstance(r, RecordedReport) and between[0] < r.position <= between[1])
    if before == after and not recorded:
        return None
    cause = report_in_force(reports, new_on) if before != after else recorded[-1]
    if not isinstance(cause, RecordedReport):
        return Change(key, "status", before.value, after.value, None, None, None,
                      reports=recorded)
    return Change(key, "status", before.value, after.value, cause.actor, cause.recorded_at,
                  cause.reason, cause.reported_for, cause.comment, recorded)


def plain(value: Any) -> Any:
    """Field values as JSON-friendly data."""
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if hasattr(value, "for_"):
        return {"for": value.for_.value, "text": value.text}
    return getattr(value, "value", value)


