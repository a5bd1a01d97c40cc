"""`/plans/{plan}/proposals`: named sets of changes, kept apart from the plan until adopted
with the year's revision. Planners write; every role reads."""

from typing import Any

from flask import request
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import ValidationError

from service.workbooks import WorkbookError
from web.api.common import FILE, TEXT, api_blueprint, located, operation
from web.api.document_schemas import PlanDocumentSchema
from web.api.documents import YAML_TYPES
from web.api.map_schemas import MapSchema, ProposalMapQuerySchema
from web.api.maps import drawn_map, map_options, picture
from web.api.proposal_schemas import (
    AdoptionInSchema,
    ChangeInSchema,
    ChangeListSchema,
    ImportedProposalSchema,
    ProposalInSchema,
    ProposalListSchema,
    ProposalSchema,
    WithdrawalInSchema,
)
from web.api.time_schemas import RevisionSchema
from web.api.time_travel import revision_body
from web.auth import actor
from web.documents import load_document, parse_document
from web.files import XLSX_MEDIA_TYPE, uploaded_workbook
from web.service_access import service

blp = api_blueprint("proposals", "Proposals: changes to a plan, checked as the proposal would "
                                 "leave it, adopted with the revision.")
ADOPTION_CONFLICT = {409: "Conflict: the proposal is stale (the plan changed since it was made: "
                          "`message` says what), withdrawn or adopted already, or a concurrent "
                          "change."}


@blp.route("/plans/<plan>/proposals")
class Proposals(MethodView):
    @blp.doc(**operation("listProposals", 404))
    @blp.response(200, ProposalListSchema)
    def get(self, plan: str) -> Any:
        """The plan's proposals, open, withdrawn and adopted (without their diffs)."""
        return {"items": service().proposals.list(plan)}

    @located("proposals.Proposal", proposal="key")
    @blp.doc(**operation("makeProposal", 403, 404, 409))
    @blp.arguments(ProposalInSchema)
    @blp.response(201, ProposalSchema)
    def post(self, data: dict[str, Any], plan: str) -> Any:
        """Make a proposal, based on the plan as it is now."""
        return service().proposals.make(plan, actor=actor(), **data)


MULTIPART = "multipart/form-data"
PROPOSAL_FIELDS = ("key", "title", "description", "reason")
IMPORT_PARAMETERS = [
    {"in": "query", "name": name, "schema": TEXT, "required": False, "description": (
        f"The proposal's `{name}`{' (required)' if name in ('key', 'title') else ''}; "
        "with a multipart body, a form field instead.")} for name in PROPOSAL_FIELDS]
IMPORT_BODY = {"content": {
    "application/json": {"schema": PlanDocumentSchema},
    "application/yaml": {"schema": PlanDocumentSchema},
    XLSX_MEDIA_TYPE: {"schema": FILE},
    MULTIPART: {"schema": {"type": "object", "required": ["file", "key", "title"],
                           "properties": {"file": FILE} | {n: TEXT for n in PROPOSAL_FIELDS}}}}}


@blp.route("/plans/<plan>/proposals/import")
class ProposalImport(MethodView):
    @located("proposals.Proposal", proposal="key")
    @blp.doc(**operation("importProposal", 400, 403, 404, 409, 422, described={422: (
        "Unprocessable: every bad field or cell of the document (as `POST /plans/import` names "
        "them), a document of another plan or period, or a change the plan refuses, named by "
        "its row; nothing is stored.")}))
    @blp.doc(parameters=IMPORT_PARAMETERS, requestBody=IMPORT_BODY)
    @blp.response(201, ImportedProposalSchema)
    def post(self, plan: str) -> Any:
        """Make a proposal from the revised plan (its document as JSON or YAML, or its
        workbook): milestones defined, edited, moved and dropped, dependencies added and
        removed, each checked as a hand-made change; all of it, or nothing."""
        given = request.form if request.mimetype == MULTIPART else request.args
        try:
            fields = ProposalInSchema().load({k: given[k] for k in PROPOSAL_FIELDS if k in given})
        except ValidationError as error:
            abort(422, errors=error.messages)
        imports = service().proposal_imports
        workbook = uploaded_workbook()
        if workbook is not None:
            try:
                imported = imports.from_workbook(plan, workbook, actor=actor(), **fields)
            except WorkbookError as error:
                abort(422, message=error.message, errors=error.errors)
        else:
            try:
                document = load_document(parse_document(request.get_data(),
                                                        request.mimetype in YAML_TYPES))
            except ValidationError as error:
                abort(422, errors=error.messages)
            imported = imports.from_document(plan, document, actor=actor(), **fields)
        return vars(imported.proposal) | {"notes": list(imported.notes)}


