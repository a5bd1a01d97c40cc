"""Plan documents as text: JSON or YAML in (checked by the document schema), JSON or YAML out.

Shared by the API and the command line."""

import json
from typing import Any

import yaml
from marshmallow import ValidationError

from domain.messages import N_, Message
from web.api.document_schemas import PlanDocumentSchema
from web.storable_text import parse_body


def parse_document(raw: bytes | str, is_yaml: bool) -> Any:
    """JSON or YAML text → data; a clear error instead of a parser's stack trace. An integer
    too long to read is kept as a `TooLongNumber`, for the schema to refuse by name."""
    try:
        return parse_body(raw, is_yaml)
    except (yaml.YAMLError, ValueError) as error:
        kind = "YAML" if is_yaml else "JSON"
        raise ValidationError({"_body": [Message(N_("not valid %(kind)s: %(error)s"), kind=kind,
                                                 error=str(error))]}) from None


def load_document(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidationError({"_body": [Message(N_("a plan document must be an object (a "
                                                    "mapping)"))]})
    document: dict[str, Any] = PlanDocumentSchema().load(data)
    return document


def dump_document(document: dict[str, Any], fmt: str) -> str:
    if fmt == "yaml":
        return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    return json.dumps(document, ensure_ascii=False, indent=2)
