"""One source per fact: fields, limits and status words are written once and derived elsewhere."""

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import pytest
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema, ValidationError
from wtforms.validators import Length

from domain.errors import InvalidValueError
from domain.fields import (
    ASSESSMENT,
    CHANGEABLE_MILESTONE_FIELDS,
    DEPENDENCY,
    DOCUMENT_MILESTONE,
    EDITABLE_MILESTONE_FIELDS,
    EFFECT,
    FOCUS_AREA,
    GOAL,
    GOAL_LEVEL,
    MAX_REPORTING_PERIODS,
    METRIC,
    MILESTONE,
    PLACEMENT_FIELDS,
    PLAN,
    PLAN_DOCUMENT,
    REASON,
    REPORTING_PERIOD,
    REVISION,
    STATUS_REPORT,
    THRESHOLDS,
    USER,
    Choice,
    Day,
    Integer,
    Key,
    ListOf,
    Record,
    Spec,
    Text,
    check,
    max_length,
    problems,
)
from domain.goal_values import Direction, Frequency
from domain.milestone import EDITABLE_FIELDS, Milestone
from domain.plan import Plan
from domain.reporting_period import ReportingPeriod, check_reporting_periods
from domain.status_words import LANGUAGES, NOT_REPORTED, STATUS_ICONS, STATUS_WORDS
from domain.values import KEY_PATTERN, KEY_REGEX, FocusArea, MilestoneKind, Revision, Status, check_key
from projections.follow_up import REPORT_STATUSES
from projections.plan_diff import COMPARED_FIELDS
from projections.renderers import goal_sheets
from projections.renderers import plan_workbook as workbook
from projections.renderers.map_style import STATUS_STYLES, WORDS
from projections.renderers.trend_chart import status_word
from projections.renderers.xlsx_style import STATUS_LABELS
from web.api.document_schemas import DocumentMilestoneSchema, PlanDocumentSchema
from web.api.follow_up_schemas import ReportingPeriodsSchema, StatusReportRowSchema
from web.api.schemas import (
    DependencyInSchema,
    EffectInSchema,
    FocusAreaSchema,
    MilestoneInSchema,
    MilestonePatchSchema,
    PlanInSchema,
    ReportingPeriodSchema,
    StatusReportInSchema,
)
from web.api.time_schemas import RevisionInSchema
from web.pages import extensions, forms

# Every input schema of the API, and the spec of the fields it takes (besides a `reason`).
INPUTS: list[tuple[type[Schema], Mapping[str, Spec]]] = [
    (FocusAreaSchema, FOCUS_AREA), (ReportingPeriodSchema, REPORTING_PERIOD), (PlanInSchema, PLAN),
    (EffectInSchema, EFFECT), (MilestoneInSchema, MILESTONE),
    (MilestonePatchSchema, {name: MILESTONE[name] for name in CHANGEABLE_MILESTONE_FIELDS}),
    (DocumentMilestoneSchema, DOCUMENT_MILESTONE), (StatusReportInSchema, STATUS_REPORT),
    (RevisionInSchema, REVISION), (DependencyInSchema, DEPENDENCY)]
LIMITS = ("pattern", "minLength", "maxLength", "minimum", "maximum", "enum", "maxItems", "format")


def stated(spec: Spec) -> dict[str, Any]:
    """The limits OpenAPI must state for a field with this spec."""
    if isinstance(spec, Key):
        return {"pattern": KEY_REGEX}
    if isinstance(spec, Text):
        return {"maxLength": spec.max_length, **({"minLength": 1} if spec.required else {})}
    if isinstance(spec, Integer):
        return {"minimum": spec.minimum, "maximum": spec.maximum}
    if isinstance(spec, Choice):
        return {"enum": spec.values}
    if isinstance(spec, Day):
        return {"format": "date"}
    assert isinstance(spec, ListOf)
    return {"maxItems": spec.max_items} if spec.max_items else {}


def openapi(schema: type[Schema]) -> dict[str, Any]:
    plugin = MarshmallowPlugin()
    APISpec("one source", "1", "3.0.3", plugins=[plugin])
    document: dict[str, Any] = plugin.converter.schema2jsonschema(schema)  # type: ignore[union-attr]
    return document


