"""Every failure becomes JSON with a human-readable `message` and, per field, `errors`."""

from typing import Any

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from domain.errors import (
    ConflictError,
    DependencyCycleError,
    DomainError,
    InvalidValueError,
    NotFoundError,
    StaleVersionError,
    StoreNotInitialisedError,
)
from service.maps import MapRenderError

STATUS_BY_ERROR: list[tuple[type[DomainError], int]] = [
    (InvalidValueError, 422),
    (NotFoundError, 404),
    (StaleVersionError, 412),
    (ConflictError, 409),
    (StoreNotInitialisedError, 503),
]


def register_errorhandlers(app: Flask) -> None:
    app.register_error_handler(DomainError, domain_error)
    app.register_error_handler(MapRenderError, map_render_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(RecursionError, too_deeply_nested)
    app.register_error_handler(Exception, unexpected_error)


def wants_page() -> bool:
    """Pages get HTML error pages; the API and /healthz get JSON."""
    return not (request.path.startswith("/api/") or request.path == "/healthz")


def error_page(status: int, message: str) -> Any:
    return render_template("pages/error.html", status=status, message=message), status


def domain_error(error: DomainError) -> Any:
    status = next(code for kind, code in STATUS_BY_ERROR if isinstance(error, kind))
    if wants_page():
        return error_page(status, error.message)
    body: dict[str, Any] = {"code": status, "status": HTTP_STATUS_CODES[status],
                            "message": error.message}
    if error.field:
        body["errors"] = {error.field: [error.message]}
    if isinstance(error, DependencyCycleError):
        body["cycle"] = error.cycle
    return jsonify(body), status


def map_render_error(error: MapRenderError) -> Any:
    current_app.logger.error("map rendering failed: %s", error)
    if wants_page():
        return error_page(503, _("The map could not be drawn just now. Try again later, or show "
                                 "fewer milestones with the filters."))
    return jsonify(code=503, status=HTTP_STATUS_CODES[503],
                   message=f"the map could not be drawn: {error}"), 503


def http_error(error: HTTPException) -> Any:
    if wants_page():
        return error_page(error.code or 500, error.description or error.name)
    data = getattr(error, "data", None) or {}
    errors = flatten(data.get("messages", data.get("errors", {})))
    message = data.get("message") or error.description or error.name
    if errors and "message" not in data:
        message = "invalid input: " + "; ".join(
            f"{field}: {' '.join(messages)}" if field else " ".join(messages)
            for field, messages in errors.items()
        )
    body: dict[str, Any] = {"code": error.code, "status": error.name, "message": message}
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = error.code or 500
    for name, value in (data.get("headers") or {}).items():
        response.headers[name] = value
    return response


def too_deeply_nested(error: RecursionError) -> Any:
    """A JSON or YAML body nested thousands of levels deep exhausts the parser's recursion."""
    current_app.logger.warning("request refused, nested too deeply: %s", error)
    return http_error(BadRequest("the request body is nested too deeply to be read"))


def unexpected_error(error: Exception) -> Any:
    if isinstance(error, HTTPException):
        return http_error(error)
    current_app.logger.exception("unexpected error", exc_info=error)
    return http_error(InternalServerError("an unexpected error occurred; it has been logged"))


def flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """`{"json": {"milestones": {3: {"target_year": [...]}}}}` → `{"milestones.3.target_year": [...]}`."""
    if isinstance(messages, list | tuple):
        if all(isinstance(m, str) for m in messages):
            return {prefix: list(messages)}
        return flatten(dict(enumerate(messages)), prefix)
    if isinstance(messages, str):
        return {prefix: [messages]}
    flat: dict[str, list[str]] = {}
    for key, value in (messages or {}).items():
        # webargs nests by location; the location is not part of the field's name
        if not prefix and key in ("json", "query", "headers", "form", "files", "view_args"):
            name = "body" if key == "json" and not isinstance(value, dict) else ""
        elif key in ("_schema", "_body"):
            name = prefix or "body"
        else:
            name = f"{prefix}.{key}" if prefix else str(key)
        for field, texts in flatten(value, name).items():
            flat.setdefault(field, []).extend(texts)
    return flat
