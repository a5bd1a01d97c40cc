"""The shapes of the current-state read model: frozen records the service hands out."""

from dataclasses import dataclass, field
from datetime import datetime

import networkx as nx

from domain.reporting_period import DEFAULT_REPORTING_PERIODS, ReportingPeriod
from domain.status import StatusReport
from domain.user import Role
from domain.values import Effect, FocusArea, MilestoneKind, Revision, Seal


@dataclass(frozen=True)
class MilestoneRecord:
    """A milestone as currently recorded."""

    plan: str
    key: str
    title: str
    description: str
    focus_area: str
    target_year: int
    kind: MilestoneKind
    responsible: tuple[str, ...]
    effects: tuple[Effect, ...]
    reports: tuple[StatusReport, ...]
    version: int
    defined_at: datetime
    changed_at: datetime
    changed_by: str


@dataclass
class PlanRecord:
    """A plan as currently recorded, with its milestones and dependency edges."""

    key: str
    title: str
    owner: str
    start_year: int
    end_year: int
    focus_areas: tuple[FocusArea, ...]
    version: int
    created_at: datetime
    created_by: str
    position: int = 0  # log position of the plan's latest event, its own or a milestone's
    milestones: dict[str, MilestoneRecord] = field(default_factory=dict)
    requires: set[tuple[str, str]] = field(default_factory=set)
    affects: set[tuple[str, str]] = field(default_factory=set)
    revisions: list[tuple[Revision, Seal]] = field(default_factory=list)
    reporting_periods: tuple[ReportingPeriod, ...] = DEFAULT_REPORTING_PERIODS
    _requires_graph: "nx.DiGraph[str] | None" = field(default=None, repr=False)

    def requires_graph(self) -> "nx.DiGraph[str]":
        """The `requires` edges as a graph, built once per change of the edges."""
        if self._requires_graph is None:
            graph: nx.DiGraph[str] = nx.DiGraph(self.requires)
            graph.add_nodes_from(self.milestones)
            self._requires_graph = graph
        return self._requires_graph

    def edges_changed(self) -> None:
        self._requires_graph = None


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change, as an auditor reads it."""

    position: int
    recorded_at: datetime
    actor: str
    type: str
    milestone: str | None
    summary: str
    reason: str


@dataclass(frozen=True)
class UserRecord:
    """A user; the password is kept only as a hash."""

    name: str
    role: Role
    password_hash: str
    version: int
