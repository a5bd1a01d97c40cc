"""Files in and out of the API: Excel uploads (raw or as a form's file), downloads, and CSV
tables that a spreadsheet opens as typed."""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from flask import Response, request
from flask_smorest import abort
from werkzeug.utils import get_content_type

from domain.fields import label, replace_non_text
from domain.messages import N_, Message
from web.messages import language, say

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_IN_FILENAMES = re.compile(r"[^A-Za-z0-9._-]")
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
            abort(422, message=Message(N_("send the workbook as the form field 'file'")),
                  errors={"file": [Message(N_("missing"))]})
            return None
        return upload.read()
    return None


def attachment(content: bytes, mimetype: str, filename: str) -> Response:
    return Response(content, content_type=content_type(mimetype),
                    headers={"Content-Disposition": disposition(filename)})


def disposition(filename: str, kind: str = "attachment") -> str:
    """`Content-Disposition` for a file named after keys, with only the characters a key may
    hold: the log may keep a key from before the rules (`p\\n`), and a header takes no line
    break."""
    return f'{kind}; filename="{NOT_IN_FILENAMES.sub("", filename)}"'


def content_type(media_type: str) -> str:
    """The Content-Type of `media_type`, text types with `charset=utf-8` once: werkzeug's
    `mimetype=` appends it even to a media type that names its charset already."""
    return media_type if "charset=" in media_type else get_content_type(media_type, "utf-8")


def csv_table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A header and rows, with every cell safe to open in a spreadsheet, in UTF-8 with a
    byte-order mark (so that Excel reads å, ä and ö). The header names the columns in the
    reader's language; in English it is the columns' keys, as programs read them."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(column_names(columns))
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


def column_names(columns: Sequence[str]) -> list[str]:
    """The header of a table of `columns` (keys) in the reader's language."""
    if language() == "en":
        return list(columns)
    return [name[:1].upper() + name[1:] for name in map(say, map(label, columns))]


def spreadsheet_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`) gets a
    leading apostrophe, so an extract opened in Excel shows what was typed and runs nothing;
    characters that are no text (which the log may keep from before the rules) become U+FFFD."""
    if not isinstance(value, str):
        return value
    if value.startswith(("=", "+", "-", "@", "\t", "\r")):
        value = "'" + value
    return replace_non_text(value)
