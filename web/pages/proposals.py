"""For planners (auditors read): a plan's proposals, one proposal side by side with the plan,
and the forms that make one, add its changes, withdraw it and adopt it with the revision."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from domain.errors import DomainError
from web.error_status import status_of
from web.pages.form_data import given, show_error
from web.pages.forms import KIND_CHOICES, RevisionForm
from web.pages.proposal_forms import (
    CHANGE_FIELDS,
    WITH_YEAR,
    ChangeForm,
    ProposalForm,
    WithdrawForm,
)
from web.service_access import service

bp = Blueprint("pages_proposals", __name__)


@bp.before_request
@login_required
def auditors_and_planners() -> None:
    if not current_user.may_read_history:
        abort(403)


def writer() -> None:
    if not current_user.may_write:
        abort(403)


@bp.route("/plans/<plan>/proposals", methods=["GET", "POST"])
def proposals(plan: str) -> Any:
    """The plan's proposals, open first; planners make one here."""
    form, status = ProposalForm(), 200
    if form.is_submitted():
        writer()
        if form.validate():
            try:
                made = service().proposals.make(plan, given(form.key.data), given(form.title.data),
                                                form.description.data or "", actor=current_user.id)
                flash(_("The proposal is made: add its changes."), "info")
                return redirect(url_for(".proposal", plan=plan, proposal=made.key))
            except DomainError as error:
                show_error(form, error)
                status = status_of(error)
        else:
            status = 422
    listed = sorted(service().proposals.list(plan), key=lambda p: (p.state != "open", p.key))
    return render_template("pages/proposals.html", plan=service().plans.get(plan),
                           proposals=listed, form=form), status


def page(plan: str, key: str, status: int = 200, **forms: FlaskForm) -> Any:
    """The proposal's page; `forms` the one just sent, with its errors."""
    view = service().proposals.get(plan, key)
    plan_view = service().plans.get(plan)
    milestones = service().milestones.list(plan)
    change_form = forms.get("change_form") or ChangeForm(formdata=None)
    return render_template(
        "pages/proposal.html", plan=plan_view, proposal=view,
        change_form=change_form.with_choices(
            milestones, range(plan_view.start_year, plan_view.end_year + 1)),
        withdraw_form=forms.get("withdraw_form") or WithdrawForm(formdata=None),
        adopt_form=forms.get("adopt_form") or RevisionForm(formdata=None),
        titles=service().milestones.titles(plan),
        areas={area.key: area.name for area in plan_view.focus_areas},
        kind_names=dict(KIND_CHOICES)), status


@bp.get("/plans/<plan>/proposals/<proposal>")
def proposal(plan: str, proposal: str) -> Any:
    """The proposal: its changes, its diff and analysis, whether it is stale, its forms."""
    return page(plan, proposal)


def refused(plan: str, key: str, error: DomainError, field: str | None,
            **forms: FlaskForm) -> Any:
    """A wrong value at its field, a wrong state (409) at the top of the page."""
    for form in forms.values():
        show_error(form, error, field)
    return page(plan, key, status_of(error), **forms)


@bp.post("/plans/<plan>/proposals/<proposal>/changes")
def add_change(plan: str, proposal: str) -> Any:
    writer()
    form = ChangeForm().with_choices(service().milestones.list(plan), range(1900, 2200))
    if not form.validate():
        return page(plan, proposal, 422, change_form=form)
    op, year = given(form.op.data), form.year.data
    fields: dict[str, Any] = ({"to": year} if op == "slip" else {"target_year": year}
                              if op in WITH_YEAR else {})
    try:
        service().proposals.add_change(plan, proposal, op, given(form.milestone.data), fields,
                                       actor=current_user.id, reason=form.reason.data or "")
    except DomainError as error:
        return refused(plan, proposal, error, CHANGE_FIELDS.get(error.field or ""),
                       change_form=form)
    flash(_("The change is added to the proposal."), "info")
    return redirect(url_for(".proposal", plan=plan, proposal=proposal))


@bp.post("/plans/<plan>/proposals/<proposal>/withdraw")
def withdraw(plan: str, proposal: str) -> Any:
    writer()
    form = WithdrawForm()
    if not form.validate():
        return page(plan, proposal, 422, withdraw_form=form)
    try:
        service().proposals.withdraw(plan, proposal, actor=current_user.id,
                                     reason=form.reason.data or "")
    except DomainError as error:
        return refused(plan, proposal, error, None, withdraw_form=form)
    flash(_("The proposal is withdrawn; it is kept as it was."), "info")
    return redirect(url_for(".proposal", plan=plan, proposal=proposal))


@bp.post("/plans/<plan>/proposals/<proposal>/adopt")
def adopt(plan: str, proposal: str) -> Any:
    writer()
    form = RevisionForm()
    if not form.validate():
        return page(plan, proposal, 422, adopt_form=form)
    try:
        service().proposals.adopt(plan, proposal, given(form.year.data),
                                  given(form.adopted_on.data), given(form.decided_by.data),
                                  given(form.paragraph.data), given(form.case_number.data),
                                  form.summary.data or "", actor=current_user.id)
    except DomainError as error:
        return refused(plan, proposal, error, None, adopt_form=form)
    flash(_("The proposal is adopted with the revision, and the plan sealed."), "info")
    return redirect(url_for(".proposal", plan=plan, proposal=proposal))
