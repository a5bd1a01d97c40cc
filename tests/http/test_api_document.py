"""The OpenAPI document is valid and complete enough for tools nobody here wrote."""

from typing import Any

import pytest
from flask.testing import FlaskClient
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import OpenAPIV30SpecValidator

from service.application import Strategikarta
from tests.api_document import API, operations, served_document
from tests.builders import make_plan, plan_body
from tests.conftest import Auth

# The names generated clients give the operations: changing one breaks their code.
OPERATION_IDS = {
    ("GET", "/plans"): "listPlans", ("POST", "/plans"): "createPlan",
    ("GET", "/plans/{plan}"): "getPlan", ("POST", "/plans/{plan}/focus-areas"): "addFocusArea",
    ("POST", "/plans/import"): "importPlan",
    ("GET", "/plans/{plan}/export"): "exportPlan",
    ("GET", "/templates/plan"): "getPlanTemplate",
    ("GET", "/plans/{plan}/milestones"): "listMilestones",
    ("POST", "/plans/{plan}/milestones"): "defineMilestone",
    ("GET", "/plans/{plan}/milestones/{key}"): "getMilestone",
    ("PATCH", "/plans/{plan}/milestones/{key}"): "editMilestone",
    ("POST", "/plans/{plan}/milestones/{key}/status"): "reportStatus",
    ("GET", "/plans/{plan}/milestones/{key}/impact"): "getImpact",
    ("POST", "/plans/{plan}/dependencies"): "addDependency",
    ("DELETE", "/plans/{plan}/dependencies"): "removeDependency",
    ("GET", "/plans/{plan}/map"): "getMap", ("GET", "/plans/{plan}/analysis"): "getAnalysis",
    ("GET", "/plans/{plan}/goal-map"): "getGoalMap",
    ("GET", "/plans/{plan}/what-if"): "whatIf",
    ("GET", "/plans/{plan}/revisions"): "listRevisions",
    ("POST", "/plans/{plan}/revisions"): "adoptRevision",
    ("GET", "/plans/{plan}/state"): "getState", ("GET", "/plans/{plan}/diff"): "getDiff",
    ("GET", "/plans/{plan}/history"): "getHistory", ("GET", "/integrity"): "verifyIntegrity",
    ("GET", "/plans/{plan}/reporting-periods"): "getReportingPeriods",
    ("PUT", "/plans/{plan}/reporting-periods"): "setReportingPeriods",
    ("GET", "/plans/{plan}/report"): "getReport", ("GET", "/plans/{plan}/trend"): "getTrend",
    ("POST", "/plans/{plan}/status-reports"): "reportStatusRound",
    ("GET", "/plans/{plan}/status-reports/template"): "getStatusRoundTemplate",
    ("GET", "/plans/{plan}/goal-levels"): "getGoalLevels",
    ("PUT", "/plans/{plan}/goal-levels"): "setGoalLevels",
    ("GET", "/plans/{plan}/goals"): "listGoals", ("POST", "/plans/{plan}/goals"): "defineGoal",
    ("GET", "/plans/{plan}/goals/{key}"): "getGoal",
    ("PATCH", "/plans/{plan}/goals/{key}"): "editGoal",
    ("POST", "/plans/{plan}/goals/{key}/assessments"): "assessGoal",
    ("GET", "/plans/{plan}/metrics"): "listMetrics",
    ("POST", "/plans/{plan}/metrics"): "defineMetric",
    ("GET", "/plans/{plan}/metrics/{key}"): "getMetric",
    ("PATCH", "/plans/{plan}/metrics/{key}"): "editMetric",
    ("POST", "/plans/{plan}/metrics/{key}/outcomes"): "reportOutcome",
    ("GET", "/bodies"): "listBodies", ("POST", "/bodies"): "addBody",
    ("GET", "/bodies/{key}"): "getBody",
    ("GET", "/plans/{plan}/follow-up-plan"): "getFollowUpPlan",
    ("PUT", "/plans/{plan}/follow-up-plan"): "setFollowUpPlan",
    ("GET", "/plans/{plan}/rounds"): "listRounds", ("POST", "/plans/{plan}/rounds"): "openRound",
    ("GET", "/plans/{plan}/rounds/{round}"): "getRound",
    ("POST", "/plans/{plan}/rounds/{round}/submit"): "submitRound",
    ("POST", "/plans/{plan}/rounds/{round}/return"): "returnItems",
    ("POST", "/plans/{plan}/rounds/{round}/decision"): "decideRound",
    ("GET", "/plans/{plan}/rounds/{round}/report"): "getRoundReport",
    ("GET", "/plans/{plan}/proposals"): "listProposals",
    ("POST", "/plans/{plan}/proposals"): "makeProposal",
    ("POST", "/plans/{plan}/proposals/import"): "importProposal",
    ("GET", "/plans/{plan}/proposals/{proposal}"): "getProposal",
    ("POST", "/plans/{plan}/proposals/{proposal}/changes"): "addProposalChange",
    ("POST", "/plans/{plan}/proposals/{proposal}/adopt"): "adoptProposal",
    ("POST", "/plans/{plan}/proposals/{proposal}/withdraw"): "withdrawProposal",
    ("GET", "/plans/{plan}/proposals/{proposal}/map"): "getProposalMap",
    ("GET", "/plans/{plan}/publication"): "getPublication",
    ("PUT", "/plans/{plan}/publication"): "setPublication",
    ("GET", "/checkpoints"): "listCheckpoints", ("GET", "/checkpoints/key"): "getCheckpointKey",
    ("GET", "/proofs/inclusion"): "proveInclusion",
    ("GET", "/proofs/consistency"): "proveConsistency",
}
# Public: no token, so no 401 (a verifier of the log holds no account).
PUBLIC = {"/checkpoints", "/checkpoints/key", "/proofs/inclusion", "/proofs/consistency"}
# Reads that need an auditor's or a planner's role, always or with a time parameter.
GUARDED_READS = {"/plans/{plan}/revisions", "/plans/{plan}/state", "/plans/{plan}/diff",
                 "/plans/{plan}/history", "/integrity", "/plans/{plan}/map",
                 "/plans/{plan}/analysis", "/plans/{plan}/report", "/plans/{plan}/trend",
                 "/plans/{plan}/goals", "/plans/{plan}/goals/{key}", "/plans/{plan}/metrics",
                 "/plans/{plan}/metrics/{key}", "/plans/{plan}/goal-map"}
