"""Who is reminded of what: reporters with items left in open rounds due soon or overdue."""

from datetime import timedelta

from service.application import Strategikarta
from service.reminder_mail import reminder_message
from tests.builders import two_bodies_year
from tests.conftest import TODAY

NEAR_REPORTING_DATE = TODAY - timedelta(days=20)


def reminded(service: Strategikarta, days: int = 7) -> dict[str, list[tuple[str, list[str]]]]:
    return {reminder.reporter: [(due.round, [line.id for line in due.items])
                                for due in reminder.rounds]
            for reminder in service.reminders.due(days)}


def test_each_reporter_is_reminded_of_their_bodies_items_in_rounds_due_within_the_days(
        memory_service: Strategikarta) -> None:
    two_bodies_year(memory_service, TODAY)
    assert reminded(memory_service) == {
        "pn-rapportor": [("nara", ["milestone:B", "goal:G", "metric:M"])],
        "rs-rapportor": [("nara", ["milestone:A", "milestone:C"])]}
    reminders = {r.reporter: r for r in memory_service.reminders.due(7)}
    assert reminders["pn-rapportor"].email == ""
    assert reminders["rs-rapportor"].rounds[0].deadline == TODAY + timedelta(days=3)


def test_a_round_due_further_away_than_the_days_is_not_reminded_of_until_it_comes_near(
        memory_service: Strategikarta) -> None:
    two_bodies_year(memory_service, TODAY)
    assert reminded(memory_service, days=2) == {}
    assert [r for r, _ in reminded(memory_service, days=30)["rs-rapportor"]] == ["nara",
                                                                                 "senare"]


def test_reported_items_are_not_named_and_returned_ones_are_with_the_comment(
        memory_service: Strategikarta) -> None:
    two_bodies_year(memory_service, TODAY)
    milestones = memory_service.milestones
    for key in ("A", "C"):
        milestones.report_status("rs", key, "on_track", "", NEAR_REPORTING_DATE, actor="rs")
    assert "rs-rapportor" not in reminded(memory_service)
    memory_service.rounds.return_items("rs", "nara", ["milestone:C"], "Beskriv risken",
                                       actor="anna")
    reminder = {r.reporter: r for r in memory_service.reminders.due(7)}["rs-rapportor"]
    assert [line.id for line in reminder.rounds[0].items] == ["milestone:C"]
    text = reminder_message(reminder, "strategikarta@region.invalid", TODAY).get_content()
    assert "återsänd / returned: Beskriv risken" in text


def test_overdue_rounds_are_reminded_of_and_submitted_ones_are_not(
        memory_service: Strategikarta) -> None:
    two_bodies_year(memory_service, TODAY)
    memory_service.store.today = lambda: TODAY + timedelta(days=31)
    assert [r for r, _ in reminded(memory_service, days=0)["rs-rapportor"]] == ["nara",
                                                                                "senare"]
    memory_service.rounds.submit("rs", "nara", force=True, actor="anna", reason="Sent")
    assert [r for r, _ in reminded(memory_service, days=0)["rs-rapportor"]] == ["senare"]


def test_the_message_names_plan_round_items_and_deadline_in_swedish_then_english(
        memory_service: Strategikarta) -> None:
    two_bodies_year(memory_service, TODAY)
    reminder = {r.reporter: r for r in memory_service.reminders.due(7)}["rs-rapportor"]
    message = reminder_message(reminder, "strategikarta@region.invalid", TODAY)
    deadline = TODAY + timedelta(days=3)
    assert message["To"] == "rs-rapportor@region-exempel.invalid"
    assert message["Subject"] == (f"Påminnelse: 2 poster att rapportera senast {deadline} / "
                                  f"Reminder: 2 items to report by {deadline}")
    text = message.get_content()
    assert "Verksamhetsplan (rs): Tertialrapport 1 (nara)" in text
    assert f"Sista dag: {deadline}, om 3 dagar\nDeadline: {deadline}, in 3 days" in text
    assert "  - milstolpe / milestone A: Milstolpe A" in text
    assert "B:" not in text and "Nöjda" not in text
    assert "Rapportera här" not in text  # no link without the server's address


def test_the_message_links_each_round_when_the_servers_address_is_known(
        memory_service: Strategikarta) -> None:
    two_bodies_year(memory_service, TODAY)
    reminder = {r.reporter: r for r in memory_service.reminders.due(7)}["rs-rapportor"]
    text = reminder_message(reminder, "strategikarta@region.invalid", TODAY,
                            "https://karta.region.invalid").get_content()
    assert ("Rapportera här / Report here: https://karta.region.invalid/plans/rs/rounds/nara/mine"
            in text)
