"""Request bodies are parsed with one schema instance per schema class: nothing of one request
stays for the next, good or bad."""

from flask.testing import FlaskClient

from service.application import Strategikarta
from tests.builders import make_plan
from tests.conftest import Auth
from web.api.common import ApiBlueprint
from web.api.schemas import StatusReportInSchema

STATUS = "/api/v1/plans/fhs/milestones/A/status"


def test_one_schema_instance_parses_good_and_bad_bodies_alike(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("A",))
    bodies = [{"status": "at_risk", "comment": "Försenad", "reported_for": "2025-04-30"},
              {"status": "bra", "reported_for": "2025-04-30"},
              {"status": "on_track"}]
    answers = [client.post(STATUS, json=body, headers=auth.headers()) for body in bodies]
    assert [a.status_code for a in answers] == [201, 422, 201]
    assert list(answers[1].json["errors"]) == ["status"]
    assert (answers[0].json["comment"], answers[2].json["comment"]) == ("Försenad", "")
    assert answers[2].json["reported_for"] != "2025-04-30"  # the default, not the last body's
    schemas = ApiBlueprint.ARGUMENTS_PARSER.schemas
    assert isinstance(schemas[StatusReportInSchema], StatusReportInSchema)
