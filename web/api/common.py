"""What every API view needs: the service, a blueprint factory that authenticates."""

from collections.abc import Callable
from typing import Any

from flask_smorest import Blueprint

from web.auth import authorise_plan_access


def api_blueprint(name: str, description: str,
                  authorise: Callable[[], None] = authorise_plan_access) -> Blueprint:
    """A blueprint of `/api/v1` whose requests are authorised before their body is read."""
    blp = Blueprint(name, __name__, description=description)
    blp.before_request(authorise)
    return blp


BINARY_TYPES = ("image/png", "application/pdf",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def also_served_as(json_schema: Any, *media_types: str,
                   same_structure: tuple[str, ...] = ()) -> dict[str, Any]:
    """`blp.doc` arguments naming every media type of a 200 response: JSON, the same data in
    another notation (`same_structure`, e.g. YAML), and opaque ones (CSV, pictures)."""
    binary = {"type": "string", "format": "binary"}
    content = {media_type: {"schema": binary if media_type in BINARY_TYPES
                            else {"type": "string"}} for media_type in media_types}
    content |= {media_type: {"schema": json_schema} for media_type in same_structure}
    return {"responses": {200: {"content": {"application/json": {"schema": json_schema},
                                            **content}}}}


def without(data: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in names}


def workbook_response() -> dict[str, Any]:
    """`blp.doc` arguments of a 200 response that is an Excel workbook only."""
    return {"responses": {200: {"content": {BINARY_TYPES[2]: {
        "schema": {"type": "string", "format": "binary"}}}}}}
