"""A client generated from the served document by openapi-python-client, as the README says,
runs a planner's scenario against the app: in process, through httpx's WSGI transport."""

import base64
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest
import yaml
from flask import Flask

from service.application import Strategikarta
from service.config import persistence_env
from service.log_tree import verify_consistency, verify_inclusion
from service.signed_note import SigningKey, VerifierKey, open_note, parse_checkpoint
from tests.builders import milestone_body, plan_body
from tests.conftest import Auth
from web import create_app

PACKAGE = "strategikarta_client"
CONFIG = Path(__file__).resolve().parents[2] / "docs" / "openapi-python-client.yaml"


class GeneratedClient:
    """The generated package: its operations by operationId, its models, a client for an app."""

    def __init__(self, package: ModuleType) -> None:
        self.models: Any = importlib.import_module(f"{PACKAGE}.models")
        self.types: Any = importlib.import_module(f"{PACKAGE}.types")
        self._client: Any = importlib.import_module(f"{PACKAGE}.client")
        self._api = Path(package.__file__ or "").parent / "api"

    def __getattr__(self, operation_id: str) -> Any:
        """The module of an operation, e.g. `reportStatus` → `api/milestones/report_status.py`."""
        name = "".join(f"_{c.lower()}" if c.isupper() else c for c in operation_id)
        (module,) = self._api.glob(f"*/{name}.py")
        return importlib.import_module(f"{PACKAGE}.api.{module.parent.name}.{name}")

    def client(self, app: Flask, token: str) -> Any:
        return self._client.AuthenticatedClient(
            base_url="http://strategikarta.test", token=token, raise_on_unexpected_status=True,
            httpx_args={"transport": httpx.WSGITransport(app=app)})


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GeneratedClient]:
    """The client openapi-python-client generates, offline, from the document the app serves."""
    folder = tmp_path_factory.mktemp("generated")
    store = Strategikarta(persistence_env("sqlite:///:memory:"))
    document = create_app({"TESTING": True, "SERVICE": store}).test_client().get(
        "/api/v1/openapi.json").json
    store.close()
    (folder / "openapi.json").write_text(json.dumps(document))
    # The generator formats its code with the ruff of this environment.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", "openapi.json",
         "--meta", "none", "--config", str(CONFIG), "--output-path", PACKAGE],
        cwd=folder, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    # Only YAML request bodies are beyond it (JSON ones do the same); nothing else is left out.
    warnings = run.stdout.split("WARNING")[1:]
    assert all("Unsupported content type application/yaml" in w for w in warnings), run.stdout
    sys.path.insert(0, str(folder))
    try:
        yield GeneratedClient(importlib.import_module(PACKAGE))
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.partition(".")[0] == PACKAGE]:
            del sys.modules[name]


def test_every_operation_of_the_document_is_a_function_of_the_generated_client(
        generated: GeneratedClient, client: Any) -> None:
    document = client.get("/api/v1/openapi.json").json
    for item in document["paths"].values():
        for method, operation in item.items():
            if method != "parameters":
                assert callable(getattr(generated, operation["operationId"]).sync_detailed)


def test_the_client_configuration_reads_every_file_the_document_names_as_a_file(
        client: Any) -> None:
    overrides = yaml.safe_load(CONFIG.read_text())["content_type_overrides"]
    files = {media_type for item in client.get("/api/v1/openapi.json").json["paths"].values()
             for operation in item.values() if isinstance(operation, dict)
             for response in operation["responses"].values()
             for media_type, content in response.get("content", {}).items()
             if content["schema"].get("format") == "binary"}
    assert files and {overrides.get(media_type) for media_type in files} == {
        "application/octet-stream"}


