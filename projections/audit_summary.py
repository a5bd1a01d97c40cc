"""One-line, human-readable summaries of events for the audit trail."""

from typing import Any


def summarise(event: Any) -> str:
    name = type(event).__name__
    if name == "PlanCreated":
        return f"Plan {event.key!r} created: {event.title} ({event.start_year}–{event.end_year})"
    if name == "FocusAreaAdded":
        return f"Focus area {event.area.key!r} added: {event.area.name}"
    if name in ("DependencyAdded", "DependencyRemoved"):
        verb = "added" if name == "DependencyAdded" else "removed"
        return f"Dependency {verb}: {event.source} {event.kind.value} {event.target}"
    if name == "MilestoneDefined":
        return (
            f"Milestone {event.key!r} defined in {event.focus_area} for {event.target_year}: "
            f"{event.title}"
        )
    if name == "MilestoneEdited":
        return "Edited: " + ", ".join(sorted(event.changes))
    if name == "MilestoneMoved":
        return f"Moved to {event.focus_area}, {event.target_year}"
    if name == "StatusReported":
        return f"Status {event.status.value} reported for {event.reported_for.isoformat()}"
    if name == "RevisionAdopted":
        r = event.revision
        return (f"Revision {r.year} adopted on {r.adopted_on.isoformat()} by {r.decided_by} "
                f"{r.paragraph} ({r.case_number}); sealed at position {event.seal.position}")
    if name == "ReportingPeriodsChanged":
        return "Reporting periods: " + ", ".join(
            f"{p.name} {p.day}/{p.month}" for p in event.periods)
    return name
