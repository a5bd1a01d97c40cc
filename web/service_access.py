"""The application behind the current request: one Strategikarta per process, attached to the
Flask app by `create_app`; every view, page and check reaches it here."""

from flask import current_app

from service.application import Strategikarta

EXTENSION = "strategikarta"


def service() -> Strategikarta:
    app: Strategikarta = current_app.extensions[EXTENSION]
    return app
