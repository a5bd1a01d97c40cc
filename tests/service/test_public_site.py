"""What the public site reads, on every store: published plans only, the plan as its latest
revision adopted it (a proposal adopted with it included), reports as decided."""

from datetime import date

from service.application import Strategikarta
from tests.builders import follow_up_year, make_plan, milestone_body


def test_only_a_published_plan_is_read_and_publishing_twice_records_once(
        service: Strategikarta) -> None:
    make_plan(service, milestones=("A",))
    assert service.public_site.published("fhs") is None
    assert service.public_site.published("okand") is None
    first = service.publication.set("fhs", True, actor="admin")
    assert service.publication.set("fhs", True, actor="admin") == first
    assert first.published and first.position == service.store.catch_up().position
    assert [listed.key for listed in service.public_site.listing()] == ["fhs"]
    service.publication.set("fhs", False, actor="admin")
    assert service.public_site.published("fhs") is None and service.public_site.listing() == []


def test_the_plan_as_adopted_holds_the_adopted_proposal_and_nothing_later(
        service: Strategikarta) -> None:
    make_plan(service, milestones=("A", "B"))
    service.proposals.make("fhs", "rev", "Revidering 2025", "", actor="anna")
    service.proposals.add_change("fhs", "rev", "move", "A", {"target_year": 2025},
                                 actor="anna", reason="Senare")
    service.proposals.adopt("fhs", "rev", 2025, date(2026, 3, 1), "RF", "§ 1", "X", "S",
                            actor="anna")
    service.milestones.define("fhs", milestone_body("C"), actor="anna")
    service.milestones.edit("fhs", "B", {"target_year": 2024}, actor="anna", reason="Utkast")
    service.publication.set("fhs", True, actor="admin")
    record = service.public_site.published("fhs")
    assert record is not None
    public = service.public_site.plan(record)
    (revision,) = public.revisions
    assert revision.seal_position < revision.position < revision.adopted_position
    assert public.adopted is not None
    assert {m.key: m.target_year for m in public.adopted.milestones} == {"A": 2025, "B": 2023}


def test_a_decided_report_is_read_as_decided(service: Strategikarta) -> None:
    make_plan(service, milestones=("A",))
    follow_up_year(service, "fhs")
    service.milestones.report_status("fhs", "A", "at_risk", "Som beslutat", date(2025, 12, 31),
                                     actor="anna")
    service.rounds.open("fhs", "bokslut-2025", actor="anna")
    service.rounds.submit("fhs", "bokslut-2025", True, actor="anna", reason="Klar")
    service.rounds.decide("fhs", "bokslut-2025", "RS", date(2026, 2, 10), "§ 7", "RS/12/2026",
                          "Godkänns", actor="anna")
    service.milestones.report_status("fhs", "A", "off_track", "Rättad", date(2025, 12, 31),
                                     actor="anna")
    service.publication.set("fhs", True, actor="admin")
    record = service.public_site.published("fhs")
    assert record is not None
    (report,) = service.public_site.plan(record).reports
    lines = [line for part in report.parts for _area, area_lines in part.areas
             for line in area_lines]
    assert [(line.key, line.status, line.comment) for line in lines] == [
        ("A", "at_risk", "Som beslutat")]
    assert report.decision.case_number == "RS/12/2026"
    assert report.seal_position < report.position
