"""What keeps large plans cheap stays correct: the dependency web is kept from one plan record
to the next only while the edges and milestones are the same, and snapshots are taken once
per save."""

from datetime import date

from domain.plan import plan_id
from service.application import Strategikarta
from tests.builders import make_plan, milestone_body, plan_body
from tests.conftest import open_store

APRIL = date(2024, 4, 30)


def test_a_status_report_keeps_the_dependency_web_and_a_new_link_redraws_it(
        memory_service: Strategikarta) -> None:
    service = memory_service
    make_plan(service, milestones=("A", "B", "C"))
    service.dependencies.add("fhs", "B", "A", "requires", actor="anna")
    web = service.store.plan_record("fhs").dependency_web
    assert web.upstream("B") == ("A",)
    service.milestones.report_status("fhs", "A", "at_risk", "", APRIL, actor="anna")
    assert service.store.plan_record("fhs").dependency_web is web
    service.dependencies.add("fhs", "C", "B", "requires", actor="anna")
    assert service.milestones.get("fhs", "C").upstream == ("A", "B")
    assert service.milestones.get("fhs", "A").downstream == ("B", "C")
    service.milestones.define("fhs", milestone_body("D"), actor="anna")
    service.dependencies.add("fhs", "D", "C", "affects", actor="anna")
    d, c = service.milestones.get("fhs", "D"), service.milestones.get("fhs", "C")
    assert (d.upstream, d.affects, c.affected_by) == ((), ("C",), ("D",))
    assert service.store.plan_record("fhs").dependency_web is not web


def snapshot_versions(service: Strategikarta, key: str) -> list[int]:
    assert service.store.snapshots is not None
    return [s.originator_version for s in service.store.snapshots.get(plan_id(key))]


def test_a_plan_imported_in_one_save_is_snapshotted_once_and_loads_as_recorded(
        sqlite_url: str) -> None:
    service = open_store(sqlite_url)
    rows = [{**milestone_body(f"M{i}"), "requires": [f"M{j}" for j in range(max(0, i - 3), i)]}
            for i in range(30)]
    service.documents.import_plan({**plan_body("imp"), "milestones": rows}, actor="anna")
    recorded = service.store.plan("imp")
    assert recorded.version == 1 + 84 and snapshot_versions(service, "imp") == [85]
    service.close()
    reopened = open_store(sqlite_url)
    assert reopened.store.plan("imp").requires == recorded.requires
    assert reopened.milestones.get("imp", "M29").upstream == tuple(
        sorted(f"M{i}" for i in range(29)))
    reopened.close()


def test_a_plan_changed_one_dependency_at_a_time_is_snapshotted_every_25_events(
        memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=tuple(f"M{i}" for i in range(31)))
    for i in range(1, 31):
        memory_service.dependencies.add("fhs", f"M{i}", f"M{i - 1}", "requires", actor="anna")
    assert snapshot_versions(memory_service, "fhs") == [25]