def limits_of(field: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in field.items() if name in LIMITS}


@pytest.mark.parametrize("schema, spec", INPUTS, ids=[s.__name__ for s, _ in INPUTS])
def test_every_input_schema_takes_the_specs_fields_and_states_its_limits(
        schema: type[Schema], spec: Mapping[str, Spec]) -> None:
    document = openapi(schema)
    assert set(document["properties"]) - {"reason"} == set(spec)
    for name, field_spec in spec.items():
        assert limits_of(document["properties"][name]) == stated(field_spec), name
        if isinstance(field_spec, ListOf) and not isinstance(field_spec.item, Record):
            assert limits_of(document["properties"][name]["items"]) == stated(field_spec.item)
    if schema is not MilestonePatchSchema:  # a patch changes any of the fields, none required
        assert set(document.get("required", [])) == {n for n, s in spec.items() if s.required}
    if "reason" in document["properties"]:
        assert limits_of(document["properties"]["reason"]) == stated(REASON)


def test_a_plan_document_takes_the_plans_fields_with_their_limits() -> None:
    document = openapi(PlanDocumentSchema)
    assert set(document["properties"]) - {"reason"} == set(PLAN_DOCUMENT)
    for name, spec in PLAN.items():
        assert limits_of(document["properties"][name]) == stated(spec), name


def test_follow_up_rows_and_reporting_periods_take_the_specs_limits() -> None:
    row = openapi(StatusReportRowSchema)["properties"]
    for name in ("status", "comment", "reported_for"):
        assert limits_of(row[name]) == stated(STATUS_REPORT[name])
    items = openapi(ReportingPeriodsSchema)["properties"]["items"]
    assert (items["minItems"], items["maxItems"]) == (1, MAX_REPORTING_PERIODS)


def key_fields() -> list[tuple[type[Schema], str]]:
    return [(schema, name) for schema, spec in INPUTS for name, field_spec in spec.items()
            if isinstance(field_spec, Key)
            or isinstance(field_spec, ListOf) and isinstance(field_spec.item, Key)]


@pytest.mark.parametrize("schema, name", key_fields(),
                         ids=[f"{s.__name__}.{n}" for s, n in key_fields()])
def test_every_key_field_of_the_api_refuses_a_trailing_newline(schema: type[Schema],
                                                               name: str) -> None:
    field = {f.data_key or n: f for n, f in schema().load_fields.items()}[name]
    good = ["A"] if name in ("requires", "affects", "goals") else "A"
    bad = ["A\n"] if name in ("requires", "affects", "goals") else "A\n"
    assert field.deserialize(good) == good
    with pytest.raises(ValidationError):
        field.deserialize(bad)


def test_the_domain_refuses_a_key_with_a_trailing_newline_everywhere() -> None:
    assert KEY_PATTERN.match("A\n") is None and KEY_PATTERN.match("A")
    with pytest.raises(InvalidValueError):
        check_key("A\n")
    with pytest.raises(InvalidValueError) as refused:
        check(MILESTONE, "key", "A\n")
    assert refused.value.field == "key"
    with pytest.raises(InvalidValueError):
        a_plan(key="p\n")
    assert "milestones.0.key" in problems(PLAN_DOCUMENT, {
        **{"key": "p", "title": "t", "owner": "o", "start_year": 2022, "end_year": 2025},
        "milestones": [{"key": "A\n", "title": "t", "focus_area": "f", "target_year": 2023,
                        "kind": "pilot"}]})


def a_plan(**overrides: Any) -> Plan:
    fields: dict[str, Any] = {"key": "p", "title": "Plan", "owner": "HSN", "start_year": 2022,
                              "end_year": 2025, "focus_areas": [FocusArea("f", "Område", "")]}
    return Plan.create(**{**fields, **overrides}, actor="anna")


def a_milestone(**overrides: Any) -> Milestone:
    fields: dict[str, Any] = {"key": "A", "title": "Titel", "description": "", "focus_area": "f",
                              "target_year": 2023, "kind": MilestoneKind.PILOT,
                              "responsible": ["HSN"], "effects": []}
    return Milestone.define(a_plan(), **{**fields, **overrides}, actor="anna")


