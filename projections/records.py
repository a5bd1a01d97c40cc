"""The shapes of the read model: frozen records, shared by every reader without a lock.

A record is never changed once published: the projection builds a new record for each
plan or user an event touches (`projections.read_model`), so a reader holding one sees a
consistent plan for as long as it keeps it.
"""

from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from itertools import islice
from types import MappingProxyType
from typing import Any, Protocol, overload
from uuid import UUID

import networkx as nx

from domain.goal import goal_id
from domain.goal_values import (
    DEFAULT_GOAL_LEVELS,
    AssessmentReport,
    Direction,
    Frequency,
    GoalLevel,
    Outcome,
    Target,
    Thresholds,
)
from domain.messages import Message, placeholders
from domain.metric import metric_id
from domain.milestone import milestone_id
from domain.plan import plan_id
from domain.proposal import ProposalState, ProposedChange, proposal_id
from domain.reporting_period import DEFAULT_REPORTING_PERIODS, ReportingPeriod
from domain.round import round_id
from domain.status import StatusReport
from domain.user import Role
from domain.values import Effect, FocusArea, MilestoneKind, Revision, Seal
from domain.year_values import BodyKind, Decision, FollowUpEntry, RoundItem, RoundState
from projections.dependency_web import DependencyWeb
from projections.goal_tree import GoalTree

EMPTY: Mapping[str, "MilestoneRecord"] = MappingProxyType({})
# What a plan record works out, once, from its edges and milestone keys alone.
EDGE_INDEXES = ("_requires_graph", "dependency_web")


@dataclass(frozen=True)
class RecordedReport(StatusReport):
    """A status report with when it was recorded, where in the log, and why."""

    position: int
    recorded_at: datetime
    reason: str


@dataclass(frozen=True)
class RecordedAssessment(AssessmentReport):
    """A goal's assessment with when it was recorded, where in the log, and why."""

    position: int
    recorded_at: datetime
    reason: str


@dataclass(frozen=True)
class RecordedOutcome(Outcome):
    """A metric's outcome with when it was recorded, where in the log, and why."""

    position: int
    recorded_at: datetime
    reason: str


@dataclass(frozen=True)
class GoalRecord:
    """A goal of the plan's goal tree, as recorded at the read model's position."""

    plan: str
    key: str
    title: str
    description: str
    level: str
    parent: str | None
    responsible: tuple[str, ...]
    assessments: tuple[RecordedAssessment, ...]
    version: int
    changed_at: datetime
    changed_by: str


@dataclass(frozen=True)
class MetricRecord:
    """A metric of a goal, with its targets, thresholds and outcomes, as recorded."""

    plan: str
    key: str
    goal: str
    name: str
    unit: str
    direction: Direction
    frequency: Frequency
    baseline: Target | None
    targets: tuple[Target, ...]
    thresholds: Thresholds
    source: str
    outcomes: tuple[RecordedOutcome, ...]
    version: int
    changed_at: datetime
    changed_by: str

    @cached_property
    def lines(self) -> dict[Any, Any]:
        """Its report line per reporting date, kept by `projections.goal_report`: the record
        never changes and is shared by every plan record until the metric does, so a report
        after another change in the plan reuses it."""
        return {}


@dataclass(frozen=True)
class ReturnRecord:
    """Items a planner sent back to their reporters, with a comment."""

    position: int
    items: tuple[str, ...]
    comment: str
    actor: str
    recorded_at: datetime


@dataclass(frozen=True)
class SubmissionRecord:
    position: int
    forced: bool
    left: tuple[str, ...]
    actor: str
    reason: str
    recorded_at: datetime


@dataclass(frozen=True)
class DecisionRecord:
    """The decision that sealed a round's report: the report as of `seal.position`."""

    decision: Decision
    seal: Seal
    report_digest: str
    position: int
    actor: str
    recorded_at: datetime


