"""A running server signs its log within a minute of a write and notices when the store is
edited behind its back: at a worker's start, and as it rehashes older events round by round.
What it noticed shows on `/integrity` and to auditors until a check passes."""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask

from domain.errors import ConcurrentChangeError, StoreNotInitialisedError
from service.application import Strategikarta
from service.config import DEFAULT_PLAN_BUDGET, persistence_env
from service.demo import load_demo
from service.log_watch import LogWatch
from service.signed_note import SigningKey
from tests.attacker import Attacker
from tests.builders import milestone_body
from tests.conftest import Auth, open_store
from tests.http.test_pages import signed_in
from web import create_app
from web.cli import main

API = "/api/v1"


class SharedStore:
    """One store several workers share: the apps and watches a test opens on it, each closed
    after the test, and the edits an attacker makes behind their backs."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.opened: list[Strategikarta] = []
        self.watches: list[LogWatch] = []

    def open(self) -> Strategikarta:
        """A worker's app, as the server opens it: the tables are made already."""
        app = Strategikarta(persistence_env(self.url))
        self.opened.append(app)
        return app

    def site(self, app: Strategikarta | None = None, **config: Any) -> Flask:
        """The web app over `app`, or over a worker that starts on the store as it is now
        (`config`: the app's settings, e.g. PLANS_ON_DEMAND)."""
        if app is not None:
            return create_app({"TESTING": True, "SERVICE": app})
        site = create_app({"TESTING": True, "DATABASE_URL": self.url, **config})
        self.opened.append(site.extensions["strategikarta"])
        return site

    def watch(self, app: Strategikarta, **settings: Any) -> LogWatch:
        """A watch of its own over `app`'s store (`slice_size`, `interval`), stopped after."""
        watch = LogWatch(app.store, app.checkpoints, **settings)
        self.watches.append(watch)
        return watch

    def a_middle_event_changed(self) -> int:
        """The event halfway down the log rewritten in the database; its position."""
        probe = self.open()
        position = probe.integrity.log_size() // 2
        probe.close()
        Attacker(self.url).rewrite(position, b'"timestamp"', b'"timestamp" ')
        return position

    def close(self) -> None:
        for watch in self.watches:
            watch.stop()
        for app in self.opened:
            app.close()  # closing one closed already is harmless


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    SigningKey.create().save_new(tmp_path / "signing-key")
    monkeypatch.setenv("STRATEGIKARTA_SIGNING_KEY_FILE", str(tmp_path / "signing-key"))
    return tmp_path / "signing-key"


@pytest.fixture
def store(shared_store_url: str) -> Iterator[SharedStore]:
    """A SQLite file, then PostgreSQL; every app opened on it closed after the test."""
    shared = SharedStore(shared_store_url)
    yield shared
    shared.close()


@pytest.fixture
def signed_store(store: SharedStore, key_file: Path) -> tuple[SharedStore, Auth]:
    """A demo store with users of every role, signed, and closed again."""
    app = open_store(store.url)
    app.users.password_method = "pbkdf2:sha256:1000"
    load_demo(app)
    auth = Auth(app)
    assert app.checkpoints.make() is not None
    app.close()
    return store, auth


@pytest.mark.parametrize("plans_on_demand", [None, DEFAULT_PLAN_BUDGET],
                         ids=["every plan", "plans on demand"])
