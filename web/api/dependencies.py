"""`/plans/{plan}/dependencies`: "from requires to" (acyclic) and "from affects to"."""

from typing import Any

from flask.views import MethodView

from web.api.common import api_blueprint
from web.api.schemas import DependencyInSchema, DependencySchema
from web.auth import actor
from web.service_access import service

blp = api_blueprint("dependencies", "Dependencies between milestones of one plan.")


@blp.route("/plans/<plan>/dependencies")
class Dependencies(MethodView):
    @blp.arguments(DependencyInSchema)
    @blp.response(201, DependencySchema)
    def post(self, data: dict[str, Any], plan: str) -> Any:
        """Add a dependency; a `requires` that would close a cycle gives 409 with the `cycle`."""
        service().dependencies.add(plan, data["from_"], data["to"], data["kind"],
                                 actor=actor(), reason=data["reason"])
        return {"from_": data["from_"], "to": data["to"], "kind": data["kind"]}

    @blp.arguments(DependencyInSchema, location="query")
    @blp.response(204)
    def delete(self, query: dict[str, Any], plan: str) -> Any:
        """Remove a dependency."""
        service().dependencies.remove(plan, query["from_"], query["to"], query["kind"],
                                    actor=actor(), reason=query["reason"])
        return None
