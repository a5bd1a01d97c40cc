"""For auditors and planners: the audit log with filters and CSV, and the yearly revisions."""

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from domain.errors import DomainError, Message
from domain.milestone import Milestone
from domain.plan import Plan
from service.history import AuditEntry, HistoryQuery
from service.views import PlanView
from web.api.history import csv_response
from web.messages import say
from web.pages.form_data import given, show_error
from web.pages.forms import ASCII_NUMBER, KIND_CHOICES, RevisionForm
from web.service_access import service

bp = Blueprint("pages_audit", __name__)
PAGE = 50
# The kinds of change the history lists, by the event's class (its `type`) and as people say it.
EVENT_NAMES = {
    Plan.PlanCreated.__name__: _l("Plan created"),
    Plan.FocusAreaAdded.__name__: _l("Focus area added"),
    Milestone.MilestoneDefined.__name__: _l("Milestone defined"),
    Milestone.MilestoneEdited.__name__: _l("Milestone edited"),
    Milestone.MilestoneMoved.__name__: _l("Milestone moved"),
    Milestone.StatusReported.__name__: _l("Status reported"),
    Plan.DependencyAdded.__name__: _l("Dependency added"),
    Plan.DependencyRemoved.__name__: _l("Dependency removed"),
    Plan.RevisionAdopted.__name__: _l("Revision adopted"),
    Plan.ReportingPeriodsChanged.__name__: _l("Reporting periods changed"),
    Plan.PublicationSet.__name__: _l("Publication changed"),
}


@bp.app_template_global()
def summary(entry: AuditEntry, plan: PlanView, titles: Mapping[str, str]) -> str:
    """What an entry of the history says, in the page's language, with the name of a focus
    area or of a milestone it depends on beside its key: `nara-vard (Nära vård)`."""
    names = {"focus_area": {area.key: area.name for area in plan.focus_areas},
             "target": titles}
    params = {name: f"{value} ({names[name][value]})"
              if name in names and value in names[name] else value
              for name, value in entry.params.items()}
    return say(Message(entry.template, **params))


@bp.before_request
@login_required
def auditors_and_planners() -> None:
    if not current_user.may_read_history:
        abort(403)


def history_query(limit: int) -> HistoryQuery:
    args = request.args
    after = args.get("after", "")
    return HistoryQuery(milestone=args.get("milestone") or None, actor=args.get("actor") or None,
                        type=args.get("type") or None, limit=limit,
                        after=int(after) if re.fullmatch(ASCII_NUMBER, after) else None)


@bp.get("/plans/<plan>/history")
def history(plan: str) -> Any:
    """The audit log, newest first, filtered, a page at a time."""
    entries, cursor = service().history.page(plan, history_query(PAGE))
    return render_template("pages/history.html", plan=service().plans.get(plan), entries=entries,
                           cursor=cursor, args=request.args, event_names=EVENT_NAMES,
                           titles=service().milestones.titles(plan))


@bp.get("/plans/<plan>/history.csv")
def history_csv(plan: str) -> Any:
    entries = service().history.extract(plan, history_query(PAGE))
    return csv_response(entries, f"{plan}-history-{datetime.now():%Y%m%d}.csv")


@bp.route("/plans/<plan>/revisions", methods=["GET", "POST"])
def revisions(plan: str) -> Any:
    """Revisions with their seals; planners record a new one; any two can be compared."""
    form = RevisionForm()
    status = 200
    if request.method == "POST":
        if not current_user.may_write:
            abort(403)
        if form.validate_on_submit():
            try:
                service().revisions.adopt(plan, given(form.year.data), given(form.adopted_on.data),
                                          given(form.decided_by.data), given(form.paragraph.data),
                                          given(form.case_number.data), form.summary.data or "",
                                         actor=current_user.id)
                flash(_("The revision is recorded and the plan sealed."), "info")
                return redirect(url_for("pages_audit.revisions", plan=plan))
            except DomainError as error:
                show_error(form, error)
        status = 422
    return render_template("pages/revisions.html", plan=service().plans.get(plan), form=form,
                           revisions=service().revisions.list(plan),
                           recorded=service().revisions.recorded_at(plan)), status


@bp.get("/plans/<plan>/revisions/compare")
def compare(plan: str) -> Any:
    """Two revisions side by side: everything that changed between them."""
    try:
        old = service().time_travel.point(plan, revision=int(request.args["from"]))
        new = service().time_travel.point(plan, revision=int(request.args["to"])) if request.args.get(
            "to") else None
    except (KeyError, ValueError):
        abort(400)
    view = service().plans.get(plan)
    return render_template("pages/compare.html", plan=view,
                           diff=service().time_travel.diff(plan, old, new), old=request.args["from"],
                           new=request.args.get("to") or _("now"),
                           titles=service().milestones.titles(plan),
                           areas={area.key: area.name for area in view.focus_areas},
                           kind_names=dict(KIND_CHOICES))
