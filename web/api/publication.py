"""`/plans/{plan}/publication`: whether the public site shows a plan; admins change it."""

from typing import Any

from flask import url_for
from flask.views import MethodView
from marshmallow import Schema, fields

from service.publication import PublicationView
from web.api.common import api_blueprint, operation
from web.api.schemas import OutputSchema, reason
from web.api.spec_fields import StrictBoolean
from web.auth import actor, authorise_publication
from web.service_access import service

blp = api_blueprint("publication", "Publishing a plan on the public site (`/public/`).",
                    authorise=authorise_publication)


class PublicationInSchema(Schema):
    published = StrictBoolean(required=True, metadata={
        "description": "`true` shows the plan on the public site, `false` takes it off."})
    reason = reason()


class PublicationSchema(OutputSchema):
    plan = fields.String()
    published = fields.Boolean()
    position = fields.Integer(metadata={
        "description": "The log position of the latest change of publication (0: never)."})
    page = fields.String(allow_none=True, metadata={
        "description": "The plan's public page while published, else null."})


def shown(view: PublicationView) -> dict[str, Any]:
    page = url_for("public.plan", plan=view.plan) if view.published else None
    return {"plan": view.plan, "published": view.published, "position": view.position,
            "page": page}


@blp.route("/plans/<plan>/publication")
class Publication(MethodView):
    @blp.doc(**operation("getPublication", 404))
    @blp.response(200, PublicationSchema)
    def get(self, plan: str) -> Any:
        """Whether the plan is on the public site."""
        return shown(service().publication.get(plan))

    @blp.doc(**operation("setPublication", 400, 403, 404, 409))
    @blp.arguments(PublicationInSchema)
    @blp.response(200, PublicationSchema)
    def put(self, data: dict[str, Any], plan: str) -> Any:
        """Publish the plan on the public site, or take it off (admins only). The public site
        shows its adopted revisions and decided reports, never drafts."""
        return shown(service().publication.set(plan, data["published"], actor=actor(),
                                               reason=data["reason"]))