def test_a_worker_starting_on_an_edited_store_says_so_on_integrity_and_to_auditors(
        signed_store: tuple[SharedStore, Auth], plans_on_demand: int | None) -> None:
    """A worker holding every plan hashes the log as it folds it at start: it knows before it
    answers. One holding plans on demand reads no log at start: its watch's first round, run
    at once, rehashes the first slice of the signed log (the demo's whole log)."""
    store, auth = signed_store
    position = store.a_middle_event_changed()
    site = store.site(PLANS_ON_DEMAND=plans_on_demand)
    service: Strategikarta = site.extensions["strategikarta"]
    deadline = time.monotonic() + 30
    while plans_on_demand and service.checkpoints.notice is None:
        assert time.monotonic() < deadline, "the watch's first round noticed nothing in 30 s"
        time.sleep(0.05)
    notice = service.checkpoints.notice
    assert notice is not None and notice.position == position
    body = site.test_client().get(f"{API}/integrity", headers=auth.headers("auditor")).json
    assert body["noticed"]["position"] == position and not body["ok"]
    assert body["first_bad_position"] == position
    auditor = signed_in(site, "auditor").get("/").data.decode()
    assert 'role="alert"' in auditor and f"loggposition {position}" in auditor
    viewer = signed_in(site, "viewer").get("/").data.decode()
    assert f"loggposition {position}" not in viewer


def test_a_worker_falling_back_to_every_plan_hashes_the_log_as_it_folds_it(
        signed_store: tuple[SharedStore, Auth]) -> None:
    """Plans on demand asked for, but the store has no aggregate index: the worker folds every
    plan, and checks that fold against the checkpoint as it goes (before it answers)."""
    store, _ = signed_store
    position = store.a_middle_event_changed()
    attacker = Attacker(store.url)
    with attacker.sql() as db:
        prefix = f'"{attacker.schema}".' if attacker.postgres else ""
        db.execute(f"DROP TABLE {prefix}strategikarta_aggregates")
    service: Strategikarta = store.site(
        PLANS_ON_DEMAND=DEFAULT_PLAN_BUDGET).extensions["strategikarta"]
    assert service.store.read_model.plans_view is None  # every plan held
    notice = service.checkpoints.notice
    assert notice is not None and notice.position == position


