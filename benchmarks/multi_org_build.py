"""One organisation of `benchmarks.multi_org`: its store filled through the application, its key
and checkpoints, the log watch's rounds timed, and the check that it holds only its own."""

import random
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import psycopg
from eventsourcing.persistence import Notification

from benchmarks.map_rendering import STATUSES, generated_plan
from service.application import Strategikarta
from service.config import SIGNING_KEY_FILE, persistence_env
from service.signed_note import NoteError, SigningKey, open_note

MILESTONES = 200  # a generated plan of 200 milestones is about 520 events
PLAN = "strategi"  # every organisation's plan has the same key: only its schema tells them apart
ROUNDS = 3  # watch rounds timed per organisation, of each kind
LOCK_WAIT = 5.0  # seconds
DATES = [date(year, month, day) for year in (2022, 2023, 2024, 2025)
         for month, day in ((4, 30), (8, 31), (12, 31))]


@dataclass
class Org:
    """One organisation's store and key, and what building and checking it took (seconds)."""

    index: int
    url: str
    key_file: Path
    events: int
    build: float = 0.0
    checkpoint: float = 0.0  # the first: the whole tree grown and signed
    round_new: float = 0.0  # a watch round that signs one new event, then rehashes
    round_idle: float = 0.0  # nothing new: rehash a slice and prove it to the signed root
    round_idle_cpu: float = 0.0  # this process's CPU time of it (PostgreSQL's not counted)
    round_passed: float = 0.0  # another process holds the store's lock: try it and pass
    verify: float = 0.0
    rounds_passed_early: int = 0  # rounds that found the lock still held by the one before
    fold: float = 0.0  # opened and folded again in the process that built every store

    @property
    def schema(self) -> str:
        return schema_of(self.index)

    @property
    def name(self) -> str:
        return f"Organisation {self.index}"

    @property
    def users(self) -> dict[str, str]:
        return {"admin": "admin", f"planerare-{self.index}": "planner",
                f"lasare-{self.index}": "viewer"}

    def signed(self) -> dict[str, str]:
        return {SIGNING_KEY_FILE: str(self.key_file)}


def schema_of(index: int) -> str:
    return f"org_{index:03d}"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def build(org: Org, admin_url: str) -> None:
    """`db init`, three users, the plan imported, status reports up to one event short of
    `org.events` (the last is signed by a watch round); then its checkpoints and `verify`."""
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{org.schema}"')
    start = time.perf_counter()
    Strategikarta(persistence_env(org.url, create_tables=True)).close()
    app = Strategikarta(persistence_env(org.url))
    try:
        app.users.password_method = "pbkdf2:sha256:1000"  # speed over strength: a benchmark
        for user, role in org.users.items():
            app.users.add(user, role, "ett-långt-lösenord", actor="setup")
        plan = {**generated_plan(MILESTONES, seed=org.index), "key": PLAN,
                "title": f"Strategisk plan för {org.name}"}
        app.documents.import_plan(plan, actor=f"planerare-{org.index}")
        rng = random.Random(org.index)
        for _ in range(org.events - 1 - len(logged(app, org))):
            report(app, org, rng)
        org.build = time.perf_counter() - start
        sign_and_watch(app, org, rng)
        org.verify = timed(lambda: verified(app, org))
    finally:
        app.close()


def logged(app: Strategikarta, org: Org) -> Sequence[Notification]:
    """The store's whole log (a position may be skipped: PostgreSQL's sequence does not roll
    back with a save that collided)."""
    return app.store.recorder.select_notifications(start=1, limit=org.events + 1)


def report(app: Strategikarta, org: Org, rng: random.Random) -> None:
    app.milestones.report_status(PLAN, f"M{rng.randrange(MILESTONES)}", rng.choice(STATUSES),
                                 "Uppföljning", rng.choice(DATES), actor=f"planerare-{org.index}")


def sign_and_watch(app: Strategikarta, org: Org, rng: random.Random) -> None:
    SigningKey.create(f"{org.schema}.strategikarta.example/log").save_new(org.key_file)
    app.checkpoints.environ = org.signed()
    org.checkpoint = timed(app.checkpoints.make)
    report(app, org, rng)
    org.round_new = held_round(app, org)
    cpu = time.process_time()
    org.round_idle = statistics.median(held_round(app, org) for _ in range(ROUNDS))
    org.round_idle_cpu = (time.process_time() - cpu) / ROUNDS
    with app.checkpoints.lock.held(wait=LOCK_WAIT) as had:  # a round in another thread passes
        assert had
        org.round_passed = statistics.median(passed_round(app) for _ in range(ROUNDS))
    latest = app.checkpoints.latest()
    assert latest is not None and latest.size == org.events, latest


def held_round(app: Strategikarta, org: Org) -> float:
    """The time of a round that had the store's lock. A round tries it once, and the lock of a
    connection just closed (the previous round's) may not be let go yet: that round passes,
    and is counted."""
    for _ in range(int(LOCK_WAIT / 0.05)):
        start = time.perf_counter()
        had = app.log_watch.round()
        taken = time.perf_counter() - start
        assert app.checkpoints.notice_now() is None
        if had:
            return taken
        org.rounds_passed_early += 1
        time.sleep(0.05)
    raise AssertionError(f"{org.schema}: no round had the lock in {LOCK_WAIT} s")


def passed_round(app: Strategikarta) -> float:
    def round_passes() -> None:
        assert app.log_watch.round() is False

    taken: list[float] = []
    thread = threading.Thread(target=lambda: taken.append(timed(round_passes)))
    thread.start()
    thread.join()
    assert taken, "the round failed in its thread"
    return taken[0]


def verified(app: Strategikarta, org: Org) -> None:
    result = app.integrity.verify()
    assert result.ok, result
    assert result.events == result.covered == org.events and result.signatures_checked, result


def check_isolated(org: Org, other: Org) -> None:
    """Open the store and fold it (timed); it holds this organisation's plan, users, log and
    checkpoints only: nothing of `other`'s, whose plan has the same key."""
    start = time.perf_counter()
    app = Strategikarta(persistence_env(org.url))
    state = app.store.catch_up()
    org.fold = time.perf_counter() - start
    try:
        log = logged(app, org)
        assert len(log) == org.events and state.position == log[-1].id
        assert log[0].id == 1, "each organisation's log starts at its own 1"
        plans = app.plans.list()
        assert [(p.key, p.title) for p in plans] == [(PLAN, f"Strategisk plan för {org.name}")]
        record = app.store.plan_record(PLAN)
        assert record.requires == requires_of(org.index) != requires_of(other.index)
        assert {user.name for user in app.users.list()} == set(org.users)
        assert app.users.find(f"planerare-{other.index}") is None
        app.checkpoints.environ = org.signed()
        latest = app.checkpoints.latest()
        assert latest is not None and latest.size == org.events
        open_note(latest.note, SigningKey.load(org.key_file).verifier())
        try:
            open_note(latest.note, SigningKey.load(other.key_file).verifier())
        except NoteError:
            pass
        else:
            raise AssertionError(f"{org.schema}'s checkpoint verified with {other.schema}'s key")
    finally:
        app.close()


def requires_of(index: int) -> frozenset[tuple[str, str]]:
    plan = generated_plan(MILESTONES, seed=index)
    return frozenset((m["key"], required) for m in plan["milestones"] for required in m["requires"])
