"""A milestone's page: details, effects, dependencies, status timeline; planners report here."""

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.errors import DomainError
from web.pages.forms import STATUS_LABELS, StatusForm

bp = Blueprint("pages_milestones", __name__)


def page(plan: str, key: str, form: StatusForm, status: int = 200) -> Any:
    service = current_app.extensions["strategikarta"]
    return render_template(
        "pages/milestone.html", plan=service.get_plan(plan),
        milestone=service.get_milestone(plan, key),
        reports=list(reversed(service.status_history(plan, key))), form=form,
        status_labels=STATUS_LABELS), status


@bp.get("/plans/<plan>/milestones/<key>")
@login_required
def milestone(plan: str, key: str) -> Any:
    return page(plan, key, StatusForm())


@bp.post("/plans/<plan>/milestones/<key>/status")
@login_required
def report_status(plan: str, key: str) -> Any:
    """A planner reports a status; the same rules and messages as the API."""
    if not current_user.may_write:
        abort(403)
    form = StatusForm()
    if not form.validate_on_submit():
        return page(plan, key, form, 422)
    try:
        current_app.extensions["strategikarta"].report_status(
            plan, key, form.status.data, form.comment.data or "", form.reported_for.data,
            actor=current_user.id, reason=form.reason.data or "")
    except DomainError as error:
        field = getattr(form, error.field or "", None)
        if field is not None:
            field.errors = [*field.errors, error.message]
        else:
            flash(error.message, "error")
        return page(plan, key, form, 422)
    flash(_("The status report is recorded."), "info")
    return redirect(url_for("pages_milestones.milestone", plan=plan, key=key))
