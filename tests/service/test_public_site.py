"""What the public site reads, on every store: published plans only, the plan as its latest
revision adopted it (a proposal adopted with it included), reports as decided."""

from service.application import Strategikarta
from tests.builders import make_plan
from tests.public_year import adopted_with_a_proposal, decided_and_adopted, drafts_after_it


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
    adopted_with_a_proposal(service)
    record = service.public_site.published("fhs")
    assert record is not None
    public = service.public_site.plan(record)
    (revision,) = public.revisions
    assert revision.seal_position < revision.position < revision.adopted_position
    assert public.adopted is not None
    assert {m.key: m.target_year for m in public.adopted.milestones} == {"A": 2025, "B": 2023}


def test_a_decided_report_is_read_as_decided(service: Strategikarta) -> None:
    decided_and_adopted(service)
    drafts_after_it(service)  # NV-01 corrected after the decision, NV-02 reported as a draft
    record = service.public_site.published("fhs")
    assert record is not None
    (report,) = service.public_site.plan(record).reports
    lines = [line for part in report.parts for _area, area_lines in part.areas
             for line in area_lines]
    assert [(line.key, line.status, line.comment) for line in lines] == [
        ("NV-01", "at_risk", "Beslutad kommentar"), ("NV-02", "not_reported", "")]
    assert report.decision.case_number == "RS/12/2026"
    assert report.seal_position < report.position
