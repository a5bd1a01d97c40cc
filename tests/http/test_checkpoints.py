"""The log's checkpoints, key and proofs through the API, open to anyone; revisions and round
decisions naming the checkpoint that covers them."""

import base64
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from service.application import Strategikarta
from service.demo import load_demo
from service.demo_story import tell_demo_story
from service.log_tree import verify_consistency, verify_inclusion
from service.signed_note import SigningKey, VerifierKey, open_note, parse_checkpoint
from service.stored_tree import event_leaf
from tests.conftest import Auth
from tests.http.test_pages import signed_in
from web import create_app

API = "/api/v1"


def sign_with_a_new_key(service: Strategikarta, directory: Path) -> SigningKey:
    key = SigningKey.create("region.example/strategikarta")
    key.save_new(directory / "signing-key")
    service.checkpoints.environ = {"STRATEGIKARTA_SIGNING_KEY_FILE": str(directory / "signing-key")}
    return key


@pytest.fixture
def signed(memory_service: Strategikarta, auth: Auth, tmp_path: Path) -> SigningKey:
    """The demo, signed twice: before and after a few more events."""
    load_demo(memory_service)
    key = sign_with_a_new_key(memory_service, tmp_path)
    memory_service.checkpoints.make()
    memory_service.plans.add_focus_area("fhs-exempel", "ny", "Nytt område", "", actor="test")
    memory_service.checkpoints.make()
    return key


def test_checkpoints_are_listed_latest_first_as_signed_notes_anyone_can_check(
        client: FlaskClient, signed: SigningKey) -> None:
    listed = client.get(f"{API}/checkpoints")
    assert listed.status_code == 200
    newer, older = listed.json
    assert newer["size"] > older["size"] and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                                                          newer["signed_at"])
    key = client.get(f"{API}/checkpoints/key").json
    assert key == {"vkey": signed.verifier().text(), "origin": "region.example/strategikarta",
                   "public_key": base64.b64encode(signed.verifier().public_key).decode()}
    for checkpoint in (newer, older):
        body = parse_checkpoint(open_note(checkpoint["note"], VerifierKey.parse(key["vkey"])))
        assert (body.origin, body.size, base64.b64encode(body.root).decode()) == (
            key["origin"], checkpoint["size"], checkpoint["root"])


def test_every_events_inclusion_proof_leads_to_the_signed_root(
        client: FlaskClient, signed: SigningKey, memory_service: Strategikarta) -> None:
    newer, older = client.get(f"{API}/checkpoints").json
    events = memory_service.store.recorder.select_notifications(start=1, limit=10_000)
    for index, event in enumerate(events[:older["size"]]):
        for checkpoint in (newer, older):
            proof = client.get(f"{API}/proofs/inclusion?position={event.id}"
                               f"&size={checkpoint['size']}").json
            assert (proof["index"], proof["leaf_hash"]) == (
                index, base64.b64encode(event_leaf(event)).decode())
            assert verify_inclusion(index, checkpoint["size"], event_leaf(event),
                                    [base64.b64decode(h) for h in proof["proof"]],
                                    base64.b64decode(checkpoint["root"]))
    latest = client.get(f"{API}/proofs/inclusion?position={events[-1].id}").json
    assert latest["size"] == newer["size"] and latest["index"] == len(events) - 1


def test_the_older_checkpoint_is_proved_a_prefix_of_the_newer(
        client: FlaskClient, signed: SigningKey) -> None:
    newer, older = client.get(f"{API}/checkpoints").json
    proof = client.get(f"{API}/proofs/consistency?from={older['size']}&to={newer['size']}").json
    assert (proof["from"], proof["to"]) == (older["size"], newer["size"])
    assert verify_consistency(older["size"], newer["size"], base64.b64decode(older["root"]),
                              base64.b64decode(newer["root"]),
                              [base64.b64decode(h) for h in proof["proof"]])
    assert client.get(f"{API}/proofs/consistency?from=3").json["to"] == newer["size"]


def test_proofs_beyond_the_log_or_out_of_order_name_the_parameter(
        client: FlaskClient, signed: SigningKey) -> None:
    size = client.get(f"{API}/checkpoints").json[0]["size"]
    for query, field in ((f"position=1&size={size + 1}", "size"), ("position=1&size=0", "size"),
                         ("size=3", "position")):
        response = client.get(f"{API}/proofs/inclusion?{query}")
        assert response.status_code == 422 and field in response.json["errors"], query
    missing = client.get(f"{API}/proofs/inclusion?position={size + 50}")
    assert missing.status_code == 404 and "position" in missing.json["errors"]
    for query, field in ((f"from=5&to={size + 1}", "to"), ("from=5&to=4", "from"),
                         ("to=4", "from")):
        response = client.get(f"{API}/proofs/consistency?{query}")
        assert response.status_code == 422 and field in response.json["errors"], query


def test_before_any_checkpoint_there_is_nothing_to_prove_and_no_key_to_show(
        client: FlaskClient, auth: Auth) -> None:
    assert client.get(f"{API}/checkpoints").json == []
    assert client.get(f"{API}/checkpoints/key").status_code == 404
    response = client.get(f"{API}/proofs/inclusion?position=1")
    assert response.status_code == 422 and "size" in response.json["errors"]


def test_integrity_says_how_many_checkpoints_matched_and_whether_signatures_were_checked(
        client: FlaskClient, auth: Auth, signed: SigningKey) -> None:
    body = client.get(f"{API}/integrity", headers=auth.headers("auditor")).json
    assert body["ok"] and body["checkpoints"] == 2 and body["signatures_checked"]
    assert body["covered"] == body["events"] and body["noticed"] is None


def test_revisions_and_round_decisions_name_the_checkpoint_covering_them(
        memory_service: Strategikarta, auth: Auth, tmp_path: Path) -> None:
    tell_demo_story(memory_service)
    site = create_app({"TESTING": True, "SERVICE": memory_service})
    client, headers = site.test_client(), auth.headers("auditor")
    revisions = client.get(f"{API}/plans/fhs-exempel/revisions", headers=headers).json["items"]
    decision = client.get(f"{API}/plans/vp-rs-2025/rounds/T1-2025", headers=headers
                          ).json["decision"]
    assert [r["checkpoint"] for r in revisions] == [None] * 4 and decision["checkpoint"] is None
    sign_with_a_new_key(memory_service, tmp_path)
    made = memory_service.checkpoints.make()
    assert made is not None
    revisions = client.get(f"{API}/plans/fhs-exempel/revisions", headers=headers).json["items"]
    decision = client.get(f"{API}/plans/vp-rs-2025/rounds/T1-2025", headers=headers
                          ).json["decision"]
    covering = {"size": made.size, "root": made.root}
    assert [r["checkpoint"] for r in revisions] == [covering] * 4
    assert decision["checkpoint"] == covering
    pages = signed_in(site, "auditor")
    for path in ("/plans/fhs-exempel/revisions", "/plans/vp-rs-2025/rounds/T1-2025"):
        page = pages.get(path).data.decode()
        assert made.root in page and f"{made.size} händelser" in page, path


def test_a_key_file_that_cannot_be_read_is_not_described_to_the_public(
        client: FlaskClient, memory_service: Strategikarta, tmp_path: Path) -> None:
    memory_service.checkpoints.environ = {
        "STRATEGIKARTA_SIGNING_KEY_FILE": str(tmp_path / "secret-place" / "signing-key")}
    response = client.get(f"{API}/checkpoints/key")
    assert response.status_code == 404 and "secret-place" not in response.get_data(as_text=True)
