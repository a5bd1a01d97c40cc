"""The start page (plans) and a plan's dashboard."""

from typing import Any

from flask import Blueprint, current_app, render_template
from flask_login import current_user, login_required

from domain.values import Status
from service.history import HistoryQuery

bp = Blueprint("pages_plans", __name__)
STATUS_ORDER = (Status.ACHIEVED, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK,
                Status.PLANNED, Status.DROPPED)


def service() -> Any:
    return current_app.extensions["strategikarta"]


@bp.get("/")
@login_required
def start() -> Any:
    """The plans the user may see."""
    return render_template("pages/start.html", plans=service().list_plans())


@bp.get("/plans/<plan>")
@login_required
def dashboard(plan: str) -> Any:
    """Status per focus area, what needs attention, latest changes, current revision."""
    app = service()
    view = app.get_plan(plan)
    changes = []
    if current_user.may_read_history:
        changes, _ = app.history(plan, HistoryQuery(limit=8))
    revisions = app.revisions(plan)
    return render_template(
        "pages/dashboard.html", plan=view, totals=app.status_totals(plan),
        analysis=app.analysis(plan), changes=changes, status_order=STATUS_ORDER,
        revision=revisions[-1] if revisions else None)
