"""`/plans/{plan}/history`: the audit trail, newest first, paged, as JSON or CSV."""

from typing import Any

from flask import Response, request
from flask.views import MethodView

from service.history import HistoryQuery
from web.api.common import api_blueprint, operation, served_as, without
from web.api.document_schemas import HistoryQuerySchema, HistorySchema
from web.auth import authorise_history_access
from web.files import csv_table, disposition
from web.messages import say
from web.service_access import service

blp = api_blueprint("history", "Who changed what, when and why.", authorise_history_access)
CSV_COLUMNS = ("position", "recorded_at", "actor", "type", "milestone", "summary", "reason")


@blp.route("/plans/<plan>/history")
class History(MethodView):
    @blp.doc(**operation("getHistory", 403, 404))
    @blp.arguments(HistoryQuerySchema, location="query")
    @served_as(blp, HistorySchema, "application/json", "text/csv",
               description="JSON, or CSV with `format=csv`")
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """Audit events of the plan; filter by milestone, actor, type and period."""
        history_query = HistoryQuery(**without(query, "format"))
        if query["format"] == "csv":
            # An extract: every matching entry, unless the caller asked for a page.
            entries = (service().history.page(plan, history_query)[0] if "limit" in request.args
                       else service().history.extract(plan, history_query))
            return csv_response(entries, f"{plan}-history.csv")
        entries, cursor = service().history.page(plan, history_query)
        return {"items": entries, "next": cursor}


def csv_response(entries: list[Any], filename: str) -> Response:
    """The entries as CSV, header and summaries in the reader's language."""
    rows = ([say(entry.summary) if column == "summary" else getattr(entry, column)
             for column in CSV_COLUMNS] for entry in entries)
    return Response(csv_table(CSV_COLUMNS, rows), mimetype="text/csv",
                    headers={"Content-Disposition": disposition(filename)})
