"""Snapshots signed by a checkpoint are checked by their digest, not folded; those stored since
are folded as before; an altered digest table is reported and everything folded. On a SQLite
file and on PostgreSQL."""

import base64
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from domain.milestone import milestone_id
from domain.plan import plan_id
from service.application import Strategikarta
from service.signed_note import SigningKey, checkpoint_text, open_note, parse_checkpoint
from service.snapshot_check import SnapshotCheck
from service.snapshot_digest_table import CheckpointExistsError
from service.snapshot_digests import line_of, signed_line
from tests.attacker import Attacker
from tests.service.test_tampered_log import Store, signed_store

PLAN, MILESTONE = plan_id("fhs-exempel"), milestone_id("fhs-exempel", "NV-05")
ALTERED = "differs from the digest the checkpoint of"
NO_LONGER = "the snapshot digests no longer match the checkpoint of"


def report(app: Strategikarta, times: int) -> None:
    for _ in range(times):
        app.milestones.report_status("fhs-exempel", "NV-05", "on_track", "", date(2025, 6, 1),
                                     actor="test")


def milestone_snapshotted(app: Strategikarta) -> None:
    """Reports on NV-05 until a snapshot of it is taken (every 25 events)."""
    report(app, 25 - app.store.milestone("fhs-exempel", "NV-05").version % 25)


@pytest.fixture
def store(shared_store_url: str, tmp_path: Path) -> Iterator[Store]:
    """The demo with snapshots of the plan (two) and of a milestone, signed by a checkpoint."""
    app = signed_store(shared_store_url, tmp_path / "signing-key")
    for index in range(4):  # the plan from version 71 to 75: a second snapshot
        app.plans.add_focus_area("fhs-exempel", f"ny-{index}", f"Område {index}", "",
                                 actor="test")
    milestone_snapshotted(app)
    assert app.checkpoints.make() is not None
    yield Store(app, Attacker(shared_store_url), tmp_path / "signing-key")
    app.close()


