"""`/plans/{plan}/history`: the audit trail, newest first, paged, as JSON or CSV."""

import csv
import io
from typing import Any

from flask import Response
from flask.views import MethodView

from service.history import HistoryQuery
from web.api.common import also_served_as, api_blueprint, service, without
from web.api.document_schemas import HistoryQuerySchema, HistorySchema
from web.auth import authorise_history_access

blp = api_blueprint("history", "Who changed what, when and why.", authorise_history_access)
CSV_COLUMNS = ("position", "recorded_at", "actor", "type", "milestone", "summary", "reason")


@blp.route("/plans/<plan>/history")
class History(MethodView):
    @blp.arguments(HistoryQuerySchema, location="query")
    @blp.response(200, HistorySchema)
    @blp.doc(**also_served_as(HistorySchema, "text/csv"))
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """Audit events of the plan; filter by milestone, actor, type and period."""
        entries, cursor = service().history(plan, HistoryQuery(**without(query, "format")))
        if query["format"] == "csv":
            return csv_response(entries, f"{plan}-history.csv")
        return {"items": entries, "next": cursor}


def csv_response(entries: list[Any], filename: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow([getattr(entry, column) for column in CSV_COLUMNS])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
