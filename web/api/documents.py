"""`/plans/import` and `/plans/{plan}/export`: whole plans as JSON or YAML documents."""

import json
from typing import Any

import yaml
from flask import Response, request
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import ValidationError

from projections.renderers.plan_workbook import plan_template, plan_workbook
from projections.renderers.workbook_cells import WorkbookError
from web.api.common import also_served_as, api_blueprint, workbook_response
from web.api.document_schemas import ExportQuerySchema, PlanDocumentSchema
from web.api.schemas import PlanSchema
from web.auth import actor
from web.files import XLSX_MEDIA_TYPE, attachment, uploaded_workbook
from web.service_access import service
from web.workbook_import import import_plan_workbook

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
        "application/yaml": {"schema": PlanDocumentSchema},
        XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}}}}}})
    @blp.response(201, PlanSchema)
    def post(self) -> Any:
        """Import a whole plan atomically (JSON, YAML or the Excel template): one bad row and
        nothing is stored; every bad row (or cell) is named."""
        workbook = uploaded_workbook()
        if workbook is not None:
            try:
                return import_plan_workbook(service(), workbook, actor())
            except WorkbookError as error:
                abort(422, message=str(error), errors=error.errors)
        try:
            document = load_document(parse_document(request.get_data(),
                                                    request.mimetype in YAML_TYPES))
        except ValidationError as error:
            abort(422, errors=error.messages)
        return service().documents.import_plan(document, actor=actor())


@blp.route("/plans/<plan>/export")
class PlanExport(MethodView):
    @blp.arguments(ExportQuerySchema, location="query")
    @blp.response(200, PlanDocumentSchema)
    @blp.doc(**also_served_as(PlanDocumentSchema, XLSX_MEDIA_TYPE,
                              same_structure=("application/yaml",)))
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """The plan as a document (JSON, YAML or an Excel workbook) that `import` takes back."""
        fmt = query["format"]
        if fmt == "xlsx":
            return attachment(plan_workbook(service().documents.export_plan(plan)), XLSX_MEDIA_TYPE,
                              f"{plan}.xlsx")
        body = dump_document(service().documents.export_plan(plan), fmt)
        mimetype = "application/yaml" if fmt == "yaml" else "application/json"
        return Response(body, mimetype=mimetype, headers={
            "Content-Disposition": f'attachment; filename="{plan}.{fmt}"'})


@blp.route("/templates/plan")
class PlanTemplate(MethodView):
    @blp.response(200, description="An Excel workbook to fill in")
    @blp.doc(**workbook_response())
    def get(self) -> Any:
        """The Excel template of a whole plan, with instructions and the default reporting
        periods; fill it in and send it to `POST /plans/import`."""
        return attachment(plan_template(), XLSX_MEDIA_TYPE, "plan-mall.xlsx")
