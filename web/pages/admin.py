"""For administrators: users, their roles, and API tokens."""

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.errors import DomainError
from web.pages.forms import TokenForm, UserForm

bp = Blueprint("pages_admin", __name__, url_prefix="/admin")


def service() -> Any:
    return current_app.extensions["strategikarta"]


@bp.before_request
@login_required
def administrators_only() -> None:
    if not current_user.may_manage_users:
        abort(403)


def page(form: UserForm, token: str | None = None, status: int = 200) -> Any:
    state = service().catch_up()
    with state.lock:
        users = sorted(state.users.values(), key=lambda user: user.name)
    return render_template("pages/admin.html", users=users, form=form, token_form=TokenForm(),
                           token=token), status


@bp.get("/")
def users() -> Any:
    return page(UserForm())


@bp.post("/users")
def add_user() -> Any:
    form = UserForm()
    if form.validate_on_submit():
        try:
            service().add_user(form.name.data, form.role.data, form.password.data,
                               actor=current_user.id)
            flash(_("The user is added."), "info")
            return redirect(url_for("pages_admin.users"))
        except DomainError as error:
            field = getattr(form, error.field or "", None)
            if field is not None:
                field.errors = [*field.errors, error.message]
            else:
                flash(error.message, "error")
    return page(form, status=422)


@bp.post("/tokens")
def create_token() -> Any:
    """A new API token, shown once: only its hash is kept."""
    form = TokenForm()
    if not form.validate_on_submit():
        abort(400)
    token = service().create_token(form.name.data, actor=current_user.id)
    body, status = page(UserForm(), token=(form.name.data, token))
    # The token is shown once: no browser or proxy cache may keep the page that shows it.
    return body, status, {"Cache-Control": "no-store"}