@dataclass(frozen=True)
class RoundRecord:
    """A reporting round as recorded: what is due, returns, submission and decision."""

    plan: str
    key: str
    entry: FollowUpEntry
    items: tuple[RoundItem, ...]
    state: RoundState
    opened_position: int
    opened_at: datetime
    opened_by: str
    version: int
    returns: tuple[ReturnRecord, ...] = ()
    submission: SubmissionRecord | None = None
    decision: DecisionRecord | None = None


@dataclass(frozen=True)
class ProposedChangeRecord:
    """A change of a proposal, with who proposed it, when, and where in the log."""

    change: ProposedChange
    actor: str
    recorded_at: datetime
    position: int


@dataclass(frozen=True)
class ProposalRecord:
    """A proposal as recorded: its changes, and whether it was withdrawn or adopted."""

    plan: str
    key: str
    title: str
    description: str
    base_position: int
    made_by: str
    made_at: datetime
    version: int
    state: ProposalState = ProposalState.OPEN
    changes: tuple[ProposedChangeRecord, ...] = ()
    closed_by: str | None = None
    closed_at: datetime | None = None
    closed_reason: str = ""
    adopted_year: int | None = None
    adopted_position: int | None = None  # the seal's: the plan before the changes
    adopted_through: int | None = None  # the adoption's last event: the plan as adopted


@dataclass(frozen=True)
class MilestoneRecord:
    """A milestone as recorded at the read model's position."""

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
    goals: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanRecord:
    """A plan with its milestones and dependency edges, as recorded at `position`."""

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
    # Log position of the latest change to what the plan says (its own events, milestones
    # defined, edited or moved; not reports, goals, rounds or proposals): what a proposal
    # is based on, and is stale once it moves on.
    structure_position: int = 0
    milestones: Mapping[str, MilestoneRecord] = field(default_factory=lambda: EMPTY)
    requires: frozenset[tuple[str, str]] = frozenset()
    affects: frozenset[tuple[str, str]] = frozenset()
    revisions: tuple[tuple[Revision, Seal], ...] = ()
    revision_positions: tuple[int, ...] = ()  # each revision's own event, as `revisions` go
    reporting_periods: tuple[ReportingPeriod, ...] = DEFAULT_REPORTING_PERIODS
    goal_levels: tuple[GoalLevel, ...] = DEFAULT_GOAL_LEVELS
    goals: Mapping[str, GoalRecord] = field(default_factory=lambda: MappingProxyType({}))
    metrics: Mapping[str, MetricRecord] = field(default_factory=lambda: MappingProxyType({}))
    follow_up_plan: tuple[FollowUpEntry, ...] = ()
    rounds: Mapping[str, RoundRecord] = field(default_factory=lambda: MappingProxyType({}))
    proposals: Mapping[str, ProposalRecord] = field(default_factory=lambda: MappingProxyType({}))
    # On the public site, since log position `publication_position` (0: never published).
    published: bool = False
    publication_position: int = 0
    # Each actor's first and last event in the plan (log positions): a history by actor reads
    # between them only, and nothing for one who never wrote in the plan.
    actor_spans: Mapping[str, tuple[int, int]] = field(
        default_factory=lambda: MappingProxyType({}))

    @cached_property
    def goal_tree(self) -> "GoalTree":
        """The goals in tree order, with children, metrics and serving milestones per goal."""
        return GoalTree(self.goal_levels, self.goals, self.metrics, self.milestones)

    def requires_graph(self) -> "nx.DiGraph[str]":
        """The `requires` edges as a graph (every milestone a node), built once per record.

        Read it, never change it: the record is shared by every reader.
        """
        return self._requires_graph

    @cached_property
    def _requires_graph(self) -> "nx.DiGraph[str]":
        graph: nx.DiGraph[str] = nx.DiGraph(self.requires)
        graph.add_nodes_from(self.milestones)
        return graph

    @cached_property
    def dependency_web(self) -> DependencyWeb:
        """Each milestone's direct and transitive links, worked out once per record."""
        return DependencyWeb(self.milestones, self.requires, self.affects)

    def changed(self, **changes: Any) -> "PlanRecord":
        """A copy with `changes`. What was worked out from the edges is kept when they and the
        milestone keys stay the same: a status report does not redraw a plan's dependency web."""
        record = replace(self, **changes)
        known = [name for name in EDGE_INDEXES if name in self.__dict__]
        if known and record.requires is self.requires and record.affects is self.affects and (
                record.milestones is self.milestones
                or record.milestones.keys() == self.milestones.keys()):
            for name in known:  # as `cached_property` stores them: the record stays frozen
                record.__dict__[name] = self.__dict__[name]
        return record

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def aggregate_versions(self) -> list[tuple[UUID, int]]:
        """Every aggregate of the plan (itself, its milestones, goals, metrics, rounds and
        proposals) with the
        version recorded: the chains a revision's seal covers and time travel replays."""
        key = self.key
        return [(plan_id(key), self.version),
                *((milestone_id(key, m.key), m.version) for m in self.milestones.values()),
                *((goal_id(key, g.key), g.version) for g in self.goals.values()),
                *((metric_id(key, m.key), m.version) for m in self.metrics.values()),
                *((round_id(key, r.key), r.version) for r in self.rounds.values()),
                *((proposal_id(key, p.key), p.version) for p in self.proposals.values())]


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change, as an auditor reads it: what happened is kept as an English
    template and its parameters (`projections.audit_summary`), said in the reader's language
    when it is read; `summary` is the English. The parameters are kept as a tuple, in the
    order the template names them: smaller than a dict, or the English, over a long log."""

    position: int
    recorded_at: datetime
    actor: str
    type: str
    milestone: str | None
    template: str
    values: tuple[Any, ...]
    reason: str

    @property
    def params(self) -> Mapping[str, Any]:
        return dict(zip(placeholders(self.template), self.values, strict=True))

    @property
    def summary(self) -> Message:
        return Message(self.template, **self.params)


@dataclass(frozen=True)
class BodyRecord:
    """A body of the organisation."""

    key: str
    name: str
    kind: BodyKind
    version: int


@dataclass(frozen=True)
class UserRecord:
    """A user; the password is kept only as a hash.

    A signed-in session is honoured if it began at `sessions_valid_from` (the user's version
    when the password was last changed or the tokens revoked) or later and its hash is not
    among `ended_sessions` (signed out, with when: those older than a session lasts go).
    `issuer` and `subject` name the identity-provider account the user signs in with ("" for
    a local user).
    """

    name: str
    role: Role
    password_hash: str
    version: int
    sessions_valid_from: int = 0
    ended_sessions: Mapping[str, datetime] = field(default_factory=lambda: MappingProxyType({}))
    bodies: tuple[str, ...] = ()
    email: str = ""
    issuer: str = ""
    subject: str = ""


class Trail(Protocol):
    """A plan's audit trail, however it is kept (`AuditTrail` in memory, or read from the log)."""

    def between(self, after: int, until: int) -> Sequence[AuditEntry]: ...


