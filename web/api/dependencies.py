"""`/plans/{plan}/dependencies`: "from requires to" (acyclic) and "from affects to"."""

from typing import Any

from flask.views import MethodView

from web.api.common import api_blueprint, located, operation
from web.api.schemas import DependencyInSchema, DependencySchema
from web.auth import actor
from web.service_access import service

blp = api_blueprint("dependencies", "Dependencies between milestones of one plan.")


@blp.route("/plans/<plan>/dependencies")
class Dependencies(MethodView):
    @located("milestones.MilestoneResource", key="from")
    @blp.doc(**operation("addDependency", 400, 403, 404, 409, described={409: (
        "Conflict: the dependency exists already, a `requires` would close a cycle (`cycle` "
        "lists the keys around it, e.g. `[\"C\", \"A\", \"B\", \"C\"]`), or a concurrent change.")}))
    @blp.arguments(DependencyInSchema)
    @blp.response(201, DependencySchema, description="The dependency; `Location` is its `from` "
                                                     "milestone, which lists it")
    def post(self, data: dict[str, Any], plan: str) -> Any:
        """Add a dependency; a `requires` that would close a cycle gives 409 with the `cycle`."""
        service().dependencies.add(plan, data["from_"], data["to"], data["kind"],
                                 actor=actor(), reason=data["reason"])
        return {"from_": data["from_"], "to": data["to"], "kind": data["kind"]}

    @blp.doc(**operation("removeDependency", 403, 404, 409))
    @blp.arguments(DependencyInSchema, location="query")
    @blp.response(204)
    def delete(self, query: dict[str, Any], plan: str) -> Any:
        """Remove a dependency."""
        service().dependencies.remove(plan, query["from_"], query["to"], query["kind"],
                                    actor=actor(), reason=query["reason"])
        return None
