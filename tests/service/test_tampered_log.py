"""Every kind of edit behind the application's back, once a checkpoint covers the log, is found
by `verify` and named by its log position, on a SQLite file and on PostgreSQL."""

import base64
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from domain.milestone import milestone_id
from domain.plan import plan_id
from domain.user import user_id
from service.application import Strategikarta
from service.demo import load_demo
from service.signed_note import SigningKey, checkpoint_text
from tests.attacker import Attacker
from tests.conftest import open_store


@dataclass
class Store:
    """A demo store with a user and a signed checkpoint over all of it, and who can edit it."""

    app: Strategikarta
    attacker: Attacker
    key_file: Path

    def positions(self, aggregate: object) -> list[int]:
        return [n.id for n in self.app.store.recorder.select_notifications(start=1, limit=10_000)
                if n.originator_id == aggregate]

    def milestone(self) -> list[int]:
        return self.positions(milestone_id("fhs-exempel", "NV-05"))


def signed_store(url: str, key_file: Path) -> Strategikarta:
    app = open_store(url)
    app.users.password_method = "pbkdf2:sha256:1000"
    load_demo(app)
    app.users.add("anna", "planner", "lösenord-anna-1", actor="test")
    app.users.create_token("anna", actor="test")
    if not key_file.exists():
        SigningKey.create().save_new(key_file)
    app.checkpoints.environ = {"STRATEGIKARTA_SIGNING_KEY_FILE": str(key_file)}
    assert app.checkpoints.make() is not None
    return app


@pytest.fixture
def store(shared_store_url: str, tmp_path: Path) -> Iterator[Store]:
    app = signed_store(shared_store_url, tmp_path / "signing-key")
    yield Store(app, Attacker(shared_store_url), tmp_path / "signing-key")
    app.close()


def only_event_of_an_aggregate(store: Store) -> int:
    events = store.app.store.recorder.select_notifications(start=1, limit=10_000)
    counts = Counter(n.originator_id for n in events)
    return next(n.id for n in events if counts[n.originator_id] == 1)


Tamper = Callable[[Store], tuple[int, str]]  # edits the store; the position and word expected


def first_event_changed(store: Store) -> tuple[int, str]:
    position = store.milestone()[0]
    store.attacker.rewrite(position, b'"actor":"demo"', b'"actor":"mallory"')
    return position, "was changed"


def middle_event_changed(store: Store) -> tuple[int, str]:
    position = store.milestone()[1]
    store.attacker.rewrite(position, b'"actor":"demo"', b'"actor":"mallory"')
    return position, "was changed"


def latest_status_report_made_achieved(store: Store) -> tuple[int, str]:
    """The case of the issue: a milestone's latest report turned from on track to achieved."""
    events = store.app.store.recorder.select_notifications(start=1, limit=10_000)
    latest = {n.originator_id: n for n in events}
    position = next(n.id for n in latest.values()
                    if n.topic.endswith("StatusReported") and b'"on_track"' in n.state)
    store.attacker.rewrite(position, b'"on_track"', b'"achieved"')
    return position, "was changed"


def users_token_hash_replaced(store: Store) -> tuple[int, str]:
    position = store.positions(user_id("anna"))[-1]
    store.attacker.rewrite(position, b'"token_hash":"', b'"token_hash":"0')
    return position, "was changed"


def middle_event_deleted(store: Store) -> tuple[int, str]:
    position = store.milestone()[2]
    store.attacker.delete(position)
    return position, "was removed"


def only_event_of_an_aggregate_deleted(store: Store) -> tuple[int, str]:
    position = only_event_of_an_aggregate(store)
    store.attacker.delete(position)
    return position, "was removed"


def latest_event_of_the_log_deleted(store: Store) -> tuple[int, str]:
    position = store.positions(user_id("anna"))[-1]
    store.attacker.delete(position)
    return position, "was removed"


def event_inserted(store: Store) -> tuple[int, str]:
    positions = store.milestone()
    store.attacker.insert_copy(positions[1], of=positions[-1], version=len(positions) + 1)
    return positions[1], "was inserted"


def two_events_swapped(store: Store) -> tuple[int, str]:
    first, second = store.milestone()[1], only_event_of_an_aggregate(store)
    first, second = min(first, second), max(first, second)
    store.attacker.swap(first, second)
    return first, "were reordered"


