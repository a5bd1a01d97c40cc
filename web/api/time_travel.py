"""`/revisions`, `/state` and `/diff`: the plan as adopted, as known then, and what changed."""

from typing import Any

from flask.views import MethodView
from flask_smorest import abort

from domain.messages import N_, Message
from service.time_travel import PointInTime
from web.api.common import api_blueprint, located, operation
from web.api.time_schemas import (
    DiffQuerySchema,
    DiffSchema,
    RevisionInSchema,
    RevisionListSchema,
    RevisionSchema,
    StateSchema,
    TimeQuerySchema,
)
from web.auth import actor, authorise_history_access
from web.service_access import service

blp = api_blueprint("time_travel", "Revisions, past states and diffs (auditors and planners).",
                    authorise_history_access)


def point(plan: str, query: dict[str, Any], prefix: str = "") -> PointInTime:
    return service().time_travel.point(plan, as_of=query.get(f"{prefix}as_of"),
                                   revision=query.get(f"{prefix}revision"),
                                   position=query.get(f"{prefix}position"),
                                   on=query.get("on"))


def revision_body(plan: str, revision: Any, seal: Any) -> dict[str, Any]:
    recorded = service().revisions.recorded_at(plan).get(revision.year)
    checkpoint = None if recorded is None else service().checkpoints.covering(recorded)
    return {**vars(revision), "position": seal.position, "seal": seal.digest,
            "checkpoint": checkpoint}


@blp.route("/plans/<plan>/revisions")
class Revisions(MethodView):
    @blp.doc(**operation("listRevisions", 403, 404))
    @blp.response(200, RevisionListSchema)
    def get(self, plan: str) -> Any:
        """The plan's adopted revisions, oldest first, with their seals."""
        return {"items": [revision_body(plan, r, s) for r, s in service().revisions.list(plan)]}

    @located("time_travel.State", revision="year")
    @blp.doc(**operation("adoptRevision", 400, 403, 404, 409))
    @blp.arguments(RevisionInSchema)
    @blp.response(201, RevisionSchema, description="The revision; `Location` is the plan as "
                                                   "adopted in it")
    def post(self, data: dict[str, Any], plan: str) -> Any:
        """Record the committee's revision decision; seals the plan's history up to now."""
        revision, seal = service().revisions.adopt(plan, actor=actor(), **data)
        return revision_body(plan, revision, seal)


@blp.route("/plans/<plan>/state")
class State(MethodView):
    @blp.doc(**operation("getState", 403, 404))
    @blp.arguments(TimeQuerySchema, location="query")
    @blp.response(200, StateSchema)
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """The whole plan as the log knew it at `as_of`, `revision` or `position` (default now)."""
        return service().time_travel.state_view(plan, point(plan, query), query.get("on"))


@blp.route("/plans/<plan>/diff")
class Diff(MethodView):
    @blp.doc(**operation("getDiff", 403, 404))
    @blp.arguments(DiffQuerySchema, location="query")
    @blp.response(200, DiffSchema)
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """What changed between two revisions or points in time (`to` defaults to now)."""
        old = point(plan, query, "from_")
        if old.is_now:
            abort(422, message=Message(N_("give from_revision, from_as_of or from_position")),
                  errors={"from_revision": [Message(N_("one of the from_ parameters is "
                                                       "required"))]})
        new = point(plan, query, "to_")
        changes = service().time_travel.diff(plan, old, new)
        to_position = service().store.catch_up().position if new.is_now else new.position
        return {"from_position": old.position, "to_position": to_position, **changes}

