"""Signing out of the region's identity provider too (OpenID Connect RP-Initiated Logout 1.0),
for a person who signed in through it.

The browser is sent to the provider's `end_session_endpoint` with the ID token of the sign-in
as `id_token_hint` and our sign-in page as `post_logout_redirect_uri`. It goes there from a
page that navigates, not as the sign-out form's redirect: a form's redirect elsewhere is held
to the Content-Security-Policy's `form-action 'self'`, which stays as it is.
"""

import logging
from typing import Any
from urllib.parse import urlencode

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from web.pages.oidc_client import FAILURES, provider, settings

log = logging.getLogger(__name__)


def end_session_url(endpoint: str, id_token: str, client_id: str, back_to: str) -> str:
    """The provider's sign-out for this sign-in; without the ID token (too long to keep),
    our client id tells the provider whose sign-out it is."""
    query = {"id_token_hint": id_token} if id_token else {}
    query |= {"client_id": client_id, "post_logout_redirect_uri": back_to}
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"


def sign_out_at_provider(id_token: str) -> Any:
    """The page that takes the browser on to the provider's sign-out; signed out here only,
    and told so, when the provider has no sign-out or does not answer."""
    try:
        endpoint = provider().load_server_metadata().get("end_session_endpoint")
    except FAILURES:
        log.exception("the identity provider's discovery document could not be read")
        flash(_("The region's sign-in does not answer just now, so you may still be signed in "
                "there: close the browser to be sure."), "error")
        return redirect(url_for("pages_auth.login"))
    if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
        flash(_("The region's sign-in cannot be signed out of from here: close the browser "
                "to sign out there too."), "info")
        return redirect(url_for("pages_auth.login"))
    url = end_session_url(endpoint, id_token, settings().client_id,
                          url_for("pages_auth.login", _external=True))
    # The page holds the ID token: no cache may keep it.
    return render_template("pages/signing_out.html", url=url), 200, {"Cache-Control": "no-store"}
