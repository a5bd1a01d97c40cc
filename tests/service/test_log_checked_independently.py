"""Our tree heads, proofs and signatures checked by code nobody here wrote: the npm package
@transmute/rfc9162 and Node's own Ed25519, fed the leaves as the format defines them, read
from the store with plain SQL. Node and the package are required (`npm install`), not optional."""

import base64
import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from uuid import UUID

from service.demo import load_demo
from service.signed_note import SigningKey
from tests.conftest import open_store

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "independent" / "check_log.cjs"


def leaves_as_the_format_says(path: str) -> list[bytes]:
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT rowid, originator_id, originator_version, topic, state "
                          "FROM stored_events ORDER BY rowid").fetchall()
    return [f"{position}\n{UUID(hex=aggregate)}\n{version}\n{topic}\n".encode() + bytes(state)
            for position, aggregate, version, topic, state in rows]


def run_node(case: dict[str, object]) -> dict[str, object]:
    node = shutil.which("node")
    assert node, "node is needed for this test (Debian: apt-get install nodejs)"
    paths = [str(ROOT / "node_modules"), *filter(None, [os.environ.get("NODE_PATH")])]
    done = subprocess.run([node, str(SCRIPT)], input=json.dumps(case), capture_output=True,
                          text=True, timeout=300, env={**os.environ,
                                                       "NODE_PATH": os.pathsep.join(paths)})
    assert done.returncode == 0, done.stderr  # e.g. @transmute/rfc9162 missing: npm install
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_another_implementation_agrees_with_our_roots_proofs_and_signatures(
        sqlite_url: str, tmp_path: Path) -> None:
    app = open_store(sqlite_url)
    load_demo(app)
    key = SigningKey.create("region.example/strategikarta")
    key.save_new(tmp_path / "key")
    app.checkpoints.environ = {"STRATEGIKARTA_SIGNING_KEY_FILE": str(tmp_path / "key")}
    app.checkpoints.make()
    for index in range(13):  # checkpoints of several shapes, a power of two among them
        app.plans.add_focus_area("fhs-exempel", f"ny-{index}", f"Område {index}", "",
                                 actor="test")
        if index in (2, 3, 11, 12):
            app.checkpoints.make()
    leaves = leaves_as_the_format_says(sqlite_url.removeprefix("sqlite:///"))
    checkpoints = app.checkpoints.list()[::-1]
    sizes = [c.size for c in checkpoints]
    assert len(leaves) == sizes[-1] and len(sizes) == 5 and 512 in sizes
    positions = [n.id for n in app.store.recorder.select_notifications(start=1, limit=10_000)]
    inclusion = [{"index": index, "size": size,
                  **{k: v for k, v in vars(app.checkpoints.inclusion(positions[index], size))
                     .items() if k in ("leaf_hash", "proof")}}
                 for size in [*sizes, 256, 257] for index in
                 sorted({0, 1, size // 3, size // 2, size - 2, size - 1})]
    pairs = [(a, b) for a in [1, 2, 7, 128, 256, *sizes] for b in [*sizes, 257] if a < b]
    consistency = [{"from": a, "to": b, "proof": app.checkpoints.consistency(a, b).proof}
                   for a, b in pairs]
    found = run_node({
        "leaves": [base64.b64encode(leaf).decode() for leaf in leaves],
        "sizes": sizes, "inclusion": inclusion, "consistency": consistency,
        "notes": [c.note for c in checkpoints], "origin": key.name,
        "public_key": base64.b64encode(key.verifier().public_key).decode()})
    assert found["heads"] == {str(c.size): c.root for c in checkpoints}
    assert found["inclusion"] == [{"index": i["index"], "size": i["size"], "ok": True,
                                   "same_path": True, "same_leaf": True} for i in inclusion]
    assert found["consistency"] == [{"from": a, "to": b, "ok": True, "same_path": True}
                                    for a, b in pairs]
    assert found["signatures"] == [True] * len(checkpoints)
    app.close()


def test_the_other_implementation_refuses_a_proof_we_did_not_make(sqlite_url: str) -> None:
    """So that its agreement above means something."""
    leaves = [f"entry {i}".encode() for i in range(9)]
    encoded = [base64.b64encode(leaf).decode() for leaf in leaves]
    found = run_node({"leaves": encoded, "sizes": [9], "notes": [], "origin": "x",
                      "public_key": base64.b64encode(bytes(32)).decode(),
                      "inclusion": [{"index": 4, "size": 9, "leaf_hash": encoded[0],
                                     "proof": [base64.b64encode(bytes(32)).decode()] * 4}],
                      "consistency": [{"from": 3, "to": 9,
                                       "proof": [base64.b64encode(bytes(32)).decode()] * 3}]})
    assert [i["ok"] for i in found["inclusion"]] == [False]  # type: ignore[index]
    assert [c["ok"] for c in found["consistency"]] == [False]  # type: ignore[index]
