"""A column of a workbook's table: the field it holds and its header; and how numbers and
lists are written in a cell, for the writers and the reader to agree on."""

from dataclasses import dataclass
from typing import Any

LIST_SEPARATOR = ";"
YEAR_SEPARATOR = ":"


@dataclass(frozen=True)
class Column:
    """`optional`: a column added later, which a workbook written before it may lack (at the
    end of its table)."""

    field: str
    header: str
    width: int = 16
    optional: bool = False


def number_text(value: float | int) -> str:
    """A number as a Swedish reader writes it: no `.0` on a whole number, a decimal comma."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def year_values_text(items: list[dict[str, Any]]) -> str:
    """Values per year in one cell: `2024: 85; 2025: 87,5`."""
    return f"{LIST_SEPARATOR} ".join(
        f"{item['year']}{YEAR_SEPARATOR} {number_text(item['value'])}" for item in items)
