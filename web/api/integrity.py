"""`/integrity`: recompute every digest chain of the log (auditors and planners)."""

from typing import Any

from flask.views import MethodView
from marshmallow import fields

from web.api.common import api_blueprint, operation
from web.api.schemas import OutputSchema, Said
from web.auth import authorise_history_access
from web.service_access import service

blp = api_blueprint("integrity", "Tamper evidence of the event log.", authorise_history_access)


class IntegritySchema(OutputSchema):
    ok = fields.Boolean()
    events = fields.Integer()
    first_bad_position = fields.Integer(allow_none=True)
    problem = Said(allow_none=True)


@blp.route("/integrity")
class Integrity(MethodView):
    @blp.doc(**operation("verifyIntegrity", 403))
    @blp.response(200, IntegritySchema)
    def get(self) -> Any:
        """Whether every stored event still chains to its predecessor."""
        return service().integrity.verify()
