"""The OpenAPI document is valid and complete enough for tools nobody here wrote."""

from typing import Any

import pytest
from flask.testing import FlaskClient
from openapi_spec_validator import OpenAPIV30SpecValidator

from tests.api_document import operations, served_document


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    return served_document(client)


def test_the_served_document_is_valid_openapi_3_0_3(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.0.3"
    problems = [f"{'/'.join(map(str, error.path))}: {error.message[:200]}"
                for error in OpenAPIV30SpecValidator(document).iter_errors()]
    assert problems == []


def properties_and_required(schema: dict[str, Any]) -> tuple[set[str], set[str]]:
    return set(schema.get("properties", {})), set(schema.get("required", []))


def test_every_response_body_lists_the_fields_it_always_has_as_required(
        document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    inputs = {content["schema"]["$ref"].split("/")[-1]
              for _, _, operation in operations(document)
              for content in operation.get("requestBody", {}).get("content", {}).values()
              if "$ref" in content["schema"]}
    outputs = {content["schema"]["$ref"].split("/")[-1]
               for _, _, operation in operations(document)
               for status, response in operation["responses"].items() if status.startswith("2")
               for content in response.get("content", {}).values() if "$ref" in content["schema"]}
    checked, to_check = set(), outputs - inputs
    while to_check:
        name = to_check.pop()
        checked.add(name)
        properties, required = properties_and_required(schemas[name])
        assert properties and required == properties, (name, properties - required)
        nested = {ref.split("/")[-1] for ref in refs_in(schemas[name])}
        to_check |= nested - checked - inputs - {"FocusArea", "ReportingPeriod"}
    assert {"Plan", "Milestone", "Map", "State", "Diff", "Report", "Change", "MapNode"} <= checked


def refs_in(schema: Any) -> list[str]:
    if isinstance(schema, dict):
        own = [schema["$ref"]] if "$ref" in schema else []
        return own + [ref for value in schema.values() for ref in refs_in(value)]
    if isinstance(schema, list):
        return [ref for value in schema for ref in refs_in(value)]
    return []
