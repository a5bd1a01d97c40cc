"""Files in and out of the API: Excel uploads (raw or as a form's file), downloads, and CSV
tables that a spreadsheet opens as typed."""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from flask import Response, request
from flask_smorest import abort

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A map that is not the one Graphviz drew for the plan as it is says so (RenderedMap.fallback).
MAP_FALLBACK_WARNINGS = {
    "last_good": '110 - "Graphviz failed on the current plan; last good map"',
    "grid": '199 - "Graphviz failed on the current plan; plain grid without the layout"',
}


def uploaded_workbook() -> bytes | None:
    """The uploaded .xlsx, sent as the body or as the form field `file`; None if neither."""
    if request.mimetype == XLSX_MEDIA_TYPE:
        return request.get_data()
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            abort(422, message="send the workbook as the form field 'file'",
                  errors={"file": ["missing"]})
            return None
        return upload.read()
    return None


def attachment(content: bytes, mimetype: str, filename: str) -> Response:
    return Response(content, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def csv_table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A header and rows, with every cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return out.getvalue()


def spreadsheet_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`) gets a
    leading apostrophe, so an extract opened in Excel shows what was typed and runs nothing."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value
