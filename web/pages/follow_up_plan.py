"""A plan's follow-up plan: which report goes to which meeting, by date, with its calendar;
planners edit the entries and open a round from one."""

import hashlib
import hmac
from datetime import date
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.errors import DomainError
from web.error_status import status_of
from web.files import attachment
from web.pages.form_data import given
from web.pages.milestones import writer
from web.pages.year_forms import ENTRY_KIND_LABELS, ROUND_STATE_LABELS, FollowUpPlanForm, OpenRoundForm
from web.service_access import service

bp = Blueprint("pages_follow_up_plan", __name__)
SPARE_ROWS = 2
FILLED_IN = ("key", "title", "reporting_date", "deadline", "meeting_body", "meeting_date")
REQUIRED = (*FILLED_IN, "kind")
# The API's names of an entry's fields (`entries.0.meeting.body`) → the row's fields.
ROW_FIELDS = {"meeting.body": "meeting_body", "meeting.date": "meeting_date"}


def body_names() -> dict[str, str]:
    return {body.key: body.name for body in service().bodies.all()}


def plan_form(plan: str, form: FollowUpPlanForm | None = None) -> FollowUpPlanForm:
    if form is None:
        rows = [vars(entry) | {"kind": entry.kind.value}
                for entry in service().follow_up_plans.entries(plan)]
        form = FollowUpPlanForm(formdata=None, data={"rows": rows})
        while len(form.rows) < min(len(rows) + SPARE_ROWS, form.rows.max_entries or 0):
            form.rows.append_entry()
    choices = [("", _("— choose a body —")), *body_names().items()]
    for row in form.rows:
        row.form.meeting_body.choices = choices
    return form


def calendar(entries: Any) -> list[tuple[date, str, Any]]:
    """Each entry's reporting date, deadline and meeting, by date."""
    days = [(day, what, entry) for entry in entries for day, what in (
        (entry.reporting_date, "reporting_date"), (entry.deadline, "deadline"),
        (entry.meeting_date, "meeting"))]
    return sorted(days, key=lambda day: (day[0], day[2].key))


def page(plan: str, form: FollowUpPlanForm | None = None, status: int = 200) -> Any:
    entries = service().follow_up_plans.entries(plan)
    return render_template(
        "pages/follow_up_plan.html", plan=service().plans.get(plan), entries=entries,
        days=calendar(entries), bodies=body_names(), kind_labels=ENTRY_KIND_LABELS,
        rounds={view.key: view for view in service().rounds.all(plan)},
        state_labels=ROUND_STATE_LABELS, form=plan_form(plan, form),
        open_form=OpenRoundForm(formdata=None),
        subscription=url_for("pages_follow_up_plan.calendar_feed", plan=plan,
                             key=calendar_key(plan), _external=True)), status


@bp.get("/plans/<plan>/follow-up-plan")
@login_required
def follow_up_plan(plan: str) -> Any:
    return page(plan)


def calendar_key(plan: str) -> str:
    """The secret part of a plan's calendar address: Outlook fetches a subscribed calendar
    without anyone's sign-in, so the address itself is the permission to read the dates and
    meetings (nothing else) of that plan. It changes with the server's SECRET_KEY."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"calendar:{plan}".encode(), hashlib.sha256).hexdigest()[:32]


@bp.get("/plans/<plan>/follow-up-plan.ics")
def calendar_feed(plan: str) -> Any:
    """The iCalendar feed: to subscribe to (with the plan's calendar key), or for a signed-in
    browser."""
    key = request.args.get("key", "")
    if not (key and hmac.compare_digest(key, calendar_key(plan))):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    feed = service().follow_up_plans.calendar(plan, request.host_url, service().today())
    return attachment(feed, "text/calendar; charset=utf-8", f"{plan}-uppfoljningsplan.ics")


@bp.post("/plans/<plan>/follow-up-plan")
@login_required
def set_follow_up_plan(plan: str) -> Any:
    """A planner replaces the entries; the service's messages at their row's field."""
    writer()
    service().plans.get(plan)  # 404 for an unknown plan
    form = plan_form(plan, FollowUpPlanForm())
    if not form.validate_on_submit():
        return page(plan, form, 422)
    kept = [row for row in form.rows if not row.form.remove.data and filled(row.form)]
    if not complete(kept):
        return page(plan, form, 422)
    entries = [{"key": given(row.form.key.data).strip(), "title": row.form.title.data,
                "kind": row.form.kind.data, "reporting_date": row.form.reporting_date.data,
                "deadline": row.form.deadline.data, "presenter": row.form.presenter.data or "",
                "scope": row.form.scope.data or "",
                "meeting": {"body": row.form.meeting_body.data,
                            "date": row.form.meeting_date.data}} for row in kept]
    try:
        service().follow_up_plans.set(plan, entries, actor=current_user.id,
                                      reason=form.reason.data or "")
    except DomainError as error:
        at_row(error, kept)
        return page(plan, form, 422)
    flash(_("The follow-up plan is saved."), "info")
    return redirect(url_for("pages_follow_up_plan.follow_up_plan", plan=plan))


def filled(row: Any) -> bool:
    return any(row[name].data not in (None, "") for name in FILLED_IN)


def complete(rows: list[Any]) -> bool:
    """Every kept row has its required fields; a message at each missing one."""
    whole = True
    for row in rows:
        for name in REQUIRED:
            if row.form[name].data in (None, ""):
                row.form[name].errors = [*row.form[name].errors, _("Fill this in.")]
                whole = False
    return whole


def at_row(error: DomainError, rows: list[Any]) -> None:
    """`entries.1.meeting.body` → the field of the form row the second kept entry came from."""
    _entries, _dot, rest = (error.field or "").partition(".")
    index, _dot, name = rest.partition(".")
    name = ROW_FIELDS.get(name, name)
    if index.isdigit() and int(index) < len(rows) and name in rows[int(index)].form:
        field = rows[int(index)].form[name]
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")


@bp.post("/plans/<plan>/rounds")
@login_required
def open_round(plan: str) -> Any:
    """A planner opens the round of an entry: every item due, per body."""
    writer()
    form = OpenRoundForm()
    if not form.validate_on_submit():
        return page(plan, status=400)
    try:
        opened = service().rounds.open(plan, given(form.entry.data), actor=current_user.id)
    except DomainError as error:
        flash(error.message, "error")
        return page(plan, status=status_of(error))
    flash(_("The round is open: its reporters can report now."), "info")
    return redirect(url_for("pages_rounds.progress", plan=plan, round=opened.key))
