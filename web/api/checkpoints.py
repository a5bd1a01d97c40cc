"""`/checkpoints`, `/checkpoints/key` and `/proofs/...`: what anyone needs to check the log, served
without sign-in (a verifier holds no account)."""

import base64
from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from domain.errors import N_, Message, SigningKeyError
from web.api.common import ERRORS, api_blueprint
from web.api.schemas import ErrorSchema, OutputSchema
from web.service_access import service


def public() -> None:
    """Nothing to authorise: the checkpoints and proofs are for everyone."""


blp = api_blueprint("checkpoints", "Signed checkpoints of the log and RFC 9162 proofs (public: "
                    "no sign-in).", public)
BASE64 = {"format": "byte"}


def public_operation(operation_id: str, *errors: int) -> dict[str, Any]:
    """`blp.doc` arguments of an operation that needs no token: no 401, no security."""
    return {"operationId": operation_id, "security": [], "responses": {
        status: {"description": ERRORS[status],
                 "content": {"application/json": {"schema": ErrorSchema}}}
        for status in errors}}


class CheckpointSchema(OutputSchema):
    size = fields.Integer(metadata={"description": "The tree's size: the first `size` events."})
    root = fields.String(metadata={**BASE64, "description": "The RFC 9162 root hash."})
    signed_at = fields.String(metadata={"description": "When it was signed (ISO 8601, UTC)."})
    note = fields.String(metadata={"description": "The C2SP tlog-checkpoint, signed as a C2SP "
                                                  "signed note (Ed25519)."})


class KeySchema(OutputSchema):
    vkey = fields.String(metadata={"description": "The verifier key, C2SP vkey form."})
    public_key = fields.String(metadata={**BASE64, "description": "The raw Ed25519 key."})
    origin = fields.String(metadata={"description": "The log's name: the notes' first line."})


class InclusionQuerySchema(Schema):
    position = fields.Integer(required=True, validate=validate.Range(min=1), metadata={
        "description": "The event's log position."})
    size = fields.Integer(validate=validate.Range(min=1), metadata={
        "description": "The tree's size; default: the latest checkpoint's."})


class InclusionSchema(OutputSchema):
    position = fields.Integer()
    index = fields.Integer(metadata={"description": "The event's leaf index (from 0)."})
    size = fields.Integer()
    leaf_hash = fields.String(metadata=BASE64)
    proof = fields.List(fields.String(metadata=BASE64), metadata={
        "description": "RFC 9162 inclusion path, the sibling nearest the leaf first."})


ConsistencyQuerySchema = Schema.from_dict({
    "from": fields.Integer(required=True, validate=validate.Range(min=0), metadata={
        "description": "The older tree's size."}),
    "to": fields.Integer(validate=validate.Range(min=1), metadata={
        "description": "The newer tree's size; default: the latest checkpoint's."}),
}, name="ConsistencyQuerySchema")

class ConsistencySchema(OutputSchema):
    first = fields.Integer(data_key="from")
    second = fields.Integer(data_key="to")
    proof = fields.List(fields.String(metadata=BASE64), metadata={
        "description": "RFC 9162 consistency proof."})


@blp.route("/checkpoints")
class Checkpoints(MethodView):
    @blp.doc(**public_operation("listCheckpoints"))
    @blp.response(200, CheckpointSchema(many=True))
    def get(self) -> Any:
        """Every signed checkpoint of the log, the latest first."""
        return service().checkpoints.list()


@blp.route("/checkpoints/key")
class Key(MethodView):
    @blp.doc(**public_operation("getCheckpointKey", 404))
    @blp.response(200, KeySchema)
    def get(self) -> Any:
        """The key the checkpoints are signed with, to check their notes."""
        try:
            key = service().checkpoints.key()
        except SigningKeyError as error:  # its reason may name files: for the log, not everyone
            current_app.logger.warning("no verifier key to publish: %s", error.message)
            abort(404, message=Message(N_("this server publishes no verifier key")))
        return {"vkey": key.text(), "public_key": base64.b64encode(key.public_key).decode(),
                "origin": key.name}


@blp.route("/proofs/inclusion")
class Inclusion(MethodView):
    @blp.doc(**public_operation("proveInclusion", 404, 422))
    @blp.arguments(InclusionQuerySchema, location="query")
    @blp.response(200, InclusionSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """That the event at `position` is in the tree of `size` events (RFC 9162 §2.1.3)."""
        return service().checkpoints.inclusion(query["position"], query.get("size"))


@blp.route("/proofs/consistency")
class Consistency(MethodView):
    @blp.doc(**public_operation("proveConsistency", 422))
    @blp.arguments(ConsistencyQuerySchema, location="query")
    @blp.response(200, ConsistencySchema)
    def get(self, query: dict[str, Any]) -> Any:
        """That the tree of `from` events is a prefix of the tree of `to` (RFC 9162 §2.1.4)."""
        return service().checkpoints.consistency(query["from"], query.get("to"))
