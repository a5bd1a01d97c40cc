"""The printable follow-up report, its trend chart, and a planner's round of status reports."""

from datetime import UTC, date, datetime
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.errors import DomainError
from domain.fields import parse_day
from domain.reporting_period import ReportingPeriod
from service.follow_up import REPORT_STATUSES
from service.time_travel import PointInTime
from service.workbooks import WorkbookError
from web.files import attachment
from web.messages import say
from web.pages.forms import ReportingPeriodsForm, WorkbookForm
from web.pages.maps import sealed_revision
from web.pages.time_control import asks_for_the_past, requested_point
from web.reports import report_csv
from web.service_access import service

bp = Blueprint("pages_follow_up", __name__)


def knowledge_point(plan: str) -> PointInTime:
    """`as_of` or `revision`: for auditors and planners only (403 otherwise), as in the API."""
    if asks_for_the_past() and not current_user.may_read_history:
        abort(403)
    return requested_point(plan)


def chosen_date() -> date | None:
    raw = request.args.get("on", "")
    try:
        return parse_day(raw) if raw else None
    except ValueError:
        abort(400)


PERIODS_PREFIX = "periods"  # the upload form on the same page has its own CSRF field
SPARE_PERIOD_ROWS = 3


def periods_form(plan: str) -> ReportingPeriodsForm:
    """The plan's reporting periods, with empty rows to add more, up to the most it may have."""
    periods = [vars(period) for period in service().follow_up.reporting_periods(plan)]
    form = ReportingPeriodsForm(prefix=PERIODS_PREFIX, data={"rows": periods})
    while len(form.rows) < min(len(periods) + SPARE_PERIOD_ROWS, form.rows.max_entries or 0):
        form.rows.append_entry()
    return form


def chosen_body() -> str | None:
    """The body whose share of the plan the report shows (`?body=`), or None for all."""
    return request.args.get("body") or None


def render_report(plan: str, form: WorkbookForm, errors: dict[str, list[str]],
                  status: int = 200, periods: ReportingPeriodsForm | None = None,
                  period_errors: list[str] | None = None) -> Any:
    view = service().plans.get(plan)
    point = knowledge_point(plan)
    body = chosen_body()
    report = service().follow_up.report(plan, chosen_date(), point, body)
    dates: list[tuple[ReportingPeriod | None, date]] = list(
        service().follow_up.reporting_dates(plan))
    if report.on not in [on for _, on in dates]:
        dates.append((report.period, report.on))
    query = {"on": report.on.isoformat()}
    query.update({name: request.args[name] for name in ("as_of", "revision")
                  if not point.is_now and request.args.get(name)})
    if body:
        query["body"] = body
    return render_template(
        "pages/report.html", plan=view, report=report, point=point, dates=dates, query=query,
        revisions=service().revisions.list(plan) if current_user.may_read_history else [],
        statuses=REPORT_STATUSES, now=datetime.now(UTC), sealed=sealed_revision(plan),
        form=form, errors=errors, summary=report.summary(str(get_locale())),
        bodies=service().bodies.all(), body=body,
        goal_levels={level.key: level.name for level in service().goals.levels(plan)},
        periods_form=periods or periods_form(plan), period_errors=period_errors or [],
        lines_by_area={
            area.key: [line for line in report.milestones if line.focus_area == area.key]
            for area in report.by_focus_area}), status


@bp.get("/plans/<plan>/report")
@login_required
def report(plan: str) -> Any:
    """The follow-up on a reporting date, as the log knew it: for committees, printable."""
    return render_report(plan, WorkbookForm(), {})


@bp.get("/plans/<plan>/report.csv")
@login_required
def report_csv_download(plan: str) -> Any:
    """The follow-up as CSV, its header in the page's language."""
    report = service().follow_up.report(plan, chosen_date(), knowledge_point(plan),
                                        chosen_body())
    return attachment(report_csv(report), "text/csv; charset=utf-8",
                      f"{plan}-uppfoljning-{report.on.isoformat()}.csv")


@bp.post("/plans/<plan>/report/status-round")
@login_required
def status_round(plan: str) -> Any:
    """A planner sends back the filled-in template: every report stored, or none."""
    if not current_user.may_write:
        abort(403)
    form = WorkbookForm()
    if form.validate_on_submit():
        try:
            stored = service().workbooks.import_status_round(plan, form.file.data.read(),
                                                             current_user.id)
        except WorkbookError as error:
            return render_report(plan, form, form.refused(error.errors), 422)
        if stored.outcomes or stored.assessments:
            flash(ngettext("%(num)d report was stored (statuses, outcomes and assessments).",
                           "%(num)d reports were stored (statuses, outcomes and assessments).",
                           stored.total), "info")
        else:
            flash(ngettext("%(num)d status report was stored.", "%(num)d status reports were "
                           "stored.", stored.statuses), "info")
        return redirect(url_for("pages_follow_up.report", plan=plan))
    return render_report(plan, form, {}, 422)


@bp.post("/plans/<plan>/reporting-periods")
@login_required
def reporting_periods(plan: str) -> Any:
    """A planner changes the dates of each year the plan is followed up on."""
    if not current_user.may_write:
        abort(403)
    form = ReportingPeriodsForm(prefix=PERIODS_PREFIX)
    if not form.validate_on_submit():
        problems = [_("Row %(n)s: %(problem)s", n=index + 1, problem=" ".join(map(str, messages)))
                    for index, row in enumerate(form.rows) for messages in row.errors.values()]
        return render_report(plan, WorkbookForm(), {}, 422, form, problems or [str(form.errors)])
    filled = [(index, row) for index, row in enumerate(form.rows.data)
              if any(value not in (None, "") for value in row.values())]
    incomplete = [_("Row %(n)s: fill in key, name, day and month.", n=index + 1)
                  for index, row in filled if any(row[f] in (None, "") for f in row)]
    if incomplete:
        return render_report(plan, WorkbookForm(), {}, 422, form, incomplete)
    try:
        service().follow_up.set_reporting_periods(plan, [row for _, row in filled], actor=current_user.id,
                                        reason=form.reason.data or "")
    except DomainError as error:
        return render_report(plan, WorkbookForm(), {}, 422, form,
                             [row_message(error, [index for index, _ in filled])])
    flash(_("The reporting periods are saved."), "info")
    return redirect(url_for("pages_follow_up.report", plan=plan))


def row_message(error: DomainError, rows: list[int]) -> str:
    """`reporting_periods.1.day` of the filled-in rows → the row of the form it came from."""
    parts = (error.field or "").split(".")
    if len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(rows):
        return _("Row %(n)s: %(problem)s", n=rows[int(parts[1])] + 1, problem=say(error.message))
    return say(error.message)


@bp.get("/plans/<plan>/trend.svg")
@login_required
def trend_chart(plan: str) -> Any:
    """Status totals on every reporting date that has come, as an SVG for the dashboard."""
    lang = "en" if str(get_locale()) == "en" else "sv"
    chart = service().follow_up.trend_chart(plan, lang=lang)
    return Response(chart.content, mimetype="image/svg+xml")
