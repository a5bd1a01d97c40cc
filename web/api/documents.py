"""`/plans/import` and `/plans/{plan}/export`: whole plans as JSON or YAML documents."""

import json
from typing import Any

import yaml
from flask import Response, request
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import ValidationError

from web.api.common import also_served_as, api_blueprint, service
from web.api.document_schemas import ExportQuerySchema, PlanDocumentSchema
from web.api.schemas import PlanSchema
from web.auth import actor

blp = api_blueprint("documents", "Import and export of whole plans.")
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")


def parse_document(raw: bytes | str, is_yaml: bool) -> Any:
    """JSON or YAML text → data; a clear error instead of a parser's stack trace."""
    try:
        return yaml.safe_load(raw) if is_yaml else json.loads(raw)
    except (yaml.YAMLError, ValueError) as error:
        kind = "YAML" if is_yaml else "JSON"
        raise ValidationError({"_body": [f"not valid {kind}: {error}"]}) from None


def load_document(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidationError({"_body": ["a plan document must be an object (a mapping)"]})
    document: dict[str, Any] = PlanDocumentSchema().load(data)
    return document


def dump_document(document: dict[str, Any], fmt: str) -> str:
    if fmt == "yaml":
        return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    return json.dumps(document, ensure_ascii=False, indent=2)


@blp.route("/plans/import")
class PlanImport(MethodView):
    @blp.doc(requestBody={"content": {
        "application/json": {"schema": PlanDocumentSchema},
        "application/yaml": {"schema": PlanDocumentSchema}}})
    @blp.response(201, PlanSchema)
    def post(self) -> Any:
        """Import a whole plan atomically: one bad row and nothing is stored."""
        try:
            document = load_document(parse_document(request.get_data(),
                                                    request.mimetype in YAML_TYPES))
        except ValidationError as error:
            abort(422, errors=error.messages)
        return service().import_plan(document, actor=actor())


@blp.route("/plans/<plan>/export")
class PlanExport(MethodView):
    @blp.arguments(ExportQuerySchema, location="query")
    @blp.response(200, PlanDocumentSchema)
    @blp.doc(**also_served_as(PlanDocumentSchema, same_structure=("application/yaml",)))
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """The plan as a document that `import` takes back."""
        fmt = query["format"]
        body = dump_document(service().export_plan(plan), fmt)
        mimetype = "application/yaml" if fmt == "yaml" else "application/json"
        return Response(body, mimetype=mimetype, headers={
            "Content-Disposition": f'attachment; filename="{plan}.{fmt}"'})
