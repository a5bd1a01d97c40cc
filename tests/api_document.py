"""The served OpenAPI document, read the way the tests of the API contract read it."""

from collections.abc import Iterator
from typing import Any

from flask.testing import FlaskClient

API = "/api/v1"
METHODS = ("get", "put", "post", "delete", "patch")


def served_document(client: FlaskClient) -> dict[str, Any]:
    document: dict[str, Any] = client.get(f"{API}/openapi.json").json
    return document


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, path without the `/api/v1` prefix, operation) of every operation."""
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield method.upper(), path.removeprefix(API), item[method]