def test_a_generated_client_plans_reports_draws_travels_in_time_and_is_refused_a_stale_edit(
        generated: GeneratedClient, app: Flask, auth: Auth) -> None:
    api, models = generated, generated.models
    client = generated.client(app, auth.tokens["planner"])

    plan = api.createPlan.sync(client=client, body=models.PlanIn.from_dict(plan_body()))
    assert isinstance(plan, models.Plan) and plan.key == "fhs" and len(plan.focus_areas) == 3
    for key, area in (("A", "nara-vard"), ("B", "digital"), ("C", "kompetens")):
        created = api.defineMilestone.sync_detailed(
            "fhs", client=client, body=models.MilestoneIn.from_dict(
                milestone_body(key, focus_area=area)))
        assert created.status_code == 201 and created.parsed.key == key
        assert created.headers["Location"] == f"/api/v1/plans/fhs/milestones/{key}"

    report = api.reportStatus.sync("fhs", "A", client=client, body=models.StatusReportIn.from_dict(
        {"status": "at_risk", "comment": "Försenad", "reported_for": "2024-04-30"}))
    assert report.current_status.value == "at_risk" and report.reported_for == date(2024, 4, 30)

    for source, target in (("A", "B"), ("B", "C")):
        dependency = api.addDependency.sync("fhs", client=client, body=models.DependencyIn.from_dict(
            {"from": source, "to": target, "kind": "requires"}))
        assert isinstance(dependency, models.Dependency)
    cycle = api.addDependency.sync_detailed("fhs", client=client, body=models.DependencyIn.from_dict(
        {"from": "C", "to": "A", "kind": "requires"}))
    assert cycle.status_code == 409 and isinstance(cycle.parsed, models.Error)
    assert cycle.parsed.cycle == ["C", "A", "B", "C"]

    drawn = api.getMap.sync_detailed("fhs", client=client)  # SVG, the default
    assert drawn.status_code == 200 and drawn.headers["Content-Type"].startswith("image/svg+xml")
    svg = drawn.parsed.payload.read()
    assert svg == drawn.content and b"m:A" in svg
    ElementTree.fromstring(svg)
    chosen = api.getMap.sync("fhs", client=client, format_=models.GetMapFormat.JSON,
                             focus_area=["nara-vard", "digital"])
    assert {node["key"] for node in json.loads(chosen.payload.read())["nodes"]} == {"A", "B"}

    revision = api.adoptRevision.sync("fhs", client=client, body=models.RevisionIn.from_dict({
        "year": 2023, "adopted_on": "2023-06-19", "decided_by": "HSN", "paragraph": "§ 71",
        "case_number": "2023-POL000011"}))
    assert isinstance(revision, models.Revision) and len(revision.seal) == 64
    api.editMilestone.sync("fhs", "C", client=client, body=models.MilestonePatch.from_dict(
        {"target_year": 2025, "reason": "Försenad"}))
    adopted = api.getState.sync("fhs", client=client, revision=2023)
    assert {(m.key, m.target_year) for m in adopted.items} == {("A", 2023), ("B", 2023), ("C", 2023)}
    diff = api.getDiff.sync("fhs", client=client, from_revision=2023)
    (change,) = diff.changed
    assert (change.milestone, change.field, change.from_, change.to) == ("C", "target_year", 2023, 2025)

    follow_up = api.getReport.sync("fhs", client=client, on=date(2024, 4, 30))
    assert isinstance(follow_up, models.Report)
    assert (follow_up.totals["at_risk"], follow_up.totals["not_reported"]) == (1, 2)

    read = api.getMilestone.sync_detailed("fhs", "B", client=client)
    etag = read.headers["ETag"]
    assert etag == f'"{read.parsed.version}"'
    edited = api.editMilestone.sync_detailed("fhs", "B", client=client, if_match=etag,
                                             body=models.MilestonePatch.from_dict({"title": "Ny"}))
    assert edited.status_code == 200 and edited.parsed.title == "Ny"
    stale = api.editMilestone.sync_detailed("fhs", "B", client=client, if_match=etag,
                                            body=models.MilestonePatch.from_dict({"title": "Sen"}))
    assert stale.status_code == 412 and "changed meanwhile" in stale.parsed.message
    assert api.getMilestone.sync("fhs", "B", client=client).title == "Ny"


