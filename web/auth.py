"""Who is calling: bearer tokens for programs (sessions for pages come with the HTML pages)."""

from collections.abc import Callable

from flask import g, request
from flask_login import current_user as session_user
from flask_smorest import abort

from domain.messages import N_, Message
from domain.user import Role
from domain.year_values import ItemKind
from service.users import UserRecord
from web.service_access import service

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def authenticate() -> None:
    """Before every API request: a valid token (or, for reads, a signed-in session), or 401."""
    header = request.headers.get("Authorization", "")
    if not header and request.method in READ_METHODS and session_user.is_authenticated:
        # Cookies carry no CSRF protection here, so a session only reads the API.
        g.user = session_user.record
        return
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        abort(401, message=Message(N_("missing credentials: send 'Authorization: Bearer "
                                      "<token>'")),
              headers={"WWW-Authenticate": 'Bearer realm="strategikarta"'})
    user = service().users.for_token(token.strip())
    if user is None:
        abort(401, message=Message(N_("invalid or unknown token")),
              headers={"WWW-Authenticate": 'Bearer realm="strategikarta", error="invalid_token"'})
    g.user = user


def current_user() -> UserRecord:
    user: UserRecord = g.user
    return user


def actor() -> str:
    """The name recorded as `actor` in the events the request causes."""
    return current_user().name


# The reports a reporter may make, for the items of its bodies: endpoint → what it reports.
REPORTING_ENDPOINTS = {"milestones.StatusReports": ItemKind.MILESTONE,
                       "goals.Assessments": ItemKind.GOAL, "goals.Outcomes": ItemKind.METRIC}


def authorise_plan_access() -> None:
    """Before parsing a request: reading needs any role, changing a plan a planner's; a
    reporter reports the items of its bodies (403 for another body's)."""
    authenticate()
    if request.method in READ_METHODS:
        return
    kind = REPORTING_ENDPOINTS.get(request.endpoint or "")
    user = current_user()
    if kind is not None and user.role is Role.REPORTER:
        args = request.view_args or {}
        service().rounds.check_may_report(user, args["plan"], kind, args["key"])
        return
    plan_writer()


def authorise_history_access() -> None:
    """History, time travel and integrity: auditors and planners read, planners write."""
    authenticate()
    history_reader()
    if request.method not in READ_METHODS:
        plan_writer()


def authorise_publication() -> None:
    """Publication: any role reads whether a plan is published; only admins change it."""
    authenticate()
    if request.method not in READ_METHODS:
        publisher()


def _require(allowed: Callable[[Role], bool], refusal: str) -> str:
    user = current_user()
    if not allowed(user.role):
        abort(403, message=Message(refusal, role=user.role.value))
    return user.name


def plan_writer() -> str:
    """The acting user's name, if their role may change plans (403 otherwise)."""
    return _require(lambda role: role.may_write_plans,
                    N_("role %(role)r may not change plans (planners may)"))


def history_reader() -> str:
    """The acting user's name, if their role may read history (403 otherwise)."""
    return _require(lambda role: role.may_read_history,
                    N_("role %(role)r may not read history (auditors and planners may)"))


def publisher() -> str:
    """The acting user's name, if their role may publish plans (403 otherwise)."""
    return _require(lambda role: role.may_manage_users,
                    N_("role %(role)r may not publish plans (admins may)"))