def snapshot_changed(store: Store) -> tuple[int, str]:
    plan = plan_id("fhs-exempel")
    version = store.attacker.rewrite_snapshot(plan, b'"title":"', b'"title":"Falsk ')
    return store.positions(plan)[version - 1], "snapshot"


TAMPERS = [first_event_changed, middle_event_changed, latest_status_report_made_achieved,
           users_token_hash_replaced, middle_event_deleted, only_event_of_an_aggregate_deleted,
           latest_event_of_the_log_deleted, event_inserted, two_events_swapped, snapshot_changed]


def test_an_untouched_signed_log_verifies_with_its_signatures(store: Store) -> None:
    report = store.app.integrity.verify()
    assert report.ok and report.checkpoints == 1 and report.signatures_checked
    assert report.covered == report.events == store.app.integrity.log_size()


@pytest.mark.parametrize("tamper", TAMPERS, ids=lambda tamper: tamper.__name__)
def test_every_kind_of_edit_is_found_and_named_by_its_position(store: Store,
                                                               tamper: Tamper) -> None:
    position, word = tamper(store)
    report = store.app.integrity.verify()
    assert not report.ok
    assert (report.first_bad_position, word in (report.problem or "")) == (position, True), (
        report.problem)


def report_once_more(app: Strategikarta) -> None:
    app.milestones.report_status("fhs-exempel", "NV-05", "on_track", "", date(2025, 6, 1),
                                 actor="test")


def test_no_checkpoint_is_signed_over_a_log_whose_last_signed_event_changed(
        store: Store) -> None:
    latest_event_of_the_log_deleted(store)
    report_once_more(store.app)
    assert store.app.checkpoints.make() is None
    notice = store.app.checkpoints.notice
    assert notice is not None and "is not the one the checkpoint" in notice.problem
    assert len(store.app.checkpoints.list()) == 1


def test_an_edit_inside_the_signed_log_stays_found_after_later_checkpoints(store: Store) -> None:
    position, _ = middle_event_changed(store)
    report_once_more(store.app)
    made = store.app.checkpoints.make()
    assert made is not None and made.size == store.app.integrity.log_size()
    report = store.app.integrity.verify()
    assert (report.ok, report.first_bad_position, report.checkpoints) == (False, position, 2)


def test_a_checkpoint_altered_in_the_table_fails_its_signature(store: Store) -> None:
    with store.attacker.sql() as db:
        table = store.attacker.tree.replace("log_tree", "checkpoints")
        db.execute(f"UPDATE {table} SET note = replace(note, '\n\n', '\n\n\u2014 x AAAA\n')")
    report = store.app.integrity.verify()
    assert not report.ok and "does not verify" in (report.problem or "")


def test_an_auditor_checks_the_signatures_with_the_verifier_key_alone(store: Store) -> None:
    vkey = SigningKey.load(store.key_file).verifier().text()
    store.app.checkpoints.environ = {"STRATEGIKARTA_VERIFIER_KEY": vkey}
    assert store.app.integrity.verify().signatures_checked
    other = SigningKey.create().verifier().text()
    store.app.checkpoints.environ = {"STRATEGIKARTA_VERIFIER_KEY": other}
    report = store.app.integrity.verify()
    assert not report.ok and "not signed by" in (report.problem or "")


def test_a_checkpoint_that_does_not_extend_the_previous_one_is_reported(store: Store) -> None:
    """A fork signed with the log's own key: a newer checkpoint whose tree does not start with
    the older one's."""
    older = store.app.checkpoints.latest()
    assert older is not None
    report_once_more(store.app)
    key = SigningKey.load(store.key_file)
    forged = key.sign(checkpoint_text(key.name, older.size + 1, bytes(32)))
    store.app.checkpoints.tables.add_checkpoint(older.size + 1, base64.b64encode(bytes(32))
                                                .decode(), "2026-06-15T00:00:00Z", forged)
    report = store.app.integrity.verify()
    assert not report.ok and report.first_bad_position == store.app.integrity.log_size() - 1
    assert (f"the checkpoint of {older.size} events is not shown to be a prefix of the "
            f"checkpoint of {older.size + 1} events") in (report.problem or "")


def test_an_edit_hidden_in_the_stored_tree_too_falls_back_to_the_digest_chains(
        store: Store) -> None:
    position, _ = middle_event_changed(store)
    index = position - 1  # the demo's log has no gaps
    store.attacker.rewrite_tree_leaf(index)
    report = store.app.integrity.verify()
    assert not report.ok and report.first_bad_position == position
    assert "the stored tree was altered too" in (report.problem or "")