@pytest.fixture
def folded(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The aggregates `verify` folds from their events to check their snapshots."""
    seen: set[str] = set()
    fold = SnapshotCheck._fold

    def counting(check: SnapshotCheck, aggregate_id: str, *args: Any) -> None:
        seen.add(aggregate_id)
        fold(check, aggregate_id, *args)

    monkeypatch.setattr(SnapshotCheck, "_fold", counting)
    return seen


def position_of(store: Store, aggregate: object, version: int) -> int:
    return store.positions(aggregate)[version - 1]


def test_signed_snapshots_verify_by_their_digests_and_no_aggregate_is_folded(
        store: Store, folded: set[str]) -> None:
    snapshots = store.attacker.snapshot_keys()
    assert {aggregate for aggregate, _ in snapshots} == {PLAN, MILESTONE} and len(snapshots) == 3
    assert set(store.attacker.digests()) == set(snapshots)
    report_ = store.app.integrity.verify()
    assert report_.ok, report_.problem
    assert (report_.snapshots_by_digest, report_.snapshots_by_fold, folded) == (3, 0, set())


def test_a_signed_snapshot_altered_in_the_table_is_found_and_placed_without_a_fold(
        store: Store, folded: set[str]) -> None:
    version = store.attacker.rewrite_snapshot(PLAN, b'"title":"', b'"title":"Falsk ')
    found = store.app.integrity.verify()
    assert not found.ok and found.first_bad_position == position_of(store, PLAN, version)
    assert (f"the snapshot of plan 'fhs-exempel' (aggregate {PLAN}) at version {version} "
            f"{ALTERED}") in (found.problem or "")
    assert folded == set()


def test_a_snapshot_stored_after_the_latest_checkpoint_and_altered_is_found_by_the_fold(
        store: Store, folded: set[str]) -> None:
    milestone_snapshotted(store.app)  # a second snapshot of NV-05, signed by no checkpoint
    version = store.attacker.rewrite_snapshot(MILESTONE, b'"on_track"', b'"achieved"',
                                              latest=True)
    found = store.app.integrity.verify()
    assert not found.ok and found.first_bad_position == position_of(store, MILESTONE, version)
    assert f"at version {version} does not match its events" in (found.problem or "")
    assert (found.snapshots_by_digest, found.snapshots_by_fold, folded) == (3, 1, {str(MILESTONE)})


def digest_changed(attacker: Attacker) -> None:
    attacker.set_digest(PLAN, 71, bytes(32))


def digest_deleted(attacker: Attacker) -> None:
    attacker.delete_digest(PLAN, 71)


def digest_inserted(attacker: Attacker) -> None:
    attacker.set_digest(uuid4(), 25, bytes(32))


@pytest.mark.parametrize("edit", [digest_changed, digest_deleted, digest_inserted],
                         ids=lambda edit: edit.__name__)
def test_an_altered_digest_table_is_reported_and_every_snapshot_folded(
        store: Store, folded: set[str], edit: Any) -> None:
    edit(store.attacker)
    found = store.app.integrity.verify()
    size = store.app.integrity.log_size()
    assert not found.ok and found.first_bad_position is None
    assert found.problem == f"{NO_LONGER} {size} events"
    assert (found.snapshots_by_digest, found.snapshots_by_fold) == (0, 3)
    assert folded == {str(PLAN), str(MILESTONE)}


def test_a_snapshot_altered_with_its_digest_deleted_is_still_found_by_the_fold(
        store: Store) -> None:
    version = store.attacker.rewrite_snapshot(PLAN, b'"title":"', b'"title":"Falsk ')
    store.attacker.delete_digest(PLAN, version)
    found = store.app.integrity.verify()
    assert not found.ok and found.first_bad_position == position_of(store, PLAN, version)
    assert "does not match its events" in (found.problem or "")


def test_no_checkpoint_signs_over_an_altered_digest_table(store: Store) -> None:
    """Else the next checkpoint would sign the altered snapshot of a deleted digest row."""
    signed = len(store.app.checkpoints.list())
    store.attacker.rewrite_snapshot(PLAN, b'"title":"', b'"title":"Falsk ')
    digest_deleted(store.attacker)
    report(store.app, 1)
    assert store.app.checkpoints.make() is None
    notice = store.app.checkpoints.notice
    assert notice is not None and NO_LONGER in notice.problem
    assert len(store.app.checkpoints.list()) == signed and (PLAN, 71) not in store.attacker.digests()


def test_each_checkpoint_signs_the_whole_digest_table_in_its_extension_line(store: Store) -> None:
    milestone_snapshotted(store.app)
    made = store.app.checkpoints.make()
    assert made is not None
    key = SigningKey.load(store.key_file)
    body = parse_checkpoint(open_note(made.note, key.verifier()))
    digests = store.attacker.digests()
    assert len(digests) == 4 and body.extensions == (line_of(
        (aggregate, version, digest) for (aggregate, version), digest in digests.items()).text(),)
    line = signed_line(body.extensions)
    assert line is not None and line.count == 4


def test_a_checkpoint_made_before_snapshots_were_signed_still_verifies_by_folding(
        store: Store, folded: set[str]) -> None:
    """As a store checkpointed by the code before: notes of three lines, no digests."""
    key = SigningKey.load(store.key_file)
    with store.attacker.sql() as db:
        table = store.attacker.tree.replace("log_tree", "checkpoints")
        for size, root in db.execute(f"SELECT size, root FROM {table}").fetchall():
            note = key.sign(checkpoint_text(key.name, size, base64.b64decode(root)))
            db.execute(store.attacker._q(f"UPDATE {table} SET note = ? WHERE size = ?"),
                       (note, size))
        db.execute(f"DELETE FROM {store.attacker.digest_table}")
    found = store.app.integrity.verify()
    assert found.ok, found.problem
    assert (found.snapshots_by_digest, found.snapshots_by_fold) == (0, 3)
    assert folded == {str(PLAN), str(MILESTONE)}
    report(store.app, 1)  # the next checkpoint signs every snapshot
    assert store.app.checkpoints.make() is not None and len(store.attacker.digests()) == 3
    assert store.app.integrity.verify().snapshots_by_digest == 3


def test_a_checkpoint_of_a_size_already_stored_leaves_no_digest_behind(store: Store) -> None:
    milestone_snapshotted(store.app)
    latest = store.app.checkpoints.latest()
    assert latest is not None
    before = store.attacker.digests()
    with pytest.raises(CheckpointExistsError), store.app.checkpoints.digests.signing() as signing:
        signing.digests_line(latest.size, signed_line(parse_checkpoint(
            open_note(latest.note, SigningKey.load(store.key_file).verifier())).extensions))
        signing.add_checkpoint(latest.size, latest.root, latest.signed_at, latest.note)
    assert store.attacker.digests() == before


def test_all_snapshots_folds_the_signed_ones_too(store: Store, folded: set[str]) -> None:
    version = store.attacker.rewrite_snapshot(PLAN, b'"title":"', b'"title":"Falsk ')
    found = store.app.integrity.verify(all_snapshots=True)
    assert not found.ok and found.first_bad_position == position_of(store, PLAN, version)
    assert "does not match its events" in (found.problem or "")
    assert (found.snapshots_by_digest, found.snapshots_by_fold) == (0, 3)
    assert folded == {str(PLAN), str(MILESTONE)}



def test_snapshots_are_signed_and_checked_a_batch_at_a_time(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("service.snapshot_digest_table.BATCH", 1)
    milestone_snapshotted(store.app)
    report(store.app, 25)  # and a third
    assert store.app.checkpoints.make() is not None and len(store.attacker.digests()) == 5
    found = store.app.integrity.verify()
    assert found.ok and (found.snapshots_by_digest, found.snapshots_by_fold) == (5, 0)
    version = store.attacker.rewrite_snapshot(MILESTONE, b'"on_track"', b'"achieved"',
                                              latest=True)
    found = store.app.integrity.verify()
    assert found.first_bad_position == position_of(store, MILESTONE, version)
    assert ALTERED in (found.problem or "")