def a_revision(**overrides: Any) -> None:
    fields: dict[str, Any] = {"year": 2023, "adopted_on": date(2023, 2, 1), "decided_by": "HSN",
                              "paragraph": "§ 12", "case_number": "RS/1/2023", "summary": ""}
    a_plan().adopt_revision(Revision(**{**fields, **overrides}), None,  # type: ignore[arg-type]
                            date(2024, 1, 1), actor="anna")


def a_period(name: str) -> None:
    check_reporting_periods([ReportingPeriod("T1", name, 4, 30)])


def a_report(comment: str) -> None:
    a_milestone().report_status(range(2022, 2026), Status.ON_TRACK, comment, date(2023, 4, 30),
                                date(2024, 1, 1), actor="anna")


TEXTS: list[tuple[str, Spec, Callable[[str], Any]]] = [
    ("title", PLAN["title"], lambda text: a_plan(title=text)),
    ("owner", PLAN["owner"], lambda text: a_plan(owner=text)),
    ("focus_areas.0.name", FOCUS_AREA["name"],
     lambda text: a_plan(focus_areas=[FocusArea("f", text, "")])),
    ("title", MILESTONE["title"], lambda text: a_milestone(title=text)),
    ("description", MILESTONE["description"], lambda text: a_milestone(description=text)),
    ("responsible.0", MILESTONE["responsible"], lambda text: a_milestone(responsible=[text])),
    ("decided_by", REVISION["decided_by"], lambda text: a_revision(decided_by=text)),
    ("case_number", REVISION["case_number"], lambda text: a_revision(case_number=text)),
    ("reporting_periods.0.name", REPORTING_PERIOD["name"], a_period),
    ("comment", STATUS_REPORT["comment"], a_report),
]


@pytest.mark.parametrize("field, spec, make", TEXTS, ids=[f for f, _, _ in TEXTS])
def test_the_domain_takes_a_text_as_long_as_the_spec_allows_and_no_longer(
        field: str, spec: Spec, make: Callable[[str], Any]) -> None:
    make("x" * max_length(spec))
    with pytest.raises(InvalidValueError) as refused:
        make("x" * (max_length(spec) + 1))
    assert refused.value.field == field
    assert refused.value.message == f"must be at most {max_length(spec)} characters"


def test_the_milestones_field_lists_derive_from_the_spec() -> None:
    assert EDITABLE_FIELDS == EDITABLE_MILESTONE_FIELDS
    assert set(EDITABLE_MILESTONE_FIELDS) | set(PLACEMENT_FIELDS) == set(CHANGEABLE_MILESTONE_FIELDS)
    assert set(CHANGEABLE_MILESTONE_FIELDS) == set(MILESTONE) - {"key"}
    assert COMPARED_FIELDS == CHANGEABLE_MILESTONE_FIELDS


def columns(spec: Mapping[str, Spec], *cols: workbook.Column) -> set[str]:
    """The fields the columns name, checked against the spec (`effects.residents` included)."""
    named = set()
    for column in cols:
        name, _, part = column.field.partition(".")
        assert name in spec, column
        if part:
            item = spec[name]
            assert isinstance(item, ListOf) and isinstance(item.item, Record), column
            assert part in item.item.fields["for"].values  # type: ignore[attr-defined]
        named.add(name)
    return named


def test_the_workbooks_columns_name_the_specs_fields() -> None:
    assert columns(DOCUMENT_MILESTONE, *workbook.MILESTONE_COLUMNS) == set(DOCUMENT_MILESTONE)
    assert columns(PLAN, *workbook.PLAN_FIELDS) == set(PLAN) - {"focus_areas"}
    assert columns(FOCUS_AREA, *workbook.AREA_COLUMNS) == set(FOCUS_AREA)
    assert columns(REPORTING_PERIOD, *workbook.PERIOD_COLUMNS) == set(REPORTING_PERIOD)
    assert {"status", "comment", "reported_for"} <= {c.field for c in workbook.STATUS_COLUMNS}
    assert set(workbook.KIND_LABELS) == set(Choice(enum=MilestoneKind).values)