def test_a_round_of_the_watch_rehashes_signed_events_and_notices_an_edit(
        signed_store: tuple[SharedStore, Auth]) -> None:
    store, _ = signed_store
    app = store.open()
    watch = store.watch(app, slice_size=64)
    watch.round()
    assert app.checkpoints.notice is None
    position = store.a_middle_event_changed()
    for _ in range(app.integrity.log_size() // 64 + 1):  # one slice a round, rolling on
        watch.round()
    notice = app.checkpoints.notice
    assert notice is not None and notice.position == position


def test_workers_taking_turns_at_the_lock_rehash_the_slices_in_turn(
        signed_store: tuple[SharedStore, Auth]) -> None:
    """Whichever worker holds the lock in a round rehashes that round's slice, not the one
    after its own last: an edit in the third slice is noticed in the third round, though no
    worker did three."""
    store, _ = signed_store
    now = [1_000.0]
    first, second = store.open(), store.open()
    watches = [store.watch(app, slice_size=64, interval=20, clock=lambda: now[0])
               for app in (first, second)]
    watches[0].round()  # signs the log, and rehashes the slice of round 50
    slices = -(-first.integrity.log_size() // 64)
    assert slices > 3
    position = (52 % slices) * 64 + 10  # in the slice of round 52, the third
    Attacker(store.url).rewrite(position, b'"timestamp"', b'"timestamp" ')
    for watch in (watches[1], watches[0]):  # rounds 51 and 52, by turns
        now[0] += 20
        assert first.checkpoints.notice_now() is None
        watch.round()
    notice = first.checkpoints.notice_now()
    assert notice is not None and notice.position == position


def test_what_was_noticed_is_settled_by_a_passing_check(
        signed_store: tuple[SharedStore, Auth]) -> None:
    store, auth = signed_store
    app = store.open()
    site = store.site(app)
    Attacker(store.url).rewrite_tree_leaf(3)  # derived data only: the log itself is intact
    app.log_watch.round()
    assert app.checkpoints.notice is not None
    first = site.test_client().get(f"{API}/integrity", headers=auth.headers("auditor")).json
    assert first["ok"] and "the stored tree differs" in first["noticed"]["problem"]
    again = site.test_client().get(f"{API}/integrity", headers=auth.headers("auditor")).json
    assert again["noticed"] is None


def test_one_worker_at_a_time_does_the_watchs_work_and_every_worker_says_what_it_noticed(
        signed_store: tuple[SharedStore, Auth]) -> None:
    """Two servers on one store: while one holds the store's lock the other's round passes;
    what the one that did the work noticed, the other says too, until a check settles it."""
    store, auth = signed_store
    working, idle = store.open(), store.open()
    site = store.site(idle)
    with working.checkpoints.lock.held() as had:
        assert had
        assert not idle.log_watch.round()  # another process's lock: nothing done twice
        with idle.checkpoints.lock.held() as other:
            assert not other
    Attacker(store.url).rewrite_tree_leaf(3)
    assert working.log_watch.round()  # the lock is free again
    assert working.checkpoints.notice is not None
    body = site.test_client().get(f"{API}/integrity", headers=auth.headers("auditor")).json
    assert "the stored tree differs" in body["noticed"]["problem"]
    assert idle.checkpoints.notice_now() is None  # the passing check settled it for all
    assert working.checkpoints.notice_now() is None


def test_a_checkpoint_waits_for_the_process_that_holds_the_lock(
        signed_store: tuple[SharedStore, Auth], monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = signed_store
    holder, maker = store.open(), store.open()
    monkeypatch.setattr("service.checkpoints.MAKE_WAIT", 0.2)
    maker.plans.add_focus_area("fhs-exempel", "ny", "Nytt område", "", actor="test")
    with holder.checkpoints.lock.held():
        with pytest.raises(ConcurrentChangeError, match="try again"):
            maker.checkpoints.make()
    made = maker.checkpoints.make()
    assert made is not None and made.size == maker.integrity.log_size()


def test_a_round_after_a_write_signs_a_checkpoint(
        signed_store: tuple[SharedStore, Auth]) -> None:
    store, _ = signed_store
    app = store.open()
    before = app.checkpoints.latest()
    app.log_watch.round()
    assert app.checkpoints.latest() == before  # nothing written: nothing to sign
    app.plans.add_focus_area("fhs-exempel", "ny", "Nytt område", "", actor="test")
    app.log_watch.round()
    latest = app.checkpoints.latest()
    assert latest is not None and latest.size == app.integrity.log_size() > before.size


def test_the_watch_thread_signs_a_write_without_being_asked(
        signed_store: tuple[SharedStore, Auth]) -> None:
    store, _ = signed_store
    app = store.open()
    store.watch(app, interval=0.05).start()
    app.plans.add_focus_area("fhs-exempel", "ny", "Nytt område", "", actor="test")
    size = app.integrity.log_size()
    deadline = time.monotonic() + 30
    while app.checkpoints.list()[0].size < size:
        assert time.monotonic() < deadline, "no checkpoint signed in 30 s"
        time.sleep(0.05)


def test_a_server_without_a_signing_key_keeps_the_derived_tables_at_the_logs_end(
        store: SharedStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """No key: nothing is signed, but the watch runs and keeps the aggregate index and the
    timeline near the log's end, so no reader pays for a long catch-up."""
    monkeypatch.delenv("STRATEGIKARTA_SIGNING_KEY_FILE", raising=False)
    monkeypatch.setenv("STRATEGIKARTA_CHECKPOINT_INTERVAL", "1")
    writer = open_store(store.url)
    store.opened.append(writer)
    load_demo(writer)
    server = store.site().extensions["strategikarta"]  # its watch thread started with it
    writer.milestones.define("fhs-exempel", milestone_body("NY"), actor="test")
    end = writer.store.recorder.max_notification_id()
    deadline = time.monotonic() + 30
    while (server.store.timeline.through(), server.store.aggregate_index.through()) != (end, end):
        assert time.monotonic() < deadline, "the derived tables were not caught up in 30 s"
        time.sleep(0.1)
    assert server.checkpoints.latest() is None  # no key: nothing signed


def test_a_store_made_before_checkpoints_verifies_and_asks_for_db_init_to_sign(
        store: SharedStore, key_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_store(store.url)
    load_demo(app)
    attacker = Attacker(store.url)
    with attacker.sql() as db:  # as the store was before this version
        for table in ("log_tree", "checkpoints", "log_notice"):
            db.execute(f"DROP TABLE {attacker.tree.replace('log_tree', table)}")
    app.close()
    app = store.open()
    assert app.checkpoints.list() == [] and app.checkpoints.covering(5) is None
    report = app.integrity.verify()
    assert report.ok and report.checkpoints == 0
    with pytest.raises(StoreNotInitialisedError, match="strategikarta db init"):
        app.checkpoints.make()  # a worker never changes the schema
    assert store.watch(app).round()  # says so in the log, goes on
    assert app.checkpoints.list() == []
    app.close()
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", store.url)
    assert CliRunner().invoke(main, ["db", "init"]).exit_code == 0
    app = store.open()
    made = app.checkpoints.make()
    assert made is not None and made.size == report.events
    assert app.integrity.verify().checkpoints == 1


def test_the_command_line_signs_checkpoints_and_verify_reports_them(
        signed_store: tuple[SharedStore, Auth], key_file: Path, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    store, _ = signed_store
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", store.url)
    made = CliRunner().invoke(main, ["checkpoint"])
    assert made.exit_code == 0 and made.output.startswith("checkpoint: ")
    verified = CliRunner().invoke(main, ["verify"])
    assert verified.exit_code == 0 and "1 checkpoint(s)" in verified.output
    assert "signatures verified" in verified.output
    monkeypatch.delenv("STRATEGIKARTA_SIGNING_KEY_FILE")
    refused = CliRunner().invoke(main, ["checkpoint"])
    assert refused.exit_code == 1 and "STRATEGIKARTA_SIGNING_KEY_FILE" in refused.output
    unchecked = CliRunner().invoke(main, ["verify"])
    assert unchecked.exit_code == 0 and "NOT checked" in unchecked.output
    created = CliRunner().invoke(main, ["key", "create", str(tmp_path / "k"), "--origin",
                                       "region.example/log"])
    assert created.exit_code == 0 and "verifier key: region.example/log+" in created.output
    again = CliRunner().invoke(main, ["key", "create", str(tmp_path / "k")])
    assert again.exit_code == 1 and "never overwritten" in again.output
    position = store.a_middle_event_changed()
    tampered = CliRunner().invoke(main, ["verify"])
    assert tampered.exit_code == 1 and f"log position {position}" in tampered.output


def test_a_lost_stored_tree_is_rebuilt_from_a_log_that_still_matches_its_checkpoint(
        signed_store: tuple[SharedStore, Auth], monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = signed_store
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", store.url)
    attacker = Attacker(store.url)
    with attacker.sql() as db:
        db.execute(f"DELETE FROM {attacker.tree}")
    refused = CliRunner().invoke(main, ["checkpoint"])
    assert refused.exit_code == 1 and "the stored tree no longer matches" in refused.output
    rebuilt = CliRunner().invoke(main, ["checkpoint", "--rebuild-tree"])
    assert rebuilt.exit_code == 0 and rebuilt.output.startswith("checkpoint: ")
    app = store.open()
    latest = app.checkpoints.latest()
    assert latest is not None and app.checkpoints.tree.root(latest.size) == latest.root_hash
    app.close()
    store.a_middle_event_changed()
    with attacker.sql() as db:
        db.execute(f"DELETE FROM {attacker.tree}")
    kept = CliRunner().invoke(main, ["checkpoint", "--rebuild-tree"])
    assert kept.exit_code == 1 and "no longer gives the root" in kept.output
