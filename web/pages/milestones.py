"""A milestone's page: details, effects, dependencies, status timeline; planners edit here."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from domain.errors import DomainError, StaleVersionError
from web.messages import say
from web.pages.form_data import given, show_error
from web.pages.forms import (
    CONFIRMED,
    DependencyForm,
    EditForm,
    RemoveDependencyForm,
    StatusForm,
    with_placements,
)
from web.pages.what_if import a_year_later
from web.service_access import service

bp = Blueprint("pages_milestones", __name__)


def edit_form(plan: Any, milestone: Any, form: EditForm | None = None) -> EditForm:
    if form is None:
        form = EditForm(prefix="edit", data={"title": milestone.title, "description": milestone.description,
                              "focus_area": milestone.focus_area,
                              "target_year": milestone.target_year,
                              "kind": milestone.kind.value,
                              "responsible": ", ".join(milestone.responsible),
                              "version": milestone.version})
    return with_placements(form, plan)


def dependency_form(plan_key: str, key: str, form: DependencyForm | None = None) -> DependencyForm:
    form = form or DependencyForm(prefix="dependency")
    form.to.choices = [(m.key, f"{m.key}: {m.title}") for m in service().milestones.list(plan_key)
                       if m.key != key]
    return form


def page(plan_key: str, key: str, status: int = 200, **forms: FlaskForm) -> Any:
    plan, milestone = service().plans.get(plan_key), service().milestones.get(plan_key, key)
    slipped, cannot_slip = a_year_later(plan_key, milestone)
    return render_template(
        "pages/milestone.html", plan=plan, milestone=milestone, slipped=slipped,
        cannot_slip=cannot_slip,
        reports=list(reversed(service().milestones.status_history(plan_key, key))),
        form=forms.get("form") or StatusForm(
            data={"reported_for": service().follow_up.current_round(plan_key)}),
        edit=edit_form(plan, milestone, forms.get("edit")),
        dependency=dependency_form(plan_key, key, forms.get("dependency")),
        remove=RemoveDependencyForm(), titles=service().milestones.titles(plan_key)), status


def writer() -> None:
    if not current_user.may_write:
        abort(403)


@bp.get("/plans/<plan>/milestones/<key>")
@login_required
def milestone(plan: str, key: str) -> Any:
    return page(plan, key)


@bp.post("/plans/<plan>/milestones/<key>/status")
@login_required
def report_status(plan: str, key: str) -> Any:
    """A planner reports a status; the same rules and messages as the API."""
    writer()
    form = StatusForm()
    if not form.validate_on_submit():
        return page(plan, key, 422, form=form)
    try:
        service().milestones.report_status(plan, key, form.status.data, form.comment.data or "",
                                form.reported_for.data, actor=current_user.id,
                                reason=form.reason.data or "")
    except DomainError as error:
        show_error(form, error)
        return page(plan, key, 422, form=form)
    flash(_("The status report is recorded."), "info")
    return redirect(url_for("pages_milestones.milestone", plan=plan, key=key))


@bp.post("/plans/<plan>/milestones/<key>/edit")
@login_required
def edit(plan: str, key: str) -> Any:
    """Edit or move; refused with a clear message if someone else changed it meanwhile."""
    writer()
    form = edit_form(service().plans.get(plan), service().milestones.get(plan, key),
                     EditForm(prefix="edit"))
    if not form.validate_on_submit():
        return page(plan, key, 422, edit=form)
    changes = {"title": form.title.data, "description": form.description.data or "",
               "focus_area": form.focus_area.data, "target_year": form.target_year.data,
               "kind": form.kind.data,
               "responsible": [r.strip() for r in (form.responsible.data or "").split(",")
                               if r.strip()]}
    try:
        service().milestones.edit(plan, key, changes, actor=current_user.id,
                                 reason=form.reason.data or "",
                                 expected_version=int(form.version.data or 0) or None)
    except StaleVersionError:
        flash(_("Someone else changed this milestone while you were editing. Your changes are "
                "not saved: they are still in the form below, next to the current values."),
              "error")
        return page(plan, key, 409, edit=form)
    except DomainError as error:
        show_error(form, error)
        return page(plan, key, 422, edit=form)
    flash(_("The milestone is saved."), "info")
    return redirect(url_for("pages_milestones.milestone", plan=plan, key=key))


@bp.post("/plans/<plan>/milestones/<key>/dependencies")
@login_required
def add_dependency(plan: str, key: str) -> Any:
    writer()
    form = dependency_form(plan, key)
    if not form.validate_on_submit():
        return page(plan, key, 422, dependency=form)
    try:
        service().dependencies.add(plan, key, form.to.data, form.kind.data, actor=current_user.id,
                                 reason=form.reason.data or "")
    except DomainError as error:
        show_error(form, error)
        return page(plan, key, 409 if "cycle" in dir(error) else 422, dependency=form)
    flash(_("The dependency is recorded."), "info")
    return redirect(url_for("pages_milestones.milestone", plan=plan, key=key))


@bp.post("/plans/<plan>/milestones/<key>/dependencies/remove")
@login_required
def remove_dependency(plan: str, key: str) -> Any:
    writer()
    form = RemoveDependencyForm()
    if form.validate_on_submit() and form.confirm.data != CONFIRMED:
        flash(_("Nothing was removed: tick the box to confirm the removal."), "error")
    elif form.validate_on_submit():
        try:
            service().dependencies.remove(plan, key, given(form.to.data), given(form.kind.data),
                                        actor=current_user.id)
        except DomainError as error:
            flash(say(error.message), "error")
            return redirect(url_for("pages_milestones.milestone", plan=plan, key=key))
        flash(_("The dependency is removed."), "info")
    return redirect(url_for("pages_milestones.milestone", plan=plan, key=key))
