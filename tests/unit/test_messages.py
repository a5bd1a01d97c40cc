"""A message keeps its English template and parameters, and reads as the English it always was."""

import copy
import pickle
from datetime import UTC, date, datetime

from domain.errors import (
    N_,
    DependencyCycleError,
    InvalidDocumentError,
    InvalidValueError,
    Joined,
    Message,
    StaleVersionError,
)
from domain.fields import PLAN, problems
from domain.messages import Count, placeholders
from projections.audit_summary import LABELS
from projections.records import AuditEntry


def test_a_message_is_its_english_text_and_keeps_template_and_parameters() -> None:
    message = Message(N_("%(year)s is outside the plan period %(start)s–%(end)s"), year=2030,
                      start=2022, end=2025)
    assert message == "2030 is outside the plan period 2022–2025"
    assert message.template == "%(year)s is outside the plan period %(start)s–%(end)s"
    assert dict(message.params) == {"year": 2030, "start": 2022, "end": 2025}


def test_a_message_without_parameters_is_its_template_even_with_a_percent_sign() -> None:
    assert Message("90 % = gult") == "90 % = gult"


def test_copies_and_pickles_keep_the_template() -> None:
    message = Message(N_("%(where)s: %(what)s"), where="key",
                      what=Joined([Message(N_("is required")), "and more"], " "))
    for again in (copy.deepcopy(message), pickle.loads(pickle.dumps(message))):
        assert again == message and again.template == message.template
        assert isinstance(again.params["what"], Joined)
        assert again.params["what"].parts == ("is required", "and more")


def test_a_domain_error_carries_template_parameters_and_the_english_message() -> None:
    error = InvalidValueError(N_("%(value)r is not a whole number"), "start_year", value="x")
    assert (error.message, error.field, str(error)) == (
        "'x' is not a whole number", "start_year", "'x' is not a whole number")
    assert (error.template, dict(error.params)) == ("%(value)r is not a whole number",
                                                    {"value": "x"})
    kept = InvalidValueError(error.message, "other")
    assert kept.template == error.template  # a message passed on keeps its template


def test_the_errors_with_their_own_words_say_them_as_before() -> None:
    assert DependencyCycleError(["A", "B", "A"]).message == (
        "a milestone cannot (indirectly) require itself: A → B → A")
    assert StaleVersionError(3, 4, "plan").message.startswith(
        "the plan was changed meanwhile: you edited version 3, the current version is 4")
    many = InvalidDocumentError({f"milestones.{n}.key": ["is required"] for n in range(12)})
    assert many.message.endswith("milestones.9.key: is required; and 2 more")
    assert many.message.startswith("12 problems, nothing was stored: milestones.0.key:")


def test_field_problems_are_messages_with_the_same_english() -> None:
    found = problems(PLAN, {"key": "inte ok", "title": "x" * 301, "start_year": "2024"})
    assert found["title"] == ["must be at most 300 characters"]
    assert found["owner"] == ["is required"]
    assert all(isinstance(text, Message) for texts in found.values() for text in texts)
    assert found["key"][0].params["rule"].template.startswith("use 1–%(max)s letters")


def test_a_count_reads_in_groups_of_three_digits() -> None:
    assert Message(N_("at most %(most)s rows"), most=Count(10_000)) == "at most 10,000 rows"


def test_the_audit_trail_names_fields_by_shared_labels() -> None:
    assert LABELS["target_year"] == "target year" and LABELS["title"] == "title"


def test_an_audit_entry_keeps_its_parameters_in_the_order_its_template_names_them() -> None:
    template = N_("Revision %(year)s adopted on %(date)s by %(body)s %(paragraph)s (%(case)s); "
                  "sealed at position %(position)s")
    assert placeholders(template) == ("year", "date", "body", "paragraph", "case", "position")
    assert placeholders("%(a)s–%(b)s, %(a)s") == ("a", "b")
    entry = AuditEntry(7, datetime(2024, 6, 17, tzinfo=UTC), "anna", "RevisionAdopted", None,
                       template, (2024, date(2024, 6, 17), "HSN", "§ 60", "2024-POL4", 7), "")
    assert entry.summary == ("Revision 2024 adopted on 2024-06-17 by HSN § 60 (2024-POL4); "
                             "sealed at position 7")
    assert entry.params["case"] == "2024-POL4"
