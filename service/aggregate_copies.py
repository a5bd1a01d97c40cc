"""A copy of a cached aggregate for a command to change, sharing what nobody can change.

`copy.deepcopy` rebuilds every UUID, date and time through the pickle protocol and walks every
status report of a milestone, though none of them can be changed: a deep copy of a milestone
with 30 reports took 80–150 µs, most of a cached status report's own work. Here such values
are shared, lists and tuples of them are copied one level, and anything else is deep-copied as
before (one memo for the whole aggregate, as `deepcopy` keeps it), so the copy is as
independent of the cached aggregate as a deep one.
"""

from copy import copy, deepcopy
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

from domain.values import Immutable

T = TypeVar("T")
UNCHANGEABLE = (str, bytes, int, float, bool, type(None), UUID, date, datetime, time, timedelta,
                Decimal, Enum, Immutable)


def aggregate_copy(aggregate: T) -> T:
    """A copy of `aggregate` whose changes never reach the original (nor the reverse)."""
    copied = copy(aggregate)
    memo: dict[int, Any] = {id(aggregate): copied}
    attributes: dict[str, Any] = vars(copied)
    for name, value in attributes.items():
        attributes[name] = value_copy(value, memo)
    return copied


def value_copy(value: Any, memo: dict[int, Any]) -> Any:
    if unchangeable(value):
        return value
    if type(value) in (list, tuple) and all(map(unchangeable, value)):
        if type(value) is tuple:
            return value
        if id(value) not in memo:
            memo[id(value)] = list(value)
        return memo[id(value)]
    return deepcopy(value, memo)


_KINDS: dict[type, bool] = {}


def unchangeable(value: Any) -> bool:
    kind = type(value)
    known = _KINDS.get(kind)
    if known is None:
        known = _KINDS[kind] = issubclass(kind, UNCHANGEABLE)
    return known
