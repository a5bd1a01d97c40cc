"""The Flask edge: app factory, JSON API, (later) HTML pages, and the command line."""

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, jsonify
from werkzeug.middleware.proxy_fix import ProxyFix

from domain.user import SESSION_LIFETIME
from service.application import Strategikarta
from service.config import (
    database_url,
    oidc_settings,
    persistence_env,
    plans_on_demand,
)
from service.workbooks import MAX_WORKBOOK_BYTES
from web import api, errors, pages, public
from web.service_access import EXTENSION
from web.storable_text import refuse_unreadable_body


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask app; `test_config` may set DATABASE_URL, SECRET_KEY or a ready SERVICE."""
    app = Flask(__name__)
    configure(app, test_config or {})
    attach_service(app)
    api.register(app)
    pages.register(app)
    public.register(app)
    for blueprint in api.BLUEPRINTS:  # the API authenticates by bearer token, not cookie
        pages.extensions.csrf.exempt(blueprint)
    errors.register_errorhandlers(app)  # after the API's, which it replaces
    app.before_request(refuse_unreadable_body)
    register_basic_routes(app)
    trust_proxies(app)
    return app


def configure(app: Flask, test_config: Mapping[str, Any]) -> None:
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("STRATEGIKARTA_SECRET_KEY") or os.urandom(32).hex(),
        DATABASE_URL=database_url(),
        MAX_CONTENT_LENGTH=MAX_WORKBOOK_BYTES,  # the largest body is an uploaded workbook
        TRUSTED_PROXIES=int(os.environ.get("STRATEGIKARTA_TRUSTED_PROXIES") or 0),
        # Served over HTTPS (as behind a TLS proxy): session cookies are never sent in clear.
        SESSION_COOKIE_SECURE=os.environ.get("STRATEGIKARTA_HTTPS") == "1",
        # Who runs this Strategikarta: named in the footer and the accessibility statement.
        ORGANISATION=os.environ.get("STRATEGIKARTA_ORGANISATION", ""),
        CONTACT_EMAIL=os.environ.get("STRATEGIKARTA_CONTACT_EMAIL", ""),
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,  # not Flask's 31 days
        OIDC=oidc_settings(),  # the region's identity provider, or None: passwords only
        PLANS_ON_DEMAND=plans_on_demand(),  # a worker holds the plans read lately, or all
    )
    app.config.update(test_config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]


def trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies, take the client's address and scheme from X-Forwarded-*.

    Only then: a client talking to us directly could otherwise claim any address, and
    the sign-in limit, kept per address, would count every user behind a proxy as one.
    """
    hops = int(app.config["TRUSTED_PROXIES"])
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops,  # type: ignore[method-assign]
                                x_host=hops, x_prefix=hops)


def attach_service(app: Flask) -> None:
    service = app.config.get("SERVICE")
    if service is None:
        service = Strategikarta(persistence_env(app.config["DATABASE_URL"]),
                                plans_on_demand=app.config["PLANS_ON_DEMAND"])
        with service.log_watch.checking_fold():  # the log, as it is read, against its checkpoints
            service.store.catch_up()  # fail at start-up, with a clear message, if the store is not set up
        service.maps.warm_up()
        # With a signing key, a checkpoint within a minute of every write; with or without, the
        # derived tables kept near the log's end and the signed log rehashed as it goes.
        service.log_watch.start()
    app.extensions[EXTENSION] = service


def register_basic_routes(app: Flask) -> None:
    @app.get("/healthz")
    def healthz() -> Any:
        """Liveness and store reachability, without credentials."""
        service: Strategikarta = app.extensions[EXTENSION]
        return jsonify(ok=True, position=service.store.catch_up().position)
