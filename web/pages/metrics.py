"""A metric's page: its definition, its outcomes against target over the reporting dates as
a chart and as a table of the same figures; planners record an outcome here."""

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.errors import DomainError
from web.pages.goal_forms import OutcomeForm
from web.pages.goal_reading import language, reading, time_control
from web.pages.milestones import show_error, writer
from web.service_access import service

bp = Blueprint("pages_metrics", __name__)


def metric_page(plan: str, key: str, form: OutcomeForm | None = None, status: int = 200) -> Any:
    view, read = service().plans.get(plan), reading(plan)
    metric = service().goals.metric(plan, key, read.on, record=read.record)
    series = service().metric_history.series(plan, key, read.point)
    goal = read.record.goals.get(metric.goal)
    form = form or OutcomeForm(
        formdata=None, data={"reported_for": service().follow_up.current_round(plan)})
    return render_template(
        "pages/metric.html", plan=view, read=read, metric=metric, series=series,
        goal_title=goal.title if goal else metric.goal, form=form,
        outcomes=list(reversed(metric.outcomes)), **time_control(plan)), status


@bp.get("/plans/<plan>/metrics/<key>")
@login_required
def metric(plan: str, key: str) -> Any:
    return metric_page(plan, key)


@bp.get("/plans/<plan>/metrics/<key>/chart.svg")
@login_required
def chart(plan: str, key: str) -> Any:
    """The outcomes against target as an SVG, as known at the page's point in time."""
    point = reading(plan).point
    rendered = service().metric_history.chart(plan, key, point, language())
    return Response(rendered.content, mimetype="image/svg+xml")


@bp.post("/plans/<plan>/metrics/<key>/outcomes")
@login_required
def report_outcome(plan: str, key: str) -> Any:
    """A planner records an outcome, or that it was not measured; messages at the field."""
    writer()
    service().goals.metric_record(plan, key)  # 404 for an unknown metric
    form = OutcomeForm()
    if not form.validate_on_submit():
        return metric_page(plan, key, form, 422)
    try:
        service().goals.report_outcome(plan, key, form.outcome(), form.comment.data or "",
                                       form.reported_for.data, actor=current_user.id,
                                       reason=form.reason.data or "")
    except DomainError as error:
        show_error(form, error)
        return metric_page(plan, key, form, 422)
    flash(_("The outcome is recorded."), "info")
    return redirect(url_for("pages_metrics.metric", plan=plan, key=key))
