"""Files in and out of the API: Excel uploads (raw or as a form's file) and downloads."""

from flask import Response, request
from flask_smorest import abort

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def uploaded_workbook() -> bytes | None:
    """The uploaded .xlsx, sent as the body or as the form field `file`; None if neither."""
    if request.mimetype == XLSX_MEDIA_TYPE:
        return request.get_data()
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            abort(422, message="send the workbook as the form field 'file'",
                  errors={"file": ["missing"]})
        return upload.read()
    return None


def attachment(content: bytes, mimetype: str, filename: str) -> Response:
    return Response(content, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
