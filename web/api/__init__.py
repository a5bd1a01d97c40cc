"""The JSON API under `/api/v1`, documented by OpenAPI at `/api/v1/openapi.json`."""

from flask import Flask
from flask_smorest import Api

from web.api import (
    checkpoints,
    dependencies,
    documents,
    follow_up,
    follow_up_year,
    goals,
    history,
    integrity,
    maps,
    milestones,
    plans,
    proposals,
    publication,
    time_travel,
)
from web.api.schemas import ErrorSchema

BLUEPRINTS = (plans.blp, documents.blp, milestones.blp, dependencies.blp, maps.blp,
              time_travel.blp, history.blp, integrity.blp, follow_up.blp, goals.blp,
               follow_up_year.blp, proposals.blp, publication.blp, checkpoints.blp)


class StrategikartaApi(Api):
    """flask-smorest's Api, documenting our errors (with `cycle`) as its `Error` schema."""

    ERROR_SCHEMA = ErrorSchema


def register(app: Flask) -> None:
    app.config.update(
        API_TITLE="Strategikarta",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
    )
    api = StrategikartaApi(app, spec_kwargs={"info": {"description": (
        "Event-sourced change plans: milestones, dependencies and status reports. "
        "Every request except this document, the checkpoints and the proofs needs "
        "`Authorization: Bearer <token>`. "
        "Messages a person reads (`message`, `errors`, a history entry's `summary`, CSV "
        "headers) are in the language of `Accept-Language`: Swedish (`sv`) or English (`en`), "
        "English when it names neither; keys and codes are the same in both.")}})
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.spec.options["security"] = [{"bearerAuth": []}]
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint, url_prefix="/api/v1")
