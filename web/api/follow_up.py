"""Follow-up: reporting periods, the report on a reporting date, the trend, report rounds."""

from typing import Any

from flask import Response, request
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import ValidationError

from domain.errors import DomainError
from service.follow_up import VersionedPeriods
from service.workbooks import WorkbookError
from web.api.common import api_blueprint, located, operation, served_as
from web.api.follow_up_schemas import (
    ReportingPeriodsSchema,
    ReportQuerySchema,
    ReportSchema,
    StatusRoundResultSchema,
    StatusRoundSchema,
    TrendQuerySchema,
    TrendSchema,
)
from web.api.maps import past_point
from web.api.milestones import expected_version
from web.auth import actor
from web.files import XLSX_MEDIA_TYPE, attachment, uploaded_workbook
from web.reports import knowledge, report_csv
from web.service_access import service

blp = api_blueprint("follow_up", "Follow-up reports (tertial, delår, bokslut), trends and "
                                 "rounds of status reports, also as Excel.")


@blp.route("/plans/<plan>/reporting-periods")
class ReportingPeriods(MethodView):
    @blp.doc(**operation("getReportingPeriods", 404))
    @blp.response(200, ReportingPeriodsSchema)
    def get(self, plan: str) -> Any:
        """The dates of each year the plan is followed up on (the plan's version as `ETag`)."""
        return with_plan_etag(service().follow_up.versioned_reporting_periods(plan))

    @blp.doc(**operation("setReportingPeriods", 400, 403, 404, 409, if_match=True))
    @blp.arguments(ReportingPeriodsSchema)
    @blp.response(200, ReportingPeriodsSchema)
    def put(self, data: dict[str, Any], plan: str) -> Any:
        """Replace the plan's reporting periods (defaults: 30 April, 31 August, 31 December);
        send `If-Match` (the `ETag` of GET) to refuse replacing someone else's change."""
        try:
            service().follow_up.set_reporting_periods(plan, data["items"], actor=actor(),
                                                      reason=data["reason"],
                                                      expected_version=expected_version())
        except DomainError as error:  # the domain's list is this body's `items`
            error.field = error.field and error.field.replace("reporting_periods", "items", 1)
            raise
        return with_plan_etag(service().follow_up.versioned_reporting_periods(plan))


def with_plan_etag(periods: VersionedPeriods) -> Any:
    return {"items": periods.items}, 200, {"ETag": f'"{periods.version}"'}


@blp.route("/plans/<plan>/report")
class Report(MethodView):
    @blp.doc(**operation("getReport", 403, 404))
    @blp.arguments(ReportQuerySchema, location="query")
    @served_as(blp, ReportSchema, "application/json", "text/csv", XLSX_MEDIA_TYPE,
               description="JSON, CSV or XLSX")
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """Every milestone's report in force on `on` (reporting time), as known at `as_of`
        (knowledge time; default now); `on` defaults to the last reporting date that has come."""
        at = past_point(plan, query)
        report = service().follow_up.report(plan, query.get("on"), at, query.get("body"))
        name = f"{plan}-uppfoljning-{report.on.isoformat()}"
        if query["format"] == "csv":
            return attachment(report_csv(report), "text/csv; charset=utf-8",
                              f"{name}.csv")
        if query["format"] == "xlsx":
            # The workbook is in Swedish throughout (its sheets, headers and words), so is its
            # summary sentence.
            content = service().workbooks.report(report, knowledge(query, report), "sv")
            return attachment(content, XLSX_MEDIA_TYPE, f"{name}.xlsx")
        return report


@blp.route("/plans/<plan>/trend")
class Trend(MethodView):
    @blp.doc(**operation("getTrend", 403, 404))
    @blp.arguments(TrendQuerySchema, location="query")
    @served_as(blp, TrendSchema, "application/json", "image/svg+xml",
               description="JSON, or an SVG chart")
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """Status totals on every reporting date of the plan period that has come."""
        at = past_point(plan, query)
        if query["format"] == "svg":
            chart = service().follow_up.trend_chart(plan, at, query["lang"])
            return Response(chart.content, mimetype=chart.media_type)
        return {"items": service().follow_up.trend(plan, at)}


@blp.route("/plans/<plan>/status-reports")
class StatusRound(MethodView):
    @located("follow_up.Report")
    @blp.doc(**operation("reportStatusRound", 400, 403, 404, 409, 422))
    @blp.doc(requestBody={"content": {
        "application/json": {"schema": StatusRoundSchema},
        XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}}}}}})
    @blp.response(201, StatusRoundResultSchema)
    def post(self, plan: str) -> Any:
        """A round of status reports, as JSON or as the filled-in Excel template: all rows
        are stored, or none, and every bad row is named (by sheet, row and column)."""
        content = uploaded_workbook()
        if content is None:
            try:
                data = StatusRoundSchema().load(request.get_json(silent=True) or {})
            except ValidationError as error:
                abort(422, errors=error.messages)
            stored = service().follow_up.report_statuses(plan, data["reports"], actor=actor(),
                                               reason=data["reason"])
            return {"stored": stored}
        try:
            return {"stored": service().workbooks.import_status_round(plan, content,
                                                                      actor()).total}
        except WorkbookError as error:
            abort(422, message=error.message, errors=error.errors)


@blp.route("/plans/<plan>/status-reports/template")
class StatusRoundTemplate(MethodView):
    @blp.doc(**operation("getStatusRoundTemplate", 404))
    @served_as(blp, None, XLSX_MEDIA_TYPE, description="An Excel workbook to fill in")
    def get(self, plan: str) -> Any:
        """The Excel template of a report round: every milestone with today's status."""
        return attachment(service().workbooks.status_round_template(plan), XLSX_MEDIA_TYPE,
                          f"{plan}-statusrapporter.xlsx")
