"""`/plans/{plan}/milestones`: define, read, edit, report status, impact."""

import re
from typing import Any

from flask import request
from flask.views import MethodView
from flask_smorest import abort

from web.api.common import api_blueprint, without
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
    # ASCII digits only, and not too many: `str.isdigit` also takes "²", which `int` refuses.
    version = re.fullmatch(r'(?:W/)?"?([0-9]{1,18})"?', header.strip())
    if version:
        return int(version.group(1))
    abort(400, message="If-Match must be the milestone's ETag, e.g. \"3\"",
          errors={"If-Match": ["not a version we handed out"]})
    return None  # not reached: abort raises


@blp.route("/plans/<plan>/milestones")
class Milestones(MethodView):
    @blp.arguments(MilestoneQuerySchema, location="query")
    @blp.response(200, MilestoneListSchema)
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """List milestones, optionally by focus area, current status and target year."""
        return {"items": service().milestones.list(plan, **query)}

    @blp.arguments(MilestoneInSchema)
    @blp.response(201, MilestoneSchema)
    def post(self, data: dict[str, Any], plan: str) -> Any:
        """Define a milestone."""
        milestone = service().milestones.define(
            plan, without(data, "reason"), actor=actor(), reason=data["reason"])
        return with_etag(milestone, 201)


@blp.route("/plans/<plan>/milestones/<key>")
class MilestoneResource(MethodView):
    @blp.response(200, MilestoneSchema)
    def get(self, plan: str, key: str) -> Any:
        """A milestone with its status, dependencies and version (also as `ETag`)."""
        return with_etag(service().milestones.get(plan, key))

    @blp.arguments(MilestonePatchSchema)
    @blp.response(200, MilestoneSchema)
    def patch(self, data: dict[str, Any], plan: str, key: str) -> Any:
        """Edit or move a milestone; send `If-Match` to refuse overwriting someone else's edit."""
        milestone = service().milestones.edit(
            plan, key, without(data, "reason"), actor=actor(), reason=data["reason"],
            expected_version=expected_version())
        return with_etag(milestone)


@blp.route("/plans/<plan>/milestones/<key>/status")
class StatusReports(MethodView):
    @blp.arguments(StatusReportInSchema)
    @blp.response(201, StatusReportSchema)
    def post(self, data: dict[str, Any], plan: str, key: str) -> Any:
        """Report a status for a reporting date (`reported_for`, default today)."""
        report = service().milestones.report_status(plan, key, actor=actor(), **data)
        return with_etag(report, 201)


@blp.route("/plans/<plan>/milestones/<key>/impact")
class Impact(MethodView):
    @blp.response(200, ImpactSchema)
    def get(self, plan: str, key: str) -> Any:
        """Every milestone this one requires (upstream) or that requires it (downstream)."""
        return service().milestones.get(plan, key)