def test_the_goal_sheets_columns_name_the_specs_fields() -> None:
    def named(cols: tuple[workbook.Column, ...]) -> set[str]:
        return {column.field.partition(".")[0] for column in cols}

    assert named(goal_sheets.LEVEL_COLUMNS) == set(GOAL_LEVEL)
    assert named(goal_sheets.GOAL_COLUMNS) == set(GOAL)
    assert named(goal_sheets.METRIC_COLUMNS) == set(METRIC)
    thresholds = {c.field.partition(".")[2] for c in goal_sheets.METRIC_COLUMNS
                  if c.field.startswith("thresholds.")}
    assert thresholds == set(THRESHOLDS)
    assert set(goal_sheets.DIRECTION_LABELS) == set(Choice(enum=Direction).values)
    assert set(goal_sheets.FREQUENCY_LABELS) == set(Choice(enum=Frequency).values)
    assert set(goal_sheets.ASSESSMENT_LABELS) == set(ASSESSMENT["assessment"].values)  # type: ignore[attr-defined]
    assert {"value", "comment", "reported_for"} <= named(goal_sheets.OUTCOME_COLUMNS)
    assert set(ASSESSMENT) <= named(goal_sheets.ASSESSMENT_COLUMNS)


FORM_FIELDS: list[tuple[Any, Spec]] = [
    (forms.StatusForm.comment, STATUS_REPORT["comment"]), (forms.StatusForm.reason, REASON),
    (forms.EditForm.title, MILESTONE["title"]), (forms.EditForm.description, MILESTONE["description"]),
    (forms.EditForm.reason, REASON), (forms.DependencyForm.reason, REASON),
    (forms.RevisionForm.decided_by, REVISION["decided_by"]),
    (forms.RevisionForm.paragraph, REVISION["paragraph"]),
    (forms.RevisionForm.case_number, REVISION["case_number"]),
    (forms.RevisionForm.summary, REVISION["summary"]),
    (forms.LoginForm.name, USER["name"]), (forms.LoginForm.password, USER["password"]),
    (forms.UserForm.name, USER["name"]), (forms.UserForm.password, USER["password"]),
    (forms.PasswordForm.password, USER["password"]), (forms.PeriodRow.key, REPORTING_PERIOD["key"]),
    (forms.PeriodRow.name, REPORTING_PERIOD["name"]), (forms.ReportingPeriodsForm.reason, REASON),
]


@pytest.mark.parametrize("field, spec", FORM_FIELDS)
def test_every_forms_length_limit_is_the_specs(field: Any, spec: Spec) -> None:
    limits = [v.max for v in field.kwargs["validators"] if isinstance(v, Length)]
    assert limits == [max_length(spec)]


def test_every_status_and_not_reported_has_an_icon_and_words_in_every_language() -> None:
    assert tuple(STATUS_WORDS) == REPORT_STATUSES
    assert set(STATUS_WORDS) == {s.value for s in Status} | {NOT_REPORTED}
    assert len(set(STATUS_ICONS.values())) == len(STATUS_WORDS)
    assert set(extensions.LANGUAGES) == set(LANGUAGES)
    for entry in STATUS_WORDS.values():
        for lang in LANGUAGES:
            words = entry.in_language(lang)
            assert words.name and words.long and words.short


def test_the_swedish_names_are_the_glossarys() -> None:
    assert {code: entry.sv.name for code, entry in STATUS_WORDS.items()} == {
        "planned": "planerad", "on_track": "enligt plan", "achieved": "uppnådd",
        "at_risk": "inte helt tillfredsställande", "off_track": "otillfredsställande",
        "dropped": "utgår", "not_reported": "ej rapporterad"}


def test_the_map_chart_and_workbooks_take_their_status_words_from_the_table() -> None:
    for status in Status:
        assert STATUS_STYLES[status].icon == STATUS_WORDS[status.value].icon
        for lang in LANGUAGES:
            assert WORDS[lang][status] == STATUS_WORDS[status.value].in_language(lang).short
    for code, entry in STATUS_WORDS.items():
        assert STATUS_LABELS[code] == entry.sv.name
        assert [status_word(code, lang) for lang in LANGUAGES] == [entry.sv.short, entry.en.short]


def test_outside_a_request_the_forms_status_choices_are_the_tables_swedish_labels() -> None:
    assert forms.status_choices() == [(s.value, STATUS_WORDS[s.value].sv.long) for s in Status]
