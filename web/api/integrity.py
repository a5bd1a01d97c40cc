"""`/integrity`: recompute every digest chain of the log (auditors and planners)."""

from typing import Any

from flask.views import MethodView
from marshmallow import fields

from web.api.common import api_blueprint, operation
from web.api.schemas import OutputSchema, Said
from web.auth import authorise_history_access
from web.service_access import service

blp = api_blueprint("integrity", "Tamper evidence of the event log.", authorise_history_access)


class NoticeSchema(OutputSchema):
    problem = Said()
    position = fields.Integer(allow_none=True)
    noticed_at = fields.String(metadata={"description": "ISO 8601, UTC."})


class IntegritySchema(OutputSchema):
    ok = fields.Boolean()
    events = fields.Integer()
    first_bad_position = fields.Integer(allow_none=True)
    problem = Said(allow_none=True)
    checkpoints = fields.Integer(metadata={"description": "Signed checkpoints checked."})
    covered = fields.Integer(metadata={"description": "Events the latest checkpoint covers."})
    signatures_checked = fields.Boolean(metadata={
        "description": "False when the server has no key to check the signatures with."})
    noticed = fields.Nested(NoticeSchema, allow_none=True, metadata={
        "description": "What this server noticed while running, until a check passes."})


@blp.route("/integrity")
class Integrity(MethodView):
    @blp.doc(**operation("verifyIntegrity", 403))
    @blp.response(200, IntegritySchema)
    def get(self) -> Any:
        """Whether every checkpoint still matches the log, and every stored event still chains
        to its predecessor."""
        app = service()
        noticed = app.checkpoints.notice_now()  # as it was: a passing check below settles it
        return {**vars(app.integrity.verify()), "noticed": noticed}
