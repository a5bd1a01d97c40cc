"""Signing in and out. One message for every failure, so names cannot be probed."""

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from service.demo import DEMO_USERS, demo_password_file, is_demo_store
from web.pages.extensions import limiter
from web.pages.form_data import given
from web.pages.forms import ROLE_CHOICES, LoginForm
from web.pages.oidc_client import ID_TOKEN
from web.pages.provider_sign_out import sign_out_at_provider
from web.pages.session_user import SessionUser
from web.service_access import service as app_service

bp = Blueprint("pages_auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def login() -> Any:
    """The sign-in page."""
    form = LoginForm()
    if form.validate_on_submit():
        signed_in = app_service().sessions.begin(given(form.name.data),
                                                 given(form.password.data))
        if signed_in is not None:
            login_user(SessionUser(signed_in.user, signed_in.session))
            session.pop(ID_TOKEN, None)  # a sign-in through the provider before is over
            target = request.args.get("next", "")
            return redirect(target if is_local_path(target) else url_for("pages_plans.start"))
        flash(_("Wrong user name or password."), "error")
        return login_page(form, 401)
    return login_page(form, 422 if form.errors else 200)


def login_page(form: LoginForm, status: int) -> Any:
    """The form, and on a demo store how to get in: its users and where their password is."""
    demo = is_demo_store(app_service())
    return render_template(
        "pages/login.html", form=form, demo_users=DEMO_USERS if demo else (),
        role_names=dict(ROLE_CHOICES), oidc=current_app.config.get("OIDC") is not None,
        password_file=demo_password_file(current_app.config["DATABASE_URL"]) if demo else None,
    ), status


@bp.post("/logout")
@login_required
def logout() -> Any:
    """Signing out ends the session in the log: a copy of the cookie is refused too. Signed
    in through the region's identity provider, the person is signed out there too."""
    try:
        app_service().sessions.end(current_user.get_id(), reason="signed out")
    finally:
        logout_user()  # this browser is signed out even if the store could not record it
        id_token = session.pop(ID_TOKEN, None)
    flash(_("You are signed out."), "info")
    if id_token is not None and current_app.config.get("OIDC") is not None:
        return sign_out_at_provider(id_token)
    return redirect(url_for("pages_auth.login"))


def is_local_path(target: str) -> bool:
    """A path on this site. Browsers read `\\` as `/` and drop tabs and newlines, so
    `/\\evil.example` or `/<tab>/evil.example` would lead to another site."""
    return (target.startswith("/") and not target.startswith("//")
            and not any(c == "\\" or ord(c) < 0x20 or ord(c) == 0x7F for c in target))