def test_a_generated_client_proposes_adopts_publishes_and_checks_the_signed_log(
        generated: GeneratedClient, app: Flask, auth: Auth, tmp_path: Path) -> None:
    """The second stage's operations as a client generated from the document meets them:
    a proposal made, changed and adopted; the plan published; the log's checkpoints, key and
    proofs read without a token and checked here; hostile queries refused with an Error."""
    api, models = generated, generated.models
    planner = generated.client(app, auth.tokens["planner"])
    admin = generated.client(app, auth.tokens["admin"])
    anyone = generated._client.Client(
        base_url="http://strategikarta.test", raise_on_unexpected_status=True,
        httpx_args={"transport": httpx.WSGITransport(app=app)})
    service: Strategikarta = app.extensions["strategikarta"]
    SigningKey.create("region.test/strategikarta").save_new(tmp_path / "key")
    service.checkpoints.environ = {"STRATEGIKARTA_SIGNING_KEY_FILE": str(tmp_path / "key")}

    api.createPlan.sync(client=planner, body=models.PlanIn.from_dict(plan_body()))
    for key in ("A", "B"):
        api.defineMilestone.sync("fhs", client=planner, body=models.MilestoneIn.from_dict(
            milestone_body(key, focus_area="digital")))
    first = service.checkpoints.make()
    assert first is not None

    made = api.makeProposal.sync_detailed("fhs", client=planner, body=models.ProposalIn.from_dict(
        {"key": "rev-2024", "title": "Revidering 2024", "reason": "Årlig revidering"}))
    assert made.status_code == 201 and made.parsed.key == "rev-2024"
    for change in ({"op": "define", "milestone": milestone_body("C", focus_area="digital"),
                    "reason": "Ny milstolpe"},
                   {"op": "move", "key": "B", "target_year": 2025, "reason": "Försenad"},
                   {"op": "add_dependency", "from": "A", "to": "C", "kind": "requires",
                    "reason": "C bygger på A"}):
        added = api.addProposalChange.sync_detailed(
            "fhs", "rev-2024", client=planner, body=models.ChangeIn.from_dict(change))
        assert added.status_code == 201, added.content
    refused = api.addProposalChange.sync_detailed(
        "fhs", "rev-2024", client=planner, body=models.ChangeIn.from_dict(
            {"op": "move", "key": "NOPE", "target_year": 2025, "reason": "x"}))
    assert refused.status_code in (404, 422) and isinstance(refused.parsed, models.Error)
    proposal = api.getProposal.sync("fhs", "rev-2024", client=planner)
    assert len(proposal.changes) == 3
    adopted = api.adoptProposal.sync_detailed(
        "fhs", "rev-2024", client=planner, body=models.RevisionIn.from_dict({
            "year": 2024, "adopted_on": "2024-06-17", "decided_by": "HSN", "paragraph": "§ 88",
            "case_number": "2024-POL000042"}))
    assert adopted.status_code == 201 and len(adopted.parsed.seal) == 64
    state = api.getState.sync("fhs", client=planner)
    assert {(m.key, m.target_year) for m in state.items} == {("A", 2023), ("B", 2025), ("C", 2023)}

    forbidden = api.setPublication.sync_detailed("fhs", client=planner, body=(
        models.PublicationIn.from_dict({"published": True, "reason": "Öppenhet"})))
    assert forbidden.status_code == 403
    published = api.setPublication.sync("fhs", client=admin, body=models.PublicationIn.from_dict(
        {"published": True, "reason": "Öppenhet"}))
    assert published.published and published.page == "/public/plans/fhs"

    latest = service.checkpoints.make()
    assert latest is not None and latest.size > first.size
    listed = api.listCheckpoints.sync(client=anyone)
    assert [c.size for c in listed] == [latest.size, first.size]
    key = VerifierKey.parse(api.getCheckpointKey.sync(client=anyone).vkey)
    body = parse_checkpoint(open_note(listed[0].note, key))
    assert body.size == latest.size and body.root == latest.root_hash
    position = adopted.parsed.position
    proof = api.proveInclusion.sync(client=anyone, position=position)
    assert proof.size == latest.size and verify_inclusion(
        proof.index, proof.size, base64.b64decode(proof.leaf_hash),
        [base64.b64decode(h) for h in proof.proof], body.root)
    consistency = api.proveConsistency.sync(client=anyone, from_=first.size)
    assert verify_consistency(first.size, latest.size, first.root_hash, body.root,
                              [base64.b64decode(h) for h in consistency.proof])
    for hostile in ({"position": -1}, {"position": 2**62}, {"position": position, "size": 0},
                    {"position": position, "size": latest.size + 1}):
        answer = api.proveInclusion.sync_detailed(client=anyone, **hostile)
        assert answer.status_code in (404, 422) and isinstance(answer.parsed, models.Error)
    beyond = api.proveConsistency.sync_detailed(client=anyone, from_=latest.size + 1)
    assert beyond.status_code == 422 and isinstance(beyond.parsed, models.Error)
