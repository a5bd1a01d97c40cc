"""The changes a planner adds to a proposal besides a move, a slip and a drop: a new
milestone, a milestone's fields edited, a dependency added or removed. Each is checked by the
service as the proposal leaves the plan; a refusal is shown at its field (a cycle, 409, with
the cycle), and nothing is stored."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from domain.errors import DomainError
from web.pages.building import effect_field, milestone_fields, responsible
from web.pages.form_data import given
from web.pages.forms import with_placements
from web.pages.proposal_forms import (
    DEPENDENCY_FIELDS,
    DefineForm,
    ProposedDependencyForm,
    ProposedEditForm,
    RemoveProposedDependencyForm,
)
from web.pages.proposal_page import page, refused
from web.service_access import service

bp = Blueprint("pages_proposal_changes", __name__)
CHANGES = "/plans/<plan>/proposals/<proposal>/changes"


@bp.before_request
@login_required
def planners() -> None:
    if not current_user.may_write:
        abort(403)


def added(plan: str, proposal: str, op: str, milestone: str, fields: dict[str, Any],
          sent: tuple[str, FlaskForm], field: Any = None) -> Any:
    """Add the change; refused, the page with the form as sent and the refusal at the field
    `field(error)` names (else the error's own)."""
    name, form = sent
    try:
        service().proposals.add_change(plan, proposal, op, milestone, fields,
                                       actor=current_user.id, reason=form.reason.data or "")
    except DomainError as error:
        where = (None if error.field == "proposal" else field(error) if field
                 else (error.field or "").split(".")[0])
        return refused(plan, proposal, error, where, **{name: form})
    flash(_("The change is added to the proposal."), "info")
    return redirect(url_for("pages_proposals.proposal", plan=plan, proposal=proposal))


@bp.post(f"{CHANGES}/define")
def define(plan: str, proposal: str) -> Any:
    form = with_placements(DefineForm(prefix="define"), service().plans.get(plan))
    if not form.validate_on_submit():
        return page(plan, proposal, 422, define_form=form)
    fields = milestone_fields(form)
    key = fields.pop("key")
    return added(plan, proposal, "define", key, fields, ("define_form", form),
                 lambda error: effect_field(error, fields["effects"]).field)


@bp.post(f"{CHANGES}/edit")
def edit(plan: str, proposal: str) -> Any:
    """The fields that differ from the milestone as the proposal leaves it make the change."""
    form = with_placements(ProposedEditForm(prefix="edit"), service().plans.get(plan))
    if not form.validate_on_submit():
        return page(plan, proposal, 422, edit_form=form)
    key = given(form.key.data)
    sent = {"title": form.title.data, "description": form.description.data or "",
            "focus_area": form.focus_area.data, "target_year": form.target_year.data,
            "kind": form.kind.data, "responsible": responsible(form.responsible.data)}
    try:
        now = service().proposals.proposed_plan(plan, proposal)[1].milestones.get(key)
    except DomainError as error:
        return refused(plan, proposal, error, None, edit_form=form)
    changes = {name: value for name, value in sent.items()
               if now is None or value != current(now, name)}
    if not changes:
        flash(_("Nothing is changed: change a field first."), "error")
        return page(plan, proposal, 422, edit_form=form)
    return added(plan, proposal, "edit", key, changes, ("edit_form", form))


def current(milestone: Any, name: str) -> Any:
    """A milestone's field as the edit form sends it."""
    value = getattr(milestone, name)
    return value.value if name == "kind" else list(value) if name == "responsible" else value


@bp.post(f"{CHANGES}/dependency")
def add_dependency(plan: str, proposal: str) -> Any:
    form = ProposedDependencyForm(prefix="dependency")
    if not form.validate_on_submit():
        return page(plan, proposal, 422, dependency_form=form)
    return added(plan, proposal, "add_dependency", given(form.milestone.data),
                 {"to": form.to.data, "kind": form.kind.data}, ("dependency_form", form),
                 lambda error: DEPENDENCY_FIELDS.get(error.field or ""))


@bp.post(f"{CHANGES}/dependency/remove")
def remove_dependency(plan: str, proposal: str) -> Any:
    form = RemoveProposedDependencyForm(prefix="removal")
    if not form.validate_on_submit():
        return page(plan, proposal, 422, removal_form=form)
    kind, source, target = form.edge()
    return added(plan, proposal, "remove_dependency", source, {"to": target, "kind": kind},
                 ("removal_form", form),
                 lambda error: "reason" if error.field == "reason" else "dependency")
