"""`/plans/import` and `/plans/{plan}/export`: whole plans as JSON or YAML documents."""

from typing import Any

from flask import Response, request
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import ValidationError

from service.workbooks import WorkbookError
from web.api.common import api_blueprint, located, operation, served_as
from web.api.document_schemas import ExportQuerySchema, PlanDocumentSchema
from web.api.schemas import PlanSchema
from web.auth import actor
from web.documents import dump_document, load_document, parse_document
from web.files import XLSX_MEDIA_TYPE, attachment, disposition, uploaded_workbook
from web.service_access import service

blp = api_blueprint("documents", "Import and export of whole plans.")
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")


@blp.route("/plans/import")
class PlanImport(MethodView):
    @located("plans.PlanResource", plan="key")
    @blp.doc(**operation("importPlan", 400, 403, 409, 422))
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
                return service().workbooks.import_plan(workbook, actor())
            except WorkbookError as error:
                abort(422, message=error.message, errors=error.errors)
        try:
            document = load_document(parse_document(request.get_data(),
                                                    request.mimetype in YAML_TYPES))
        except ValidationError as error:
            abort(422, errors=error.messages)
        return service().documents.import_plan(document, actor=actor())


@blp.route("/plans/<plan>/export")
class PlanExport(MethodView):
    @blp.doc(**operation("exportPlan", 404))
    @blp.arguments(ExportQuerySchema, location="query")
    @served_as(blp, PlanDocumentSchema, "application/json", "application/yaml", XLSX_MEDIA_TYPE,
               structured=("application/json", "application/yaml"), description="JSON, YAML or XLSX")
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """The plan as a document (JSON, YAML or an Excel workbook) that `import` takes back."""
        fmt = query["format"]
        if fmt == "xlsx":
            return attachment(service().workbooks.export_plan(plan), XLSX_MEDIA_TYPE,
                              f"{plan}.xlsx")
        body = dump_document(service().documents.export_plan(plan), fmt)
        mimetype = "application/yaml" if fmt == "yaml" else "application/json"
        return Response(body, mimetype=mimetype,
                        headers={"Content-Disposition": disposition(f"{plan}.{fmt}")})


@blp.route("/templates/plan")
class PlanTemplate(MethodView):
    @blp.doc(**operation("getPlanTemplate"))
    @served_as(blp, None, XLSX_MEDIA_TYPE, description="An Excel workbook to fill in")
    def get(self) -> Any:
        """The Excel template of a whole plan, with instructions and the default reporting
        periods; fill it in and send it to `POST /plans/import`."""
        return attachment(service().workbooks.plan_template(), XLSX_MEDIA_TYPE, "plan-mall.xlsx")
