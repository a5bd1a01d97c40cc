"""The region's identity provider as an OpenID Connect client (Authlib), for signing in and out.

Authlib reads the provider's endpoints and keys from its discovery document once per process
and keeps them.
"""

from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Flask, abort, current_app
from joserfc.errors import JoseError

from service.config import OidcSettings

CLIENT = "region"  # Authlib's name for the provider; its state is kept under `_state_region_…`
TIMEOUT = 10  # seconds for each call to the provider
# What goes wrong on the way: the provider refuses or is unreachable, the answer is not
# what was asked for (state), the ID token does not verify.
FAILURES = (AuthlibBaseError, JoseError, requests.RequestException, ValueError)
# The session key of a sign-in through the provider: its ID token, the hint that lets the
# provider end its own session at sign-out without asking whose ("" when too long to keep).
ID_TOKEN = "oidc_id_token"


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
    """The provider's settings; no provider configured: the page is not there (404)."""
    configured: OidcSettings | None = current_app.config.get("OIDC")
    if configured is None:
        abort(404)
    return configured


def provider() -> Any:
    return current_app.extensions["authlib.integrations.flask_client"].create_client(CLIENT)
