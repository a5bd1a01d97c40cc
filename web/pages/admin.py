"""For administrators: users, their roles, and API tokens."""

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.errors import DomainError
from service.users import check_email
from web.error_status import status_of
from web.messages import say
from web.pages.form_data import given, show_error
from web.pages.forms import CONFIRMED, PasswordForm, RevokeForm, RoleForm, TokenForm, UserForm
from web.pages.identity_form import IdentityLinkForm
from web.pages.year_forms import UserBodiesForm
from web.service_access import service

bp = Blueprint("pages_admin", __name__, url_prefix="/admin")
PASSWORD_PREFIX = "pw"  # the add-user form on the same page has fields of the same names


@bp.before_request
@login_required
def administrators_only() -> None:
    if not current_user.may_manage_users:
        abort(403)


def body_choices() -> list[tuple[str, str]]:
    return [(body.key, f"{body.key}: {body.name}") for body in service().bodies.all()]


def page(form: UserForm | None = None, token: tuple[str, str] | None = None, status: int = 200,
         password_form: PasswordForm | None = None,
         refused: UserBodiesForm | IdentityLinkForm | None = None) -> Any:
    """`refused`: one user's bodies-and-address or link form as sent, with its messages."""
    users = service().users.list()
    password_form = password_form or PasswordForm(prefix=PASSWORD_PREFIX)
    password_form.name.choices = [(user.name, user.name) for user in users]
    form = form or UserForm()
    form.bodies.choices = body_choices()
    reach = {user.name: UserBodiesForm(
        prefix=f"u{index}", formdata=None,
        data={"name": user.name, "bodies": list(user.bodies), "email": user.email})
        for index, user in enumerate(users)}
    # Local users, to link to the region's account, when there is a region's sign-in.
    links = {user.name: IdentityLinkForm(prefix=f"l{index}", formdata=None,
                                         data={"name": user.name})
             for index, user in enumerate(users)
             if not user.issuer and current_app.config.get("OIDC") is not None}
    if isinstance(refused, UserBodiesForm):
        reach[refused.name.data or ""] = refused
    elif refused is not None:
        links[refused.name.data or ""] = refused
    for user_form in reach.values():
        user_form.bodies.choices = body_choices()
    return render_template("pages/admin.html", users=users, form=form,
                           token_form=TokenForm(), role_form=RoleForm(), reach=reach,
                           links=links, password_form=password_form, token=token), status


@bp.get("/")
def users() -> Any:
    return page(UserForm())


@bp.post("/users")
def add_user() -> Any:
    form = UserForm()
    if form.validate_on_submit():
        try:
            service().users.add(given(form.name.data), given(form.role.data), given(form.password.data),
                               actor=current_user.id, bodies=form.bodies.data or [],
                               email=(form.email.data or "").strip())
            flash(_("The user is added."), "info")
            return redirect(url_for("pages_admin.users"))
        except DomainError as error:
            show_error(form, at_bodies(error))
    return page(form, status=422)


def at_bodies(error: DomainError) -> DomainError:
    """`bodies.2` (an unknown body) at the form's one bodies field."""
    if error.field and error.field.startswith("bodies."):
        error.field = "bodies"
    return error


@bp.post("/users/reach")
def set_bodies_and_email() -> Any:
    """The bodies a user reports for, and the address reminders go to."""
    prefix = next((key.split("-")[0] for key in request.form if key.endswith("-name")), "")
    form = UserBodiesForm(prefix=prefix)
    if not form.validate_on_submit():
        return page(refused=form, status=422)
    name = given(form.name.data)
    try:
        check_email((form.email.data or "").strip())  # both are checked before either is stored
        service().users.set_bodies(name, form.bodies.data or [], actor=current_user.id)
        service().users.set_email(name, (form.email.data or "").strip(), actor=current_user.id)
    except DomainError as error:
        show_error(form, at_bodies(error))
        return page(refused=form, status=422)
    flash(_("The bodies and e-mail address of %(name)s are saved.", name=name), "info")
    return redirect(url_for("pages_admin.users"))


@bp.post("/users/link")
def link_identity() -> Any:
    """A local user's person signs in with the region's account from now on, as that user."""
    settings = current_app.config.get("OIDC")
    if settings is None:
        abort(404)
    prefix = next((key.split("-")[0] for key in request.form if key.endswith("-name")), "")
    form = IdentityLinkForm(prefix=prefix)
    if not form.validate_on_submit():
        return page(refused=form, status=422)
    name, subject = given(form.name.data), given(form.subject.data).strip()
    try:
        found = service().provider_users.link(name, settings.issuer, subject, actor=current_user.id,
                                              drop_password=bool(form.drop_password.data))
    except DomainError as error:
        show_error(form, error, "subject")
        return page(refused=form, status=status_of(error))
    flash(_("%(name)s now signs in with the region's account %(subject)s, and no longer with "
            "a password; its groups there set the role from the next sign-in.", name=name,
            subject=subject) if not found.password_hash else
          _("%(name)s now signs in with the region's account %(subject)s, and still with its "
            "password; its groups there set the role from the next sign-in.", name=name,
            subject=subject), "info")
    return redirect(url_for("pages_admin.users"))


@bp.post("/tokens")
def create_token() -> Any:
    """A new API token, shown once: only its hash is kept."""
    form = TokenForm()
    if not form.validate_on_submit():
        abort(400)
    name = given(form.name.data)
    token = service().users.create_token(name, actor=current_user.id)
    body, status = page(token=(name, token))
    # The token is shown once: no browser or proxy cache may keep the page that shows it.
    return body, status, {"Cache-Control": "no-store"}


@bp.post("/roles")
def change_role() -> Any:
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service().users.change_role(given(form.name.data), given(form.role.data),
                                    actor=current_user.id)
        flash(_("The role of %(name)s is changed.", name=form.name.data), "info")
    except DomainError as error:
        flash(say(error.message), "error")
        return page(status=409)
    return redirect(url_for("pages_admin.users"))


@bp.post("/tokens/revoke")
def revoke_tokens() -> Any:
    """Every token of the user stops working at once (a leaked token is revoked this way)."""
    form = RevokeForm()
    if not form.validate_on_submit():
        abort(400)
    if form.confirm.data != CONFIRMED:
        flash(_("No token was revoked: tick the box to confirm."), "error")
        return redirect(url_for("pages_admin.users"))
    service().users.revoke_tokens(given(form.name.data), actor=current_user.id)
    flash(_("Every API token of %(name)s is revoked.", name=form.name.data), "info")
    return redirect(url_for("pages_admin.users"))


@bp.post("/passwords")
def set_password() -> Any:
    form = PasswordForm(prefix=PASSWORD_PREFIX)
    form.name.choices = []  # any user name; the service says if there is no such user
    if form.validate_on_submit():
        try:
            service().users.set_password(given(form.name.data), given(form.password.data),
                                         actor=current_user.id)
            flash(_("The password of %(name)s is changed.", name=form.name.data), "info")
            return redirect(url_for("pages_admin.users"))
        except DomainError as error:
            show_error(form, error, "password" if error.field == "password" else "name")
    return page(password_form=form, status=422)
