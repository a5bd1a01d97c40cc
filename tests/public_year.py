"""The public site's seeded year: a plan decided on and adopted, then published, and the drafts
written after it that the public site must never show."""

from datetime import date

from service.application import Strategikarta
from tests.builders import DEMO_ANNUAL_ENTRY, add_goals, follow_up_year, make_plan, milestone_body

# What drafts_after_it records: after the revision and the decision, or never decided.
NEVER_SHOWN = ("UTKAST-1", "Utkast efter revideringen", "Ändrad efter revideringen",
               "Utkastkommentar", "Hemligt förslag", "forslag-x", "Ej beslutad omgång",
               "ej-beslutad", "Nytt område efter revidering", "Rättad efter beslutet")


def decided_and_adopted(service: Strategikarta) -> None:
    """Plan fhs: NV-01 (at risk, decided in round bokslut-2025 by RS) and NV-02, goals and a
    metric, the 2025 revision adopted after the decision; then published."""
    actor = "anna-aktor"
    make_plan(service, milestones=("NV-01", "NV-02"), actor=actor)
    add_goals(service, "fhs", "NV-01", actor=actor)
    follow_up_year(service, "fhs", actor=actor)
    service.milestones.report_status("fhs", "NV-01", "at_risk", "Beslutad kommentar",
                                     date(2025, 12, 31), actor="rita-rapportor")
    service.rounds.open("fhs", "bokslut-2025", actor=actor)
    service.rounds.submit("fhs", "bokslut-2025", True, actor=actor, reason="Klar")
    service.rounds.decide("fhs", "bokslut-2025", "RS", date(2026, 2, 10), "§ 7", "RS/12/2026",
                          "Årsbokslutet godkänns", actor=actor)
    service.revisions.adopt("fhs", 2025, date(2026, 3, 1), "Regionfullmäktige", "§ 12",
                            "RS 2026/1", "Reviderad plan 2025", actor="rolf-revisor")
    service.publication.set("fhs", True, actor="admin-user")


def drafts_after_it(service: Strategikarta) -> None:
    """What the public site must never show: changes after the revision and the decision, a
    proposal, and a round not decided."""
    actor = "anna-aktor"
    service.milestones.define("fhs", milestone_body("UTKAST-1", title="Utkast efter revideringen"),
                              actor=actor)
    service.milestones.edit("fhs", "NV-02", {"title": "Ändrad efter revideringen"}, actor=actor)
    service.milestones.report_status("fhs", "NV-01", "off_track", "Rättad efter beslutet",
                                     date(2025, 12, 31), actor=actor)
    service.milestones.report_status("fhs", "NV-02", "at_risk", "Utkastkommentar",
                                     date(2025, 8, 31), actor=actor)
    service.plans.add_focus_area("fhs", "nytt", "Nytt område efter revidering", "", actor=actor)
    service.proposals.make("fhs", "forslag-x", "Hemligt förslag", "", actor=actor)
    service.follow_up_plans.set("fhs", [DEMO_ANNUAL_ENTRY, {
        **DEMO_ANNUAL_ENTRY, "key": "ej-beslutad", "title": "Ej beslutad omgång",
        "reporting_date": date(2025, 8, 31), "deadline": date(2025, 9, 20),
        "meeting": {"body": "RS", "date": date(2025, 10, 1)}}], actor=actor)
    service.rounds.open("fhs", "ej-beslutad", actor=actor)


def adopted_with_a_proposal(service: Strategikarta) -> None:
    """Plan fhs (A and B in 2023): proposal rev moving A to 2025 adopted with the 2025
    revision; then, as drafts, C defined and B moved to 2024; published."""
    make_plan(service, milestones=("A", "B"))
    service.proposals.make("fhs", "rev", "Revidering 2025", "", actor="anna")
    service.proposals.add_change("fhs", "rev", "move", "A", {"target_year": 2025},
                                 actor="anna", reason="Senare")
    service.proposals.adopt("fhs", "rev", 2025, date(2026, 3, 1), "RF", "§ 1", "X", "S",
                            actor="anna")
    service.milestones.define("fhs", milestone_body("C"), actor="anna")
    service.milestones.edit("fhs", "B", {"target_year": 2024}, actor="anna", reason="Utkast")
    service.publication.set("fhs", True, actor="admin")
