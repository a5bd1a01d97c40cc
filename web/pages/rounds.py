"""A round's progress for planners: per body and per item; planners return items, submit the
round and record the decision that seals its report."""

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from domain.errors import DomainError
from web.error_status import status_of
from web.pages.form_data import given
from web.pages.milestones import show_error, writer
from web.pages.year_forms import (
    ITEM_STATE_LABELS,
    ROUND_STATE_LABELS,
    DecisionForm,
    ReturnForm,
    SubmitForm,
)
from web.service_access import service

bp = Blueprint("pages_rounds", __name__)
REPORT_FORMATS = ("json", "pdf", "xlsx", "csv")


def decision_form(view: Any, form: DecisionForm | None = None) -> DecisionForm:
    if form is None:
        meeting = view.meeting_date if view.meeting_date <= service().today() else None
        form = DecisionForm(formdata=None, data={"decided_by": view.meeting_body,
                                                 "date": meeting})
    form.decided_by.choices = [(body.key, body.name) for body in service().bodies.all()]
    return form


def page(plan: str, round_key: str, status: int = 200, **forms: FlaskForm) -> Any:
    view = service().rounds.get(plan, round_key)
    report = service().rounds.report(plan, round_key) if view.state == "decided" else None
    return render_template(
        "pages/round.html", plan=service().plans.get(plan), round=view, report=report,
        bodies={body.key: body.name for body in service().bodies.all()},
        left=sum(1 for line in view.items if line.state != "reported"),
        state_labels=ROUND_STATE_LABELS, item_states=ITEM_STATE_LABELS,
        formats=REPORT_FORMATS, return_form=forms.get("return_form") or ReturnForm(
            formdata=None), submit_form=forms.get("submit_form") or SubmitForm(formdata=None),
        decision_form=decision_form(view, forms.get("decision_form"))), status


@bp.get("/plans/<plan>/rounds/<round>")
@login_required
def progress(plan: str, round: str) -> Any:
    """Progress per body and every item's state; a reporter goes to their own items."""
    if current_user.is_reporter:
        return redirect(url_for("pages_my_round.my_round", plan=plan, round=round))
    return page(plan, round)


def refused(plan: str, round: str, error: DomainError, **forms: FlaskForm) -> Any:
    """A wrong state (409) at the top of the page, a wrong value at its field."""
    for form in forms.values():
        show_error(form, error)
    return page(plan, round, status_of(error), **forms)


@bp.post("/plans/<plan>/rounds/<round>/return")
@login_required
def return_items(plan: str, round: str) -> Any:
    writer()
    form = ReturnForm()
    if not form.validate_on_submit():
        return page(plan, round, 422, return_form=form)
    try:
        service().rounds.return_items(plan, round, form.items.data or [],
                                      given(form.comment.data), actor=current_user.id)
    except DomainError as error:
        return refused(plan, round, error, return_form=form)
    flash(_("The items are returned to their reporters."), "info")
    return redirect(url_for("pages_rounds.progress", plan=plan, round=round))


@bp.post("/plans/<plan>/rounds/<round>/submit")
@login_required
def submit(plan: str, round: str) -> Any:
    writer()
    form = SubmitForm()
    if not form.validate_on_submit():
        return page(plan, round, 422, submit_form=form)
    try:
        service().rounds.submit(plan, round, bool(form.force.data), actor=current_user.id,
                                reason=form.reason.data or "")
    except DomainError as error:
        return refused(plan, round, error, submit_form=form)
    flash(_("The round is submitted: its report goes to review."), "info")
    return redirect(url_for("pages_rounds.progress", plan=plan, round=round))


@bp.post("/plans/<plan>/rounds/<round>/decision")
@login_required
def decide(plan: str, round: str) -> Any:
    writer()
    form = decision_form(service().rounds.get(plan, round), DecisionForm())
    if not form.validate_on_submit():
        return page(plan, round, 422, decision_form=form)
    try:
        service().rounds.decide(plan, round, given(form.decided_by.data),
                                given(form.date.data), given(form.paragraph.data),
                                given(form.case_number.data), form.summary.data or "",
                                actor=current_user.id)
    except DomainError as error:
        return refused(plan, round, error, decision_form=form)
    flash(_("The decision is recorded: the report is sealed as decided."), "info")
    return redirect(url_for("pages_rounds.progress", plan=plan, round=round))
