"""The goal tree's sheets and a round's outcomes and assessments, read back: each row (as
`workbook_reader` reads a table's rows) made a document's record, every bad cell named."""

import re
from typing import Any

from domain.goal_values import DEFAULT_GOAL_LEVELS
from domain.messages import N_, Message
from projections.renderers.goal_sheets import (
    ASSESSMENT_LABELS,
    DIRECTION_LABELS,
    FREQUENCY_LABELS,
    NOT_MEASURED,
)
from projections.renderers.workbook_cells import Located, cell_text
from projections.renderers.workbook_columns import LIST_SEPARATOR, YEAR_SEPARATOR

# A number as people type it: a decimal point or comma, spaces between thousands.
NUMBER = re.compile(r"-?[0-9]{1,40}(?:[.,][0-9]{1,40})?")
SPACES = re.compile(r"[\s\u00a0\u202f]")
YEAR = re.compile(r"[0-9]{1,4}")


def parse_number(text: str) -> int | float | None:
    """`1 234,5` → 1234.5, `12` → 12; None if the text is no number."""
    compact = SPACES.sub("", text).replace("\u2212", "-")
    if not NUMBER.fullmatch(compact):
        return None
    if "," in compact or "." in compact:
        return float(compact.replace(",", "."))
    return int(compact)


def level_keys(levels: list[dict[str, Any]]) -> dict[str, str]:
    """A goal level by its key or its name (any case) → its key."""
    known = levels or [{"key": level.key, "name": level.name} for level in DEFAULT_GOAL_LEVELS]
    return {text.lower(): level["key"] for level in known for text in (level["key"],
                                                                       level["name"])}


def goal_row(row: dict[str, Any], levels: dict[str, str]) -> dict[str, Any]:
    level = levels.get(row["level"].lower(), row["level"])
    return {**row, "level": level, "parent": row["parent"] or None}


def metric_row(row: dict[str, Any], path: str, found: Located) -> dict[str, Any]:
    thresholds = {name: row.pop(f"thresholds.{name}") for name in ("green_from", "yellow_from")}
    read = {name: _number(text, found.cells[f"{path}.thresholds.{name}"], header, found)
            for (name, text), header in zip(thresholds.items(), ("Grönt från", "Gult från"),
                                            strict=True) if text}
    defaults = {"green_from": 100, "yellow_from": 90}
    baseline = _year_values(row["baseline"], found.cells[f"{path}.baseline"], "Utgångsvärde",
                            found)
    return {
        **row,
        "direction": _code(row["direction"], DIRECTION_LABELS, "Riktning",
                           found.cells[f"{path}.direction"], found),
        "frequency": _code(row["frequency"] or FREQUENCY_LABELS["period"], FREQUENCY_LABELS,
                           "Mäts", found.cells[f"{path}.frequency"], found),
        "baseline": baseline[0] if baseline else None,
        "targets": _year_values(row["targets"], found.cells[f"{path}.targets"], "Målvärden",
                                found),
        "thresholds": {**defaults, **read} if read else None,
    }


def outcome_row(row: dict[str, Any], path: str, found: Located) -> dict[str, Any]:
    """An outcome: a number, or `ej mätt` for not measured this time (value None)."""
    cell, text = found.cells[f"{path}.value"], row["value"]
    value: int | float | None = None
    if not text:
        found.problem(cell, Message(N_(
            "a comment was given but no outcome; write the outcome, %(not_measured)r, or clear "
            "the comment"), not_measured=NOT_MEASURED[0]), "Utfall")
    elif text.lower() not in NOT_MEASURED:
        value = _number(text, cell, "Utfall", found, NOT_MEASURED[0])
    return {"metric": row["metric"], "value": value, "comment": row["comment"],
            "reported_for": row["reported_for"]}


def assessment_row(row: dict[str, Any], path: str, found: Located) -> dict[str, Any]:
    cell = found.cells[f"{path}.assessment"]
    if not row["assessment"]:
        found.problem(cell, Message(N_(
            "an analysis or measures were given but no assessment; choose an assessment or "
            "clear them")), "Bedömning")
        code = ""
    else:
        code = _code(row["assessment"], ASSESSMENT_LABELS, "Bedömning", cell, found)
    return {"goal": row["goal"], "assessment": code, "analysis": row["analysis"],
            "measures": row["measures"], "reported_for": row["reported_for"]}


def _code(text: str, labels: dict[str, str], header: str, cell: str, found: Located) -> str:
    """A choice by its Swedish label (as the template's list offers it) or its code."""
    wanted = text.strip().lower()
    for code, label in labels.items():
        if wanted in (code, label):
            return code
    found.problem(cell, Message(N_("%(value)r is not one of %(choices)s"), value=text,
                                choices=", ".join(labels.values())), header)
    return text


def _number(text: str, cell: str, header: str, found: Located,
            alternative: str = "") -> int | float | None:
    number = parse_number(text)
    if number is None and alternative:
        found.problem(cell, Message(N_(
            "%(value)r is not a number; write a number such as 12 or 12,5, or %(alternative)r"),
            value=text, alternative=alternative), header)
    elif number is None:
        found.problem(cell, Message(N_(
            "%(value)r is not a number; write a number such as 12 or 12,5"), value=text), header)
    return number


def _year_values(text: Any, cell: str, header: str, found: Located) -> list[dict[str, Any]]:
    """`2024: 85; 2025: 87,5` → [{year, value}, …]."""
    values = []
    for part in cell_text(text).split(LIST_SEPARATOR):
        if not part.strip():
            continue
        year, separator, number = part.partition(YEAR_SEPARATOR)
        value = parse_number(number)
        if not separator or not YEAR.fullmatch(year.strip()) or value is None:
            found.problem(cell, Message(N_(
                "%(value)r is not written year: value (2025: 87,5)"), value=part.strip()),
                header)
            continue
        values.append({"year": int(year), "value": value})
    return values