@dataclass(frozen=True)
class AuditTrail(Sequence[AuditEntry]):
    """The first `length` entries of a plan's append-only trail: later appends, made by the
    projection after this view was published, are not part of it."""

    entries: list[AuditEntry] = field(default_factory=list, repr=False)
    length: int = 0

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, index: int) -> AuditEntry: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[AuditEntry]: ...

    def __getitem__(self, index: int | slice) -> AuditEntry | Sequence[AuditEntry]:
        if isinstance(index, slice):
            return self.entries[: self.length][index]
        if not -self.length <= index < self.length:
            raise IndexError(index)
        return self.entries[index if index >= 0 else self.length + index]

    def __iter__(self) -> Iterator[AuditEntry]:
        return islice(self.entries, self.length)

    def __reversed__(self) -> Iterator[AuditEntry]:
        for index in range(self.length - 1, -1, -1):
            yield self.entries[index]

    def between(self, after: int, until: int) -> list[AuditEntry]:
        """The entries recorded after log position `after`, up to and including `until`."""
        def position(entry: AuditEntry) -> int:
            return entry.position

        # Entries are appended in log order, so both ends are found by bisection.
        first = bisect_right(self.entries, after, hi=self.length, key=position)
        return self.entries[first:bisect_right(self.entries, until, first, self.length, key=position)]
