"""What every API view needs: a blueprint factory that authenticates, and the parts of the
OpenAPI document a client generator relies on: operationIds, errors, media types, headers."""

from collections.abc import Callable
from copy import deepcopy
from functools import wraps
from typing import Any, TypeVar

from flask import Request, Response, current_app, url_for
from flask_smorest import Blueprint
from marshmallow import Schema
from webargs.flaskparser import FlaskParser

from web.api.schemas import ErrorSchema
from web.auth import authorise_plan_access

View = TypeVar("View", bound=Callable[..., Any])


class SchemaKeepingParser(FlaskParser):
    """webargs makes a new instance of an argument schema class for every request (a copy of
    each of its fields); schemas hold no state of a request, so one instance per class serves
    them all."""

    def __init__(self) -> None:
        super().__init__()
        self.schemas: dict[type[Schema], Schema] = {}

    def _get_schema(self, argmap: Any, req: Request) -> Schema:
        if isinstance(argmap, type) and issubclass(argmap, Schema):
            if argmap not in self.schemas:
                self.schemas[argmap] = argmap()
            return self.schemas[argmap]
        schema: Schema = super()._get_schema(argmap, req)
        return schema


class ApiBlueprint(Blueprint):
    """flask-smorest's Blueprint, parsing arguments with one schema instance per class."""

    ARGUMENTS_PARSER = SchemaKeepingParser()


def api_blueprint(name: str, description: str,
                  authorise: Callable[[], None] = authorise_plan_access) -> Blueprint:
    """A blueprint of `/api/v1` whose requests are authorised before their body is read."""
    blp = ApiBlueprint(name, __name__, description=description)
    blp.before_request(authorise)
    return blp


def without(data: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in names}


ERRORS = {
    400: "Malformed request: a body that is not JSON (or YAML), nested too deeply, or a "
         "malformed header.",
    401: "No or invalid credentials: send `Authorization: Bearer <token>`.",
    403: "The user's role may not do this.",
    404: "An unknown plan, milestone or other key named in the request.",
    409: "Conflict: a duplicate key, or a concurrent change.",
    412: "`If-Match` names a version that is no longer current: someone changed it meanwhile. "
         "Read it again and decide.",
    422: "Invalid input: `message` says what, `errors` names each field.",
    503: "Unavailable: the map could not be drawn and no earlier drawing of it is at hand, or "
         "the store is not set up.",
}
WWW_AUTHENTICATE = {"WWW-Authenticate": {"description": "`Bearer realm=\"strategikarta\"`",
                                         "schema": {"type": "string"}}}
IF_MATCH = {"in": "header", "name": "If-Match", "required": False, "schema": {"type": "string"},
            "description": "The `ETag` you read (e.g. `\"3\"`): the change is refused with 412 if "
                           "someone changed it since. Without it, the last write wins."}
ETAG = {"ETag": {"description": "The version, for `If-Match` on a later change.",
                 "schema": {"type": "string"}}}
LOCATION = {"Location": {"description": "The URL of what was created (GET it to read it).",
                         "schema": {"type": "string", "format": "uri-reference"}}}


def operation(operation_id: str, *errors: int, if_match: bool = False,
              described: dict[int, str] | None = None) -> dict[str, Any]:
    """`blp.doc` arguments: the operation's stable `operationId` (the name a generated client
    gives it) and every error it may answer with, with the Error schema: 401 always (every API
    blueprint authenticates), the `errors` given, and 412 with an `If-Match` header if the
    operation honours it. `described` words an error for this operation."""
    statuses = sorted({401, *errors, *((412,) if if_match else ())})
    texts = ERRORS | (described or {})
    responses = {status: {"description": texts[status],
                          "content": {"application/json": {"schema": ErrorSchema}}}
                 for status in statuses}
    responses[401]["headers"] = WWW_AUTHENTICATE
    doc: dict[str, Any] = {"operationId": operation_id, "responses": responses}
    if if_match:  # replaces other `parameters`: only for operations whose input is a body
        doc["parameters"] = [IF_MATCH]
    return doc


TEXT = {"type": "string"}
FILE = {"type": "string", "format": "binary"}


def served_as(blp: Blueprint, schema: Any, *media_types: str, description: str,
              structured: tuple[str, ...] = ("application/json",),
              headers: dict[str, Any] | None = None) -> Callable[[View], View]:
    """`blp.response(200, schema)` naming every media type the 200 comes in, in this order: the
    default first, since a generated client reads a 200 as the first media type it knows.
    `schema` describes the `structured` ones (JSON, YAML); text types (CSV, DOT) are text, the
    others (pictures, PDF, workbooks) files (`format: binary`)."""

    def media_schema(media_type: str) -> Any:
        if media_type in structured:
            return schema
        return TEXT if media_type.startswith("text/") else FILE

    def decorator(view: View) -> View:
        view = blp.response(200, schema, description=description, headers=headers)(view)
        # flask-smorest lists a status's media types from the outermost decorator inwards
        for media_type in reversed(media_types):
            view = blp.alt_response(200, schema=media_schema(media_type), description=description,
                                    content_type=media_type.partition(";")[0])(view)
        return view

    return decorator


def located(endpoint: str, **from_body: str) -> Callable[[View], View]:
    """Sends and documents `Location` on a 201: the URL of `endpoint`, with the path parameters
    it shares with this view (`plan`, `key`) and those named here from the created body
    (`plan="key"`: the body's `key` is the plan); any others become its query."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            response: Response = view(*args, **kwargs)
            if response.status_code == 201:
                body = response.get_json() if from_body else {}
                values = {name: body[field] for name, field in from_body.items()}
                rule = next(current_app.url_map.iter_rules(endpoint))
                values |= {name: kwargs[name] for name in rule.arguments
                           if name in kwargs and name not in values}
                response.headers["Location"] = url_for(endpoint, **values)
            return response

        apidoc = deepcopy(getattr(view, "_apidoc", {}))
        manual = apidoc.setdefault("manual_doc", {})
        manual.setdefault("responses", {}).setdefault(201, {})["headers"] = LOCATION
        wrapper._apidoc = apidoc  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator
