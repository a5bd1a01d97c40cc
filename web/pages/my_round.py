""""My round": a reporter's items of a round, today's values filled in, on one form that
stores every changed item for the round's reporting date, or (a row being wrong) none."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.errors import DomainError
from domain.goal_values import Assessment
from domain.goal_words import number_text
from domain.status import status_in_force
from domain.year_values import ItemKind
from web.pages.goal_reading import language
from web.pages.round_forms import ItemRow, RoundForm
from web.pages.year_forms import ITEM_STATE_LABELS, ROUND_STATE_LABELS
from web.service_access import service

bp = Blueprint("pages_my_round", __name__)
ASSESSMENTS = {value.value for value in Assessment}


def in_force(plan: str, record: Any, line: Any, on: Any) -> dict[str, Any]:
    """The item's value in force on the round's date, shaped as `ItemRow.reported` gives it."""
    if line.kind == "milestone":
        reports = record.milestones[line.key].reports
        that_day = [report for report in reports if report.reported_for == on]
        return {"status": status_in_force(reports, on).value,
                "comment": that_day[-1].comment if that_day else ""}
    if line.kind == "goal":
        goal = service().goals.goal(plan, line.key, on, record=record)
        return {"assessment": goal.assessment if goal.assessment in ASSESSMENTS else "",
                "analysis": goal.analysis, "measures": goal.measures}
    metric = service().goals.metric(plan, line.key, on, record=record)
    that_day = metric.reported_for == on
    return {"value": metric.outcome, "not_measured": that_day and metric.outcome is None,
            "comment": metric.comment if that_day else ""}


def row_data(line: Any, values: dict[str, Any]) -> dict[str, Any]:
    shown = dict(values)
    if "value" in shown:
        shown["value"] = "" if values["value"] is None else number_text(values["value"],
                                                                        language())
    return {"id": line.id, **shown}


def gathered(plan: str, round_key: str) -> tuple[Any, dict[str, Any], dict[str, dict[str, Any]]]:
    """The round, the user's items by id, and each one's value in force."""
    view = service().rounds.get(plan, round_key)
    lines = service().rounds.my_items(plan, round_key, current_user.record)
    record = service().goals.record(plan)
    values = {line.id: in_force(plan, record, line, view.reporting_date) for line in lines}
    return view, {line.id: line for line in lines}, values


def page(plan: str, round_key: str, form: RoundForm | None = None, status: int = 200,
         problems: dict[str, str] | None = None) -> Any:
    view, mine, values = gathered(plan, round_key)
    form = form or RoundForm(formdata=None, data={
        "rows": [row_data(line, values[line.id]) for line in mine.values()]})
    rows = [(mine[row.form.id.data], row.form) for row in form.rows if row.form.id.data in mine]
    reported = sum(1 for line in mine.values() if line.state == "reported")
    return render_template(
        "pages/my_round.html", plan=service().plans.get(plan), round=view, rows=rows,
        form=form, reported=reported, total=len(mine), problems=problems or {},
        bodies={body.key: body.name for body in service().bodies.all()},
        state_labels=ITEM_STATE_LABELS), status


@bp.get("/plans/<plan>/rounds/<round>/mine")
@login_required
def my_round(plan: str, round: str) -> Any:
    return page(plan, round)


@bp.post("/plans/<plan>/rounds/<round>/mine")
@login_required
def report(plan: str, round: str) -> Any:
    """Every changed row is checked first; then each is stored for the round's date."""
    view, mine, values = gathered(plan, round)
    form = RoundForm()
    ids = {line.id for line in view.items}
    for row in form.rows:
        if row.form.id.data not in mine:
            abort(403 if row.form.id.data in ids else 400)
    if view.state != "open":
        flash(_("The round is %(state)s: it gathers no more reports.",
                state=ROUND_STATE_LABELS[view.state]), "error")
        return page(plan, round, form, 409)
    valid = form.validate_on_submit()
    changed = [(mine[row.form.id.data], row.form) for row in form.rows
               if row.form.confirm.data or differs(row.form, mine[row.form.id.data].kind,
                                                   values[row.form.id.data])]
    checked = all([row.check(line.kind) for line, row in changed])  # a message at every row
    if not (valid and checked):
        return page(plan, round, form, 422)
    for line, _row in changed:
        service().rounds.check_may_report(current_user.record, plan, ItemKind(line.kind),
                                          line.key)
    return stored(plan, round, view.reporting_date, changed, form)


def differs(row: ItemRow, kind: str, in_force: dict[str, Any]) -> bool:
    try:
        return row.reported(kind) != in_force
    except ValueError:  # not a number: changed, and its message is at the field
        return True


def stored(plan: str, round: str, on: Any, changed: list[tuple[Any, ItemRow]],
           form: RoundForm) -> Any:
    done: list[str] = []
    for line, row in changed:
        try:
            store(plan, on, line, row)
        except DomainError as error:
            field = getattr(row, error.field or "", None)
            if field is not None:
                field.errors = [*field.errors, error.message]
            flash(_("Stored: %(done)s. Not stored: %(item)s and the rows after it.",
                    done=", ".join(done) or "–", item=line.title), "error")
            return page(plan, round, form, 422, None if field is not None else
                        {line.id: error.message})
        done.append(line.title)
    if done:
        flash(_("%(count)s reports are stored.", count=len(done)), "info")
    else:
        flash(_("Nothing changed: nothing was stored."), "info")
    return redirect(url_for("pages_my_round.my_round", plan=plan, round=round))


def store(plan: str, on: Any, line: Any, row: ItemRow) -> None:
    what = row.reported(line.kind)
    if line.kind == "milestone":
        service().milestones.report_status(plan, line.key, what["status"], what["comment"], on,
                                           actor=current_user.id)
    elif line.kind == "goal":
        service().goals.assess(plan, line.key, what["assessment"], what["analysis"],
                               what["measures"], on, actor=current_user.id)
    else:
        service().goals.report_outcome(plan, line.key, what["value"], what["comment"], on,
                                       actor=current_user.id)


def open_rounds() -> list[tuple[Any, Any, int]]:
    """The open rounds with the user's items: plan, round, items still to report."""
    found = []
    for plan in service().plans.with_open_rounds():
        for view in service().rounds.all(plan.key):
            if view.state != "open":
                continue
            mine = service().rounds.my_items(plan.key, view.key, current_user.record)
            if mine:
                found.append((plan, view, sum(1 for line in mine if line.state != "reported")))
    return found
