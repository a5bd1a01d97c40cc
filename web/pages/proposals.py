"""For planners (auditors read): a plan's proposals, one proposal side by side with the plan,
and the forms that make one, add its changes, withdraw it and adopt it with the revision."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from domain.errors import DomainError
from web.error_status import status_of
from web.messages import say
from web.pages.form_data import given, show_error
from web.pages.forms import RevisionForm
from web.pages.proposal_forms import (
    CHANGE_FIELDS,
    WITH_YEAR,
    ChangeForm,
    ImportForm,
    ProposalForm,
    WithdrawForm,
)
from web.pages.proposal_page import page, refused
from web.pages.proposal_upload import ImportRefused, imported_proposal
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
    return listing(plan, status, form=form)


def listing(plan: str, status: int, problems: dict[str, list[str]] | None = None,
            **forms: FlaskForm) -> Any:
    """The list page; `forms` the one just sent, with its errors, `problems` its file's."""
    listed = sorted(service().proposals.list(plan), key=lambda p: (p.state != "open", p.key))
    return render_template(
        "pages/proposals.html", plan=service().plans.get(plan), proposals=listed,
        form=forms.get("form") or ProposalForm(formdata=None),
        import_form=forms.get("import_form") or ImportForm(formdata=None, prefix="import"),
        problems=problems or {}), status


@bp.post("/plans/<plan>/proposals/import")
def import_proposal(plan: str) -> Any:
    """A proposal of the revised plan uploaded (workbook or document), as the API's import."""
    writer()
    form = ImportForm(prefix="import")
    if not form.validate_on_submit():
        return listing(plan, 422, import_form=form)
    try:
        imported = imported_proposal(plan, form)
    except ImportRefused as refusal:
        return listing(plan, refusal.status, refusal.problems, import_form=form)
    except DomainError as error:  # a key taken (409) at its field; a row's problem named
        if error.field in ("key", "title", "description"):
            show_error(form, error)
            return listing(plan, status_of(error), import_form=form)
        return listing(plan, status_of(error), {error.field or "": [say(error.message)]},
                       import_form=form)
    flash(_("The proposal is made of the revised plan: check its changes."), "info")
    for note in imported.notes:
        flash(say(note), "info")
    return redirect(url_for(".proposal", plan=plan, proposal=imported.proposal.key))


@bp.get("/plans/<plan>/proposals/<proposal>")
def proposal(plan: str, proposal: str) -> Any:
    """The proposal: its changes, its diff and analysis, whether it is stale, its forms."""
    return page(plan, proposal)


@bp.post("/plans/<plan>/proposals/<proposal>/changes")
def add_change(plan: str, proposal: str) -> Any:
    writer()
    form = ChangeForm().with_choices([], range(1900, 2200))
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
    form = WithdrawForm(prefix="withdraw")
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
    form = RevisionForm(prefix="adopt")
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
