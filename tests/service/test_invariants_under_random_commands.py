"""Random sequences of commands (hypothesis, rule-based): the `requires` graph stays acyclic,
refusals are exactly the ones a reference model predicts, and the read model always equals a
fresh fold of the log."""

from datetime import date

import networkx as nx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from domain.errors import (
    DependencyCycleError,
    DependencyExistsError,
    DomainError,
    DuplicateKeyError,
    InvalidValueError,
    NotFoundError,
)
from domain.fields import MILESTONE, Text
from service.application import Strategikarta
from service.config import persistence_env
from tests.builders import FOCUS_AREAS, milestone_body, plan_body
from tests.conftest import TODAY
from tests.read_models import comparable, fresh_fold

KEYS = [f"M{i}" for i in range(8)]
keys = st.sampled_from(KEYS)
kinds = st.sampled_from(["requires", "affects"])
TITLE = MILESTONE["title"]
assert isinstance(TITLE, Text)
STATUSES = ["planned", "on_track", "at_risk", "off_track", "achieved", "dropped"]


class PlanUnderRandomCommands(RuleBasedStateMachine):
    """One plan; milestones defined, linked, unlinked, reported on, edited and moved at random."""

    @initialize()
    def open_store(self) -> None:
        self.service = Strategikarta(persistence_env("sqlite:///:memory:"), today=lambda: TODAY)
        self.service.plans.create(**plan_body(), actor="anna")
        self.defined: set[str] = set(KEYS[:5])  # the rest are left for the rule to define
        for key in sorted(self.defined):
            self.service.milestones.define("fhs", milestone_body(key), actor="anna")
        self.edges: dict[str, set[tuple[str, str]]] = {"requires": set(), "affects": set()}

    def teardown(self) -> None:
        if hasattr(self, "service"):
            self.service.close()

    @rule(key=keys, year=st.integers(2021, 2026), area=st.sampled_from(FOCUS_AREAS))
    def define_milestone(self, key: str, year: int, area: dict[str, str]) -> None:
        body = milestone_body(key, target_year=year, focus_area=area["key"])
        try:
            self.service.milestones.define("fhs", body, actor="anna")
        except DuplicateKeyError:
            assert key in self.defined
        except DomainError:
            assert not 2022 <= year <= 2025, "only a year outside the plan period is refused"
        else:
            assert key not in self.defined
            self.defined.add(key)

    @rule(source=keys, prerequisite=keys, kind=kinds)
    def add_dependency(self, source: str, prerequisite: str, kind: str) -> None:
        requires = nx.DiGraph(self.edges["requires"])
        try:
            self.service.dependencies.add("fhs", source, prerequisite, kind, actor="bo")
        except DependencyCycleError as error:
            assert kind == "requires" and requires.has_node(prerequisite)
            assert nx.has_path(requires, prerequisite, source)
            cycle = error.cycle  # source, then a recorded path from the prerequisite back to it
            assert cycle[0] == source and nx.is_path(requires, cycle[1:])
        except DependencyExistsError:
            assert (source, prerequisite) in self.edges[kind]
        except NotFoundError:
            assert not {source, prerequisite} <= self.defined
        except DomainError:
            assert source == prerequisite
        else:
            assert {source, prerequisite} <= self.defined and source != prerequisite
            assert (source, prerequisite) not in self.edges[kind]
            self.edges[kind].add((source, prerequisite))

    @rule(data=st.data())
    def reverse_a_chain_of_requires(self, data: st.DataObject) -> None:
        """The likeliest way to close a cycle: ask for the reverse of a recorded chain."""
        requires = nx.DiGraph(self.edges["requires"])
        chains = sorted((a, b) for a in requires for b in nx.descendants(requires, a))
        if not chains:
            return
        start, end = data.draw(st.sampled_from(chains))
        try:
            self.service.dependencies.add("fhs", end, start, "requires", actor="bo")
        except DependencyCycleError as error:
            assert error.cycle[0] == end and error.cycle[-1] == end
        else:
            raise AssertionError(f"{end} requires {start} closed a cycle and was recorded")

    @rule(data=st.data(), kind=kinds)
    def remove_dependency(self, data: st.DataObject, kind: str) -> None:
        candidates = sorted(self.edges[kind]) or [("M0", "M1")]
        source, target = data.draw(st.sampled_from(candidates))
        try:
            self.service.dependencies.remove("fhs", source, target, kind, actor="bo", reason="fel")
        except NotFoundError:
            assert (source, target) not in self.edges[kind]
        else:
            self.edges[kind].discard((source, target))

    @rule(key=keys, status=st.sampled_from(STATUSES),
          reported_for=st.dates(date(2021, 6, 1), date(2026, 12, 31)))
    def report_status(self, key: str, status: str, reported_for: date) -> None:
        try:
            self.service.milestones.report_status("fhs", key, status, "kommentar", reported_for, actor="cia")
        except NotFoundError:
            assert key not in self.defined
        except DomainError:  # outside the plan period, in the future, or dropped without a reason
            assert (reported_for.year not in range(2022, 2026) or reported_for > TODAY
                    or status == "dropped")

    @rule(key=keys, title=st.text(min_size=1, max_size=20).filter(str.strip),
          year=st.integers(2022, 2025), area=st.sampled_from(FOCUS_AREAS))
    def edit_and_move(self, key: str, title: str, year: int, area: dict[str, str]) -> None:
        changes = {"title": title, "target_year": year, "focus_area": area["key"]}
        try:
            self.service.milestones.edit("fhs", key, changes, actor="anna", reason="flyttad")
        except NotFoundError:
            assert key not in self.defined
        except InvalidValueError:  # a title is one line of text
            assert key in self.defined and TITLE.character_problem(title)

    @invariant()
    def requires_graph_is_acyclic_and_as_recorded(self) -> None:
        if not hasattr(self, "service"):
            return
        plan = self.service.store.catch_up().plans["fhs"]
        assert nx.is_directed_acyclic_graph(plan.requires_graph())
        assert plan.requires == self.edges["requires"] and plan.affects == self.edges["affects"]
        assert set(plan.milestones) == self.defined
        assert nx.is_directed_acyclic_graph(self.service.store.plan("fhs").requires_graph())

    @invariant()
    def read_model_equals_a_fresh_fold_of_the_log(self) -> None:
        if hasattr(self, "service"):
            assert comparable(self.service.store.catch_up(), self.service.store) == comparable(
                fresh_fold(self.service))


PlanUnderRandomCommands.TestCase.settings = settings(
    max_examples=60, stateful_step_count=50, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow])
test_random_commands_keep_the_invariants = PlanUnderRandomCommands.TestCase
