"""`/plans`: create and read plans, add focus areas."""

from typing import Any

from flask.views import MethodView

from web.api.common import api_blueprint, located, operation
from web.api.document_schemas import PlanListSchema
from web.api.schemas import FocusAreaInSchema, PlanInSchema, PlanSchema
from web.auth import actor
from web.service_access import service

blp = api_blueprint("plans", "Change plans and their focus areas.")


@blp.route("/plans")
class Plans(MethodView):
    @blp.doc(**operation("listPlans"))
    @blp.response(200, PlanListSchema)
    def get(self) -> Any:
        """List the plans."""
        return {"items": service().plans.list()}

    @located("plans.PlanResource", plan="key")
    @blp.doc(**operation("createPlan", 400, 403, 409))
    @blp.arguments(PlanInSchema)
    @blp.response(201, PlanSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Create a plan with its focus areas."""
        return service().plans.create(actor=actor(), **data)


@blp.route("/plans/<plan>")
class PlanResource(MethodView):
    @blp.doc(**operation("getPlan", 404))
    @blp.response(200, PlanSchema)
    def get(self, plan: str) -> Any:
        """A plan with its focus areas, counts and version."""
        return service().plans.get(plan)


@blp.route("/plans/<plan>/focus-areas")
class FocusAreas(MethodView):
    @located("plans.PlanResource")
    @blp.doc(**operation("addFocusArea", 400, 403, 404, 409))
    @blp.arguments(FocusAreaInSchema)
    @blp.response(201, PlanSchema, description="The plan, with the new focus area last")
    def post(self, data: dict[str, Any], plan: str) -> Any:
        """Add a focus area (insatsområde) to the plan."""
        return service().plans.add_focus_area(plan, actor=actor(), **data)
