"""What every API view needs: the service, a blueprint factory that authenticates."""

from typing import Any

from flask import current_app
from flask_smorest import Blueprint

from service.application import Strategikarta
from web.auth import authenticate


def service() -> Strategikarta:
    app: Strategikarta = current_app.extensions["strategikarta"]
    return app


def api_blueprint(name: str, description: str) -> Blueprint:
    """A blueprint of `/api/v1` whose every request must carry valid credentials."""
    blp = Blueprint(name, __name__, description=description)
    blp.before_request(authenticate)
    return blp


def without(data: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in names}
