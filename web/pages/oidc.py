"""Signing in with the region's identity provider (OpenID Connect), through Authlib.

Authlib finds the provider's endpoints and keys in its discovery document, keeps state, nonce
and PKCE verifier in the session between the two requests, and verifies the ID token (issuer,
audience, nonce, expiry, signature by the provider's JWKS). The user the claims name then gets
a session like any other (`Sessions.open`).
"""

import logging
from typing import Any

from flask import Blueprint, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user

from domain.errors import DomainError
from web.error_status import status_of
from web.messages import say
from web.pages.auth import is_local_path, login_page
from web.pages.extensions import limiter
from web.pages.forms import LoginForm
from web.pages.oidc_client import FAILURES, ID_TOKEN, provider, settings
from web.pages.session_user import SessionUser
from web.service_access import service

bp = Blueprint("pages_oidc", __name__, url_prefix="/auth/oidc")
log = logging.getLogger(__name__)
NEXT = "oidc_next"  # where to go after signing in, kept in the session over the round trip
# The longest ID token kept for signing out: the session cookie holds it, and a browser drops
# a cookie over 4 KB (and with it the sign-in). A provider that packs many groups into its
# tokens is then asked to end its session by our client id alone; it may ask the person first.
LONGEST_HINT = 2500


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
        claims, id_token = verified_claims(configured.issuer)
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
    session[ID_TOKEN] = id_token if len(id_token) <= LONGEST_HINT else ""
    target = session.pop(NEXT, "")
    return redirect(target if is_local_path(target) else url_for("pages_plans.start"))


def verified_claims(issuer: str) -> tuple[dict[str, object], str]:
    """The ID token's claims, verified, with the userinfo endpoint's for the same person (many
    providers put the profile, e-mail and groups only there); and the ID token itself."""
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
    return claims, str(token["id_token"])


def failed(reason: str, detail: object) -> Any:
    log.warning("sign-in with the identity provider failed: %s: %s", reason, detail)
    return refused(_("Signing in with the region's account did not work: try again."), 401)


def refused(message: str, status: int) -> Any:
    """The sign-in page again, with why, as a wrong password gets it."""
    flash(message, "error")
    return login_page(LoginForm(), status)
