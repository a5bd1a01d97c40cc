"""What a slip would do, as the map page and a milestone's page ask it: the map's overlay and
"what if this slips a year?"."""

from typing import Any

from flask import request

from domain.errors import DomainError
from service.maps import MapOptions, WhatIf
from web.messages import say
from web.service_access import service

YEAR_DIGITS = 4


def asked_slip() -> tuple[str, int] | None:
    """The slip the page's form asks for (`slip`, `to`), if both are given."""
    slip, to = request.args.get("slip", ""), request.args.get("to", "")
    if not slip or not (to.isdigit() and len(to) == YEAR_DIGITS):
        return None
    return slip, int(to)


def overlay(plan: str, options: MapOptions, point: Any) -> tuple[WhatIf | None, str]:
    """The what-if the map shows, or why it cannot (then the map is shown without it)."""
    if options.slip is None:
        return None, ""
    try:
        return service().maps.what_if(plan, *options.slip, options.on, point), ""
    except DomainError as error:
        return None, say(error.message)


def a_year_later(plan: str, milestone: Any) -> tuple[WhatIf | None, str]:
    """What the milestone slipping one year would move, or why it cannot slip."""
    try:
        return service().maps.what_if(plan, milestone.key, milestone.target_year + 1), ""
    except DomainError as error:
        return None, say(error.message)
