"""The organisation's bodies (fullmäktige, styrelse, nämnder, förvaltningar): planners and
administrators list them and add one."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.errors import DomainError
from web.pages.form_data import given
from web.pages.milestones import show_error
from web.pages.year_forms import BODY_KIND_LABELS, BodyForm
from web.service_access import service

bp = Blueprint("pages_bodies", __name__)


def may_keep_bodies() -> bool:
    return bool(current_user.may_write or current_user.may_manage_users)


def bodies_page(form: BodyForm, status: int = 200) -> Any:
    if not may_keep_bodies():
        abort(403)
    return render_template("pages/bodies.html", bodies=service().bodies.all(), form=form,
                           kind_labels=BODY_KIND_LABELS), status


@bp.get("/bodies")
@login_required
def bodies() -> Any:
    return bodies_page(BodyForm(formdata=None))


@bp.post("/bodies")
@login_required
def add_body() -> Any:
    """A new body; `responsible` entries equal to its key then link to it."""
    if not may_keep_bodies():
        abort(403)
    form = BodyForm()
    if form.validate_on_submit():
        try:
            service().bodies.add(given(form.key.data).strip(), given(form.name.data),
                                 given(form.kind.data), actor=current_user.id)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The body is added."), "info")
            return redirect(url_for("pages_bodies.bodies"))
    return bodies_page(form, 422)
