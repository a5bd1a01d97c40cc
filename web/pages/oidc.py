"""Signing in with the region's identity provider (OpenID Connect), through Authlib.

Authlib finds the provider's endpoints and keys in its discovery document, keeps state, nonce
and PKCE verifier in the session between the two requests, and verifies the ID token (issuer,
audience, nonce, expiry, signature by the provider's JWKS). The user the claims name then gets
a session like any other (`Sessions.open`).
"""

import logging
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user
from joserfc.errors import JoseError

from domain.errors import DomainError
from service.config import OidcSettings
from web.error_status import status_of
from web.messages import say
from web.pages.auth import is_local_path, login_page
from web.pages.extensions import limiter
from web.pages.forms import LoginForm
from web.pages.session_user import SessionUser
from web.service_access import service

bp = Blueprint("pages_oidc", __name__, url_prefix="/auth/oidc")
log = logging.getLogger(__name__)
CLIENT = "region"  # Authlib's name for the provider; its state is kept under `_state_region_…`
NEXT = "oidc_next"  # where to go after signing in, kept in the session over the round trip
TIMEOUT = 10  # seconds for each call to the provider
# What goes wrong on the way: the provider refuses or is unreachable, the answer is not
# what was asked for (state), the ID token does not verify.
FAILURES = (AuthlibBaseError, JoseError, requests.RequestException, ValueError)


def init_app(app: Flask) -> None:
    """Register the provider with Authlib when the configuration names one (`OIDC`)."""
    settings: OidcSettings | None = app.config.get("OIDC")
    if settings is None:
        return
    oauth = OAuth(app)
    oauth.register(CLIENT, client_id=settings.client_id, client_secret=settings.client_secret,
                   server_metadata_url=settings.discovery_url,
                   client_kwargs={"scope": settings.scopes, "code_challenge_method": "S256",
                                  "default_timeout": TIMEOUT})


def settings() -> OidcSettings:
    configured: OidcSettings | None = current_app.config.get("OIDC")
    if configured is None:
        abort(404)
    return configured


def provider() -> Any:
    return current_app.extensions["authlib.integrations.flask_client"].create_client(CLIENT)


@bp.get("/login")
def start() -> Any:
    """Off to the provider's sign-in, which sends the browser back to `callback`."""
    settings()
    target = request.args.get("next", "")
    session[NEXT] = target if is_local_path(target) else ""
    try:
        return provider().authorize_redirect(url_for(".callback", _external=True))
    except FAILURES:
        log.exception("the identity provider's discovery document could not be read")
        return refused(_("The region's sign-in does not answer just now: try again later, "
                         "or sign in with a password."), 503)


@bp.get("/callback")
@limiter.limit("30 per minute")
def callback() -> Any:
    """The provider's answer: a code to exchange for a verified ID token, or an error."""
    configured = settings()
    if request.args.get("iss", configured.issuer) != configured.issuer:  # RFC 9207: mix-up
        return failed("the answer names another issuer", request.args.get("iss"))
    try:
        claims = verified_claims(configured.issuer)
    except FAILURES as error:
        return failed(type(error).__name__, error)
    try:
        user = service().provider_users.sign_in(configured.issuer, claims, configured.roles,
                                                configured.name_claim)
    except DomainError as error:
        log.info("sign-in refused for %s at %s (%s: %s): %s", claims.get("sub"),
                 configured.issuer, configured.roles.claim,
                 claims.get(configured.roles.claim), error)
        return refused(say(error.message), status_of(error))
    login_user(SessionUser(user, service().sessions.open(user).session))
    target = session.pop(NEXT, "")
    return redirect(target if is_local_path(target) else url_for("pages_plans.start"))


def verified_claims(issuer: str) -> dict[str, object]:
    """The ID token's claims, verified, with the userinfo endpoint's for the same person (many
    providers put the profile, e-mail and groups only there)."""
    client = provider()
    token = client.authorize_access_token(
        claims_options={"iss": {"essential": True, "value": issuer}})
    id_claims = token.get("userinfo")
    if not id_claims:  # no ID token, or none Authlib could check against its nonce
        raise ValueError("the provider sent no ID token")
    claims = dict(id_claims)
    if "userinfo_endpoint" in client.load_server_metadata():
        more = dict(client.userinfo(token=token))
        if more.get("sub") != claims["sub"]:
            raise ValueError("userinfo names another subject than the ID token")
        claims = {**more, **claims}  # the signed token wins where both say something
    return claims


def failed(reason: str, detail: object) -> Any:
    log.warning("sign-in with the identity provider failed: %s: %s", reason, detail)
    return refused(_("Signing in with the region's account did not work: try again."), 401)


def refused(message: str, status: int) -> Any:
    """The sign-in page again, with why, as a wrong password gets it."""
    flash(message, "error")
    return login_page(LoginForm(), status)
