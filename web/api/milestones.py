"""`/plans/{plan}/milestones`: define, read, edit, report status, impact."""

from typing import Any

from flask import request
from flask.views import MethodView
from flask_smorest import abort

from domain.messages import N_, Message
from web.api.common import ETAG, api_blueprint, located, operation, without
from web.api.document_schemas import MilestoneListSchema
from web.api.schemas import (
    ImpactSchema,
    MilestoneInSchema,
    MilestonePatchSchema,
    MilestoneQuerySchema,
    MilestoneSchema,
    StatusReportInSchema,
    StatusReportSchema,
)
from web.auth import actor
from web.service_access import service

blp = api_blueprint("milestones", "Milestones, their edits and status reports.")


def with_etag(milestone: Any, status: int = 200) -> Any:
    return milestone, status, {"ETag": f'"{milestone.version}"'}


def expected_version() -> int | None:
    """The version named by `If-Match` (an ETag we handed out), or None if absent or `*`."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    value = header.strip().removeprefix("W/").strip('"')
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        abort(400, message=Message(N_("If-Match must be the resource's ETag, e.g. \"3\"")),
              errors={"If-Match": [Message(N_("not a version we handed out"))]})
    return int(value)


@blp.route("/plans/<plan>/milestones")
class Milestones(MethodView):
    @blp.doc(**operation("listMilestones", 404))
    @blp.arguments(MilestoneQuerySchema, location="query")
    @blp.response(200, MilestoneListSchema)
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """List milestones, optionally by focus area, current status and target year."""
        return {"items": service().milestones.list(plan, **query)}

    @located("milestones.MilestoneResource", key="key")
    @blp.doc(**operation("defineMilestone", 400, 403, 404, 409))
    @blp.arguments(MilestoneInSchema)
    @blp.response(201, MilestoneSchema, headers=ETAG)
    def post(self, data: dict[str, Any], plan: str) -> Any:
        """Define a milestone."""
        milestone = service().milestones.define(
            plan, without(data, "reason"), actor=actor(), reason=data["reason"])
        return with_etag(milestone, 201)


@blp.route("/plans/<plan>/milestones/<key>")
class MilestoneResource(MethodView):
    @blp.doc(**operation("getMilestone", 404))
    @blp.response(200, MilestoneSchema, headers=ETAG)
    def get(self, plan: str, key: str) -> Any:
        """A milestone with its status, dependencies and version (also as `ETag`)."""
        return with_etag(service().milestones.get(plan, key))

    @blp.doc(**operation("editMilestone", 400, 403, 404, 409, if_match=True))
    @blp.arguments(MilestonePatchSchema)
    @blp.response(200, MilestoneSchema, headers=ETAG)
    def patch(self, data: dict[str, Any], plan: str, key: str) -> Any:
        """Edit or move a milestone; send `If-Match` to refuse overwriting someone else's edit."""
        milestone = service().milestones.edit(
            plan, key, without(data, "reason"), actor=actor(), reason=data["reason"],
            expected_version=expected_version())
        return with_etag(milestone)


@blp.route("/plans/<plan>/milestones/<key>/status")
class StatusReports(MethodView):
    @located("milestones.MilestoneResource")
    @blp.doc(**operation("reportStatus", 400, 403, 404, 409, if_match=True))
    @blp.arguments(StatusReportInSchema)
    @blp.response(201, StatusReportSchema, headers=ETAG)
    def post(self, data: dict[str, Any], plan: str, key: str) -> Any:
        """Report a status for a reporting date (`reported_for`, default today); send `If-Match`
        (the milestone's `ETag`) to refuse reporting over someone else's change."""
        report = service().milestones.report_status(plan, key, actor=actor(), **data,
                                                    expected_version=expected_version())
        return with_etag(report, 201)


@blp.route("/plans/<plan>/milestones/<key>/impact")
class Impact(MethodView):
    @blp.doc(**operation("getImpact", 404))
    @blp.response(200, ImpactSchema)
    def get(self, plan: str, key: str) -> Any:
        """Every milestone this one requires (upstream) or that requires it (downstream)."""
        return service().milestones.get(plan, key)
