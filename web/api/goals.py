"""`/plans/{plan}/goal-levels`, `/goals` and `/metrics`: the goal tree, its assessments, the
metrics and their outcomes."""

from typing import Any

from flask.views import MethodView

from web.api.common import api_blueprint, located, operation, without
from web.api.goal_schemas import (
    AssessmentInSchema,
    GoalInSchema,
    GoalLevelListSchema,
    GoalLevelsSchema,
    GoalListSchema,
    GoalPatchSchema,
    GoalSchema,
    MetricInSchema,
    MetricListSchema,
    MetricPatchSchema,
    MetricSchema,
    OutcomeInSchema,
)
from web.api.maps import past_point
from web.api.schemas import body_filter
from web.api.time_schemas import TimeQuerySchema
from web.auth import actor
from web.service_access import service


class GoalListQuerySchema(TimeQuerySchema):  # type: ignore[misc, valid-type]
    body = body_filter()


blp = api_blueprint("goals", "Goals and metrics (mål och mätetal): the goal tree, assessments, "
                             "metrics with targets and thresholds, and their outcomes.")


def read_at(plan: str, query: dict[str, Any]) -> dict[str, Any]:
    """The plan record and date to read goals from: now, or as known at the time asked for
    (auditors and planners); `on` defaults to that point's date."""
    at = past_point(plan, query)
    app = service()
    return {"record": app.time_travel.plan_state(plan, at), "on": query.get("on") or at.on}


@blp.route("/plans/<plan>/goal-levels")
class GoalLevels(MethodView):
    @blp.doc(**operation("getGoalLevels", 404))
    @blp.response(200, GoalLevelListSchema)
    def get(self, plan: str) -> Any:
        """The levels of the plan's goal tree, from the top (default: perspective, strategic
        goal, result goal)."""
        return {"items": service().goals.levels(plan)}

    @blp.doc(**operation("setGoalLevels", 400, 403, 404, 409))
    @blp.arguments(GoalLevelsSchema)
    @blp.response(200, GoalLevelListSchema)
    def put(self, data: dict[str, Any], plan: str) -> Any:
        """Name the goal tree's levels, from the top; a level goals have cannot go."""
        levels = service().goals.set_levels(plan, data["items"], actor=actor(),
                                            reason=data["reason"], field="items")
        return {"items": levels}


@blp.route("/plans/<plan>/goals")
class Goals(MethodView):
    @blp.doc(**operation("listGoals", 403, 404))
    @blp.arguments(GoalListQuerySchema, location="query")
    @blp.response(200, GoalListSchema)
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """Every goal in tree order with its assessment in force on `on`, as known at the
        time parameters (default: now)."""
        return {"items": service().goals.list(plan, **read_at(plan, query),
                                              body=query.get("body"))}

    @located("goals.GoalResource", key="key")
    @blp.doc(**operation("defineGoal", 400, 403, 404, 409))
    @blp.arguments(GoalInSchema)
    @blp.response(201, GoalSchema)
    def post(self, data: dict[str, Any], plan: str) -> Any:
        """Define a goal: its level, and its parent (a goal of a higher level) or none."""
        return service().goals.define(plan, without(data, "reason"), actor=actor(),
                                      reason=data["reason"]), 201


@blp.route("/plans/<plan>/goals/<key>")
class GoalResource(MethodView):
    @blp.doc(**operation("getGoal", 403, 404))
    @blp.arguments(TimeQuerySchema, location="query")
    @blp.response(200, GoalSchema)
    def get(self, query: dict[str, Any], plan: str, key: str) -> Any:
        """A goal with its assessment in force on `on` and every assessment made."""
        return service().goals.goal(plan, key, **read_at(plan, query))

    @blp.doc(**operation("editGoal", 400, 403, 404, 409))
    @blp.arguments(GoalPatchSchema)
    @blp.response(200, GoalSchema)
    def patch(self, data: dict[str, Any], plan: str, key: str) -> Any:
        """Edit a goal's title, description, level, parent or responsible."""
        return service().goals.edit(plan, key, without(data, "reason"), actor=actor(),
                                    reason=data["reason"])


@blp.route("/plans/<plan>/goals/<key>/assessments")
class Assessments(MethodView):
    @located("goals.GoalResource")
    @blp.doc(**operation("assessGoal", 400, 403, 404, 409))
    @blp.arguments(AssessmentInSchema)
    @blp.response(201, GoalSchema)
    def post(self, data: dict[str, Any], plan: str, key: str) -> Any:
        """Assess a goal for a reporting date, with analysis and measures."""
        return service().goals.assess(plan, key, data["assessment"], data["analysis"],
                                      data["measures"], data["reported_for"], actor=actor(),
                                      reason=data["reason"]), 201


@blp.route("/plans/<plan>/metrics")
class Metrics(MethodView):
    @blp.doc(**operation("listMetrics", 403, 404))
    @blp.arguments(TimeQuerySchema, location="query")
    @blp.response(200, MetricListSchema)
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """Every metric, goal by goal, with its standing on `on`."""
        return {"items": service().goals.metrics(plan, **read_at(plan, query))}

    @located("goals.MetricResource", key="key")
    @blp.doc(**operation("defineMetric", 400, 403, 404, 409))
    @blp.arguments(MetricInSchema)
    @blp.response(201, MetricSchema)
    def post(self, data: dict[str, Any], plan: str) -> Any:
        """Define a metric of a goal: unit, direction, frequency, baseline, targets per year,
        thresholds (default green from 100 %, yellow from 90 %) and source."""
        return service().goals.define_metric(plan, without(data, "reason"), actor=actor(),
                                             reason=data["reason"]), 201


@blp.route("/plans/<plan>/metrics/<key>")
class MetricResource(MethodView):
    @blp.doc(**operation("getMetric", 403, 404))
    @blp.arguments(TimeQuerySchema, location="query")
    @blp.response(200, MetricSchema)
    def get(self, query: dict[str, Any], plan: str, key: str) -> Any:
        """A metric with its target, outcome, attainment and result on `on`, and every
        outcome recorded."""
        return service().goals.metric(plan, key, **read_at(plan, query))

    @blp.doc(**operation("editMetric", 400, 403, 404, 409))
    @blp.arguments(MetricPatchSchema)
    @blp.response(200, MetricSchema)
    def patch(self, data: dict[str, Any], plan: str, key: str) -> Any:
        """Change a metric: targets and thresholds too (reports as known before keep the
        old ones)."""
        return service().goals.edit_metric(plan, key, without(data, "reason"), actor=actor(),
                                           reason=data["reason"])


@blp.route("/plans/<plan>/metrics/<key>/outcomes")
class Outcomes(MethodView):
    @located("goals.MetricResource")
    @blp.doc(**operation("reportOutcome", 400, 403, 404, 409))
    @blp.arguments(OutcomeInSchema)
    @blp.response(201, MetricSchema)
    def post(self, data: dict[str, Any], plan: str, key: str) -> Any:
        """Record a metric's outcome for a reporting date; `value: null` records "not
        measured this time"."""
        return service().goals.report_outcome(plan, key, data["value"], data["comment"],
                                              data["reported_for"], actor=actor(),
                                              reason=data["reason"]), 201
