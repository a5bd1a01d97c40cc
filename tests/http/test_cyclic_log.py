"""A log that already holds a `requires` cycle (recorded before the plan could refuse it) is
analysed and drawn: the cycle is reported among the conflicts, never as a 500."""

from flask.testing import FlaskClient

from domain.values import DependencyKind
from service.application import Strategikarta
from tests.builders import make_plan
from tests.conftest import Auth

API = "/api/v1/plans/fhs"


def test_a_requires_cycle_in_the_log_shows_as_conflicts_and_the_map_still_draws(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A", "B", "C"))
    memory_service.dependencies.add("fhs", "A", "B", "requires", actor="anna")
    memory_service.dependencies.add("fhs", "C", "A", "requires", actor="anna")
    plan = memory_service.store.plan("fhs")
    plan._add_dependency("B", "A", DependencyKind.REQUIRES, "legacy", "")  # the check bypassed
    memory_service.store.save(plan)

    analysis = client.get(f"{API}/analysis", headers=auth.headers())
    assert analysis.status_code == 200
    assert [(c["milestone"], c["requires"]) for c in analysis.json["conflicts"]] == [
        ("A", "B"), ("B", "A")]
    assert analysis.json["order"] == [["A", "B"], ["C"]]
    for fmt in ("svg", "json"):
        drawn = client.get(f"{API}/map", headers=auth.headers(), query_string={
            "format": fmt, "highlight": "conflicts,blocked,critical_path"})
        assert drawn.status_code == 200, drawn.get_data(as_text=True)