@blp.route("/plans/<plan>/proposals/<proposal>")
class Proposal(MethodView):
    @blp.doc(**operation("getProposal", 404))
    @blp.response(200, ProposalSchema)
    def get(self, plan: str, proposal: str) -> Any:
        """The proposal's changes and, while open, the diff and analysis of the plan it would
        leave; `stale` if the plan changed since it was made."""
        return service().proposals.get(plan, proposal)


@blp.route("/plans/<plan>/proposals/<proposal>/changes")
class Changes(MethodView):
    @located("proposals.Proposal")
    @blp.doc(**operation("addProposalChange", 403, 404, 409, described={409: (
        "Conflict: a `requires` that would close a cycle as the proposal leaves the plan "
        "(`cycle`), a duplicate key, a withdrawn or adopted proposal, or a concurrent change.")}))
    @blp.arguments(ChangeInSchema)
    @blp.response(201, ChangeListSchema)
    def post(self, data: dict[str, Any], plan: str, proposal: str) -> Any:
        """Add a change, checked against the plan as the proposal leaves it; a `slip` adds the
        moves it propagates."""
        changes = service().proposals.add_change(plan, proposal, actor=actor(), **data)
        return {"changes": changes}


@blp.route("/plans/<plan>/proposals/<proposal>/adopt")
class Adoption(MethodView):
    @located("time_travel.State", revision="year")
    @blp.doc(**operation("adoptProposal", 403, 404, 409, described=ADOPTION_CONFLICT))
    @blp.arguments(AdoptionInSchema)
    @blp.response(201, RevisionSchema, description="The revision; `Location` is the plan as "
                                                   "adopted")
    def post(self, data: dict[str, Any], plan: str, proposal: str) -> Any:
        """Apply every change and adopt the revision (sealing the plan), all in one save."""
        revision, seal = service().proposals.adopt(plan, proposal, actor=actor(), **data)
        return revision_body(plan, revision, seal)


@blp.route("/plans/<plan>/proposals/<proposal>/withdraw")
class Withdrawal(MethodView):
    @blp.doc(**operation("withdrawProposal", 403, 404, 409))
    @blp.arguments(WithdrawalInSchema)
    @blp.response(200, ProposalSchema)
    def post(self, data: dict[str, Any], plan: str, proposal: str) -> Any:
        """Withdraw the proposal; it stays readable."""
        return service().proposals.withdraw(plan, proposal, actor=actor(), **data)


@blp.route("/plans/<plan>/proposals/<proposal>/map")
class ProposalMap(MethodView):
    @drawn_map("getProposalMap", ProposalMapQuerySchema, MapSchema, blp, (409,), described={
        409: "Conflict: the proposal was withdrawn or adopted, or a change it holds is one the "
             "plan as it is now refuses."})
    def get(self, query: dict[str, Any], plan: str, proposal: str) -> Any:
        """The map of the plan as the proposal would leave it: the milestones it moves (with
        their year before), adds and drops marked, by a class and a line of text."""
        options = map_options(query, service().time_travel.now())
        if query["format"] == "json":
            return service().proposal_maps.proposal_map(plan, proposal, options)
        rendered = service().proposal_maps.render(plan, proposal, options, query["format"],
                                                  link_prefix=request.script_root)
        return picture(rendered, f"{plan}-{proposal}.{query['format']}")