IF_MATCH = {("PATCH", "/plans/{plan}/milestones/{key}"),
            ("POST", "/plans/{plan}/milestones/{key}/status"),
            ("PUT", "/plans/{plan}/reporting-periods")}
ETAG = {("GET", "/plans/{plan}/milestones/{key}", "200"),
        ("PATCH", "/plans/{plan}/milestones/{key}", "200"),
        ("POST", "/plans/{plan}/milestones", "201"),
        ("POST", "/plans/{plan}/milestones/{key}/status", "201"),
        ("GET", "/plans/{plan}/map", "200"), ("GET", "/plans/{plan}/goal-map", "200"),
        ("GET", "/plans/{plan}/proposals/{proposal}/map", "200")}
FILES = ("image/svg+xml", "image/png", "application/pdf",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    return served_document(client)


def test_the_served_document_is_valid_openapi_3_0_3(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.0.3"
    problems = [f"{'/'.join(map(str, error.path))}: {error.message[:200]}"
                for error in OpenAPIV30SpecValidator(document).iter_errors()]
    assert problems == []


def test_every_operation_has_its_stable_operation_id(document: dict[str, Any]) -> None:
    assert {(method, path): operation.get("operationId")
            for method, path, operation in operations(document)} == OPERATION_IDS


def expected_errors(method: str, path: str) -> set[str]:
    if path in PUBLIC:
        return {"422"} if path.startswith("/proofs/") else set()
    errors = {"401"}
    if method != "GET" or path in GUARDED_READS:
        errors.add("403")
    if "{plan}" in path:
        errors.add("404")
    if method != "GET":
        errors |= {"409", "422"}
    if (method, path) in IF_MATCH:
        errors.add("412")
    return errors


def test_every_operation_documents_the_errors_it_may_answer_with(document: dict[str, Any]) -> None:
    for method, path, operation in operations(document):
        responses = operation["responses"]
        assert expected_errors(method, path) <= set(responses), (method, path)
        for status in expected_errors(method, path):
            response = responses[status]
            if "$ref" in response:
                response = document["components"]["responses"][response["$ref"].split("/")[-1]]
            assert response["description"]
            assert response["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"}, (method, path, status)
        if path in PUBLIC:
            assert operation["security"] == [] and "401" not in responses, path
            continue
        assert "WWW-Authenticate" in responses["401"]["headers"]
    cycle = document["paths"][f"{API}/plans/{{plan}}/dependencies"]["post"]["responses"]["409"]
    assert "`cycle`" in cycle["description"]


def test_error_bodies_are_what_the_error_schema_says(
        client: FlaskClient, auth: Auth, memory_service: Strategikarta,
        document: dict[str, Any]) -> None:
    make_plan(memory_service, milestones=("A", "B"))
    memory_service.dependencies.add("fhs", "A", "B", "requires", actor="anna")
    stale = '"1"'
    memory_service.milestones.edit("fhs", "A", {"title": "Ny"}, actor="anna")
    answers = {
        400: client.post(f"{API}/plans", data=b"{", content_type="application/json",
                         headers=auth.headers()),
        401: client.get(f"{API}/plans"),
        403: client.post(f"{API}/plans", json=plan_body("x"), headers=auth.headers("viewer")),
        404: client.get(f"{API}/plans/saknas", headers=auth.headers()),
        409: client.post(f"{API}/plans/fhs/dependencies", headers=auth.headers(),
                         json={"from": "B", "to": "A", "kind": "requires"}),
        412: client.patch(f"{API}/plans/fhs/milestones/A", json={"title": "Sen"},
                          headers=auth.headers(**{"If-Match": stale})),
        422: client.post(f"{API}/plans", json={"key": 1}, headers=auth.headers()),
    }
    validator = OAS30Validator(document["components"]["schemas"]["Error"])
    for status, response in answers.items():
        assert response.status_code == status, (status, response.json)
        assert list(validator.iter_errors(response.json)) == [], (status, response.json)
    assert answers[409].json["cycle"] == ["B", "A", "B"]


def test_if_match_is_documented_where_honoured_and_etag_where_sent(
        document: dict[str, Any]) -> None:
    for method, path, operation in operations(document):
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        assert ("If-Match" in headers) == ((method, path) in IF_MATCH), (method, path)
        if (method, path) in IF_MATCH:
            assert "requestBody" in operation and "412" in operation["responses"]
        for status, response in operation["responses"].items():
            sends_etag = "ETag" in response.get("headers", {})
            assert sends_etag == ((method, path, status) in ETAG), (method, path, status)


def properties_and_required(schema: dict[str, Any]) -> tuple[set[str], set[str]]:
    return set(schema.get("properties", {})), set(schema.get("required", []))


def test_every_response_body_lists_the_fields_it_always_has_as_required(
        document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    inputs = {content["schema"]["$ref"].split("/")[-1]
              for _, _, operation in operations(document)
              for content in operation.get("requestBody", {}).get("content", {}).values()
              if "$ref" in content["schema"]}
    outputs = {content["schema"]["$ref"].split("/")[-1]
               for _, _, operation in operations(document)
               for status, response in operation["responses"].items() if status.startswith("2")
               for content in response.get("content", {}).values() if "$ref" in content["schema"]}
    checked, to_check = set(), outputs - inputs
    while to_check:
        name = to_check.pop()
        checked.add(name)
        properties, required = properties_and_required(schemas[name])
        assert properties and required == properties, (name, properties - required)
        nested = {ref.split("/")[-1] for ref in refs_in(schemas[name])}
        to_check |= nested - checked - inputs - {"FocusArea", "ReportingPeriod"}
    assert {"Plan", "Milestone", "Map", "State", "Diff", "Report", "Change", "MapNode"} <= checked


def refs_in(schema: Any) -> list[str]:
    if isinstance(schema, dict):
        own = [schema["$ref"]] if "$ref" in schema else []
        return own + [ref for value in schema.values() for ref in refs_in(value)]
    if isinstance(schema, list):
        return [ref for value in schema for ref in refs_in(value)]
    return []


def test_downloads_are_files_or_text_and_the_default_format_comes_first(
        document: dict[str, Any]) -> None:
    """A generated client reads a 200 as its first media type it knows how to read."""
    for _, path, operation in operations(document):
        for media_type, content in operation["responses"].get("200", {}).get("content", {}).items():
            if media_type in FILES:
                assert content["schema"] == {"type": "string", "format": "binary"}, (path, media_type)
            elif media_type.startswith("text/"):
                assert content["schema"] == {"type": "string"}, (path, media_type)
            elif path == "/checkpoints":  # a bare list, as the log's verifiers read it
                assert "$ref" in content["schema"]["items"], (path, media_type)
            else:
                assert "$ref" in content["schema"], (path, media_type)
    first = {path: next(iter(operation["responses"]["200"]["content"]))
             for method, path, operation in operations(document) if method == "GET"
             and operation["responses"]["200"].get("content")}
    assert first["/plans/{plan}/map"] == "image/svg+xml"
    assert first["/plans/{plan}/report"] == first["/plans/{plan}/export"] == "application/json"
