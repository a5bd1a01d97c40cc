"""The pages' time control: `as_of` (a date) or `revision` (a year) in the query string."""

from flask import abort, request

from domain.errors import DomainError
from service.time_travel import PointInTime, parse_moment
from web.service_access import service


def asks_for_the_past() -> bool:
    return bool(request.args.get("as_of") or request.args.get("revision"))


def requested_point(plan: str) -> PointInTime:
    """The point in knowledge time the query asks for (now, if none); 400 if it names none."""
    args = request.args
    if not asks_for_the_past():
        return service().time_travel.now()
    try:
        return service().time_travel.point(
            plan, as_of=parse_moment(args["as_of"]) if args.get("as_of") else None,
            revision=int(args["revision"]) if args.get("revision") else None)
    except (ValueError, DomainError):
        abort(400)
