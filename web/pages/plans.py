"""The start page (plans, and a planner's import of a whole plan) and a plan's dashboard."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.errors import DomainError
from domain.values import Status
from service.demo import DEMO_PLAN, is_demo_store
from service.follow_up import REPORT_STATUSES
from service.history import AuditEntry, HistoryQuery
from service.workbooks import WorkbookError
from web.messages import say
from web.pages.forms import WorkbookForm
from web.pages.my_round import open_rounds
from web.service_access import service

bp = Blueprint("pages_plans", __name__)
STATUS_ORDER = (Status.ACHIEVED, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK,
                Status.PLANNED, Status.DROPPED)


def render_start(form: WorkbookForm, errors: dict[str, list[str]], status: int = 200) -> Any:
    return render_template("pages/start.html", plans=service().plans.list(), form=form,
                           errors=errors,
                           my_rounds=open_rounds() if current_user.is_reporter else []), status


@bp.get("/")
@login_required
def start() -> Any:
    """The plans the user may see."""
    return render_start(WorkbookForm(), {})


@bp.post("/import")
@login_required
def import_plan() -> Any:
    """A planner sends a filled-in plan template: the whole plan is stored, or nothing."""
    if not current_user.may_write:
        abort(403)
    form = WorkbookForm()
    if form.validate_on_submit():
        try:
            plan = service().workbooks.import_plan(form.file.data.read(), current_user.id)
        except WorkbookError as error:
            return render_start(form, form.refused(error.errors), 422)
        except DomainError as error:
            return render_start(form, {"": [say(error.message)]}, 409)
        flash(_("The plan is imported."), "info")
        return redirect(url_for("pages_plans.dashboard", plan=plan.key))
    return render_start(form, {}, 422)


@bp.get("/plans/<plan>")
@login_required
def dashboard(plan: str) -> Any:
    """Status per focus area, the trend, what needs attention, latest changes, revision."""
    app = service()
    view = app.plans.get(plan)
    changes: list[AuditEntry] = []
    if current_user.may_read_history:
        changes, _cursor = app.history.page(plan, HistoryQuery(limit=8))
    revisions = app.revisions.list(plan)
    return render_template(
        "pages/dashboard.html", plan=view, totals=app.milestones.status_totals(plan),
        analysis=app.maps.analysis(plan), changes=changes, status_order=STATUS_ORDER,
        trend=app.follow_up.trend(plan), report_statuses=REPORT_STATUSES,
        revision=revisions[-1] if revisions else None, titles=app.milestones.titles(plan),
        demo_story=view.key == DEMO_PLAN and is_demo_store(app),
        publication=app.publication.get(plan) if current_user.may_manage_users else None)
