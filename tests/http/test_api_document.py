"""The OpenAPI document is valid and complete enough for tools nobody here wrote."""

from typing import Any

import pytest
from flask.testing import FlaskClient
from openapi_spec_validator import OpenAPIV30SpecValidator

from tests.api_document import served_document


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    return served_document(client)


def test_the_served_document_is_valid_openapi_3_0_3(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.0.3"
    problems = [f"{'/'.join(map(str, error.path))}: {error.message[:200]}"
                for error in OpenAPIV30SpecValidator(document).iter_errors()]
    assert problems == []
