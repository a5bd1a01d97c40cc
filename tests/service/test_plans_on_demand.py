"""A worker that holds plans on demand (`service.plan_shelf`) starts at the log's end without
folding it, reads any plan from the plan's own events when asked, follows the log for the plans
it holds, lets plans go beyond its budget, and answers every reader exactly as a worker holding
every plan does; on a SQLite file and on PostgreSQL."""

import logging
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from domain.errors import NotFoundError
from service import plan_directory, plan_shelf
from service.application import Strategikarta
from service.config import DEFAULT_PLAN_BUDGET, ConfigurationError, persistence_env, plans_on_demand
from service.directory_table import DirectoryRow
from service.plan_shelf import PlansOnDemand
from service.signed_note import SigningKey
from service.time_travel import PointInTime
from tests.attacker import Attacker
from tests.conftest import TODAY, open_store
from tests.mixed_commands import APRIL, a_large_plan, a_planning_year, run_all
from tests.reader_view import differences, reader_view
from web.cli import main

Opener = Callable[..., Strategikarta]
ONE_PLAN = 1  # a budget of one event: only the plan read last is held


@pytest.fixture
def instance(shared_store_url: str) -> Iterator[Opener]:
    """Opens application instances on the test's store (plans on demand if asked)."""
    opened: list[Strategikarta] = []

    def open_one(plans_on_demand: int | None = None) -> Strategikarta:
        opened.append(open_store(shared_store_url, plans_on_demand=plans_on_demand))
        return opened[-1]

    yield open_one
    for service in opened:
        service.close()


def whole_view(service: Strategikarta) -> dict[str, Any]:
    """What a reader sees, plus the reads across every plan: the start page, the public
    listing, the reminders and a plan as of a moment."""
    view = reader_view(service)
    view["list"] = service.plans.list()
    view["public"] = service.public_site.listing()
    view["open_rounds"] = service.plans.with_open_rounds()
    view["reminders"] = service.reminders.due(days=400)
    view["as_of"] = {plan: service.time_travel.state_view(plan, service.time_travel.point(
        plan, as_of=view["history"][plan][-1].recorded_at)) for plan in view["plans"]}
    return view


@pytest.mark.parametrize("budget", [ONE_PLAN, 10**6])
def test_a_worker_holding_plans_on_demand_reads_what_a_worker_holding_all_reads(
        instance: Opener, budget: int) -> None:
    writer, on_demand, holding_all = instance(), instance(budget), instance()
    for step, _ in enumerate(a_planning_year(writer)):
        if step % 4 == 3:  # a read between writes: what it holds is followed from there on
            assert differences(whole_view(on_demand), whole_view(holding_all)) == []
    assert differences(whole_view(on_demand), whole_view(holding_all)) == []
    held = on_demand.store.state.plans.held  # type: ignore[attr-defined]
    assert len(held) == 1 if budget == ONE_PLAN else set(held) == {"fhs", "rs"}


def test_a_worker_holding_plans_on_demand_writes_as_any_worker(instance: Opener) -> None:
    on_demand, holding_all = instance(ONE_PLAN), instance()
    run_all(on_demand)  # every write judged on plans it held or read for it
    assert differences(whole_view(on_demand), whole_view(holding_all)) == []
    assert differences(whole_view(instance(ONE_PLAN)), whole_view(holding_all)) == []


def test_it_starts_at_the_log_end_holding_users_and_bodies_and_no_plan(
        instance: Opener) -> None:
    writer = instance()
    writes = run_all(writer)
    a_large_plan(writer)
    end = writer.store.recorder.max_notification_id()
    started = instance(ONE_PLAN)
    state = started.store.catch_up()
    assert state.position == end and end > writes
    assert state.plans.held == {}  # type: ignore[attr-defined]
    assert sorted(state.plans) == ["fhs", "rs", "stor"]
    assert state.users == writer.store.catch_up().users
    assert state.bodies == writer.store.catch_up().bodies
    assert state.token_owners == writer.store.catch_up().token_owners
    assert started.users.for_token  # a token issued before the start still signs in
    assert len(started.store.plan_record("stor").milestones) == 400
    assert set(started.store.state.plans.held) == {"stor"}  # type: ignore[attr-defined]
    started.milestones.report_status("rs", "X", "on_track", "", APRIL, actor="bo")
    assert set(started.store.state.plans.held) == {"rs"}  # type: ignore[attr-defined]
    assert started.store.plan_record("rs").milestones["X"].reports[-1].status.value == (
        "on_track")
    assert started.store.plan_record("stor") == writer.store.plan_record("stor")


def test_a_plan_let_go_and_read_again_is_the_same_plan_now_and_in_the_past(
        instance: Opener) -> None:
    writer, on_demand = instance(), instance(ONE_PLAN)
    run_all(writer)
    first = on_demand.store.plan_record("fhs")
    past = on_demand.time_travel.state_view("fhs", PointInTime(first.position - 3, TODAY))
    on_demand.store.plan_record("rs")  # fhs let go
    assert "fhs" not in on_demand.store.state.plans.held  # type: ignore[attr-defined]
    assert on_demand.store.plan_record("fhs") == first
    assert on_demand.time_travel.state_view(
        "fhs", PointInTime(first.position - 3, TODAY)) == past


def test_on_a_store_without_the_aggregate_index_it_holds_every_plan_and_names_db_init(
        shared_store_url: str, caplog: pytest.LogCaptureFixture) -> None:
    writer = open_store(shared_store_url)
    run_all(writer)
    writer.close()
    attacker = Attacker(shared_store_url)
    with attacker.sql() as db:
        prefix = f'"{attacker.schema}".' if attacker.postgres else ""
        db.execute(f"DROP TABLE {prefix}strategikarta_aggregates")
    worker = Strategikarta(persistence_env(shared_store_url), plans_on_demand=ONE_PLAN)
    with caplog.at_level(logging.WARNING):
        state = worker.store.catch_up()
    assert "holding every plan, not plans on demand" in caplog.text
    assert "strategikarta db init" in caplog.text
    assert not isinstance(state.plans, PlansOnDemand) and sorted(state.plans) == ["fhs", "rs"]
    holding_all = Strategikarta(persistence_env(shared_store_url), plans_on_demand=None)
    assert differences(reader_view(worker), reader_view(holding_all)) == []
    worker.close()
    holding_all.close()


def test_on_a_store_it_cannot_write_it_holds_every_plan(
        sqlite_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """The aggregate index behind the log and no way to write it (a SQLite file opened
    read-only, a PostgreSQL standby): every plan folded, reads answered as before."""
    writer = open_store(sqlite_url, plans_on_demand=None)
    run_all(writer)  # the index left behind: a worker holding every plan does not read it
    read_only = Strategikarta({**persistence_env(sqlite_url), "SQLITE_DBNAME":
                               f"file:{sqlite_url.removeprefix('sqlite:///')}?mode=ro"},
                              today=lambda: TODAY)
    with caplog.at_level(logging.WARNING):
        state = read_only.store.catch_up()
    assert "holding every plan" in caplog.text and "readonly database" in caplog.text
    assert not isinstance(state.plans, PlansOnDemand)
    assert read_only.plans.list() == writer.plans.list()
    with pytest.raises(NotFoundError, match="has no milestone 'Q'"):  # not "cannot be written"
        read_only.dependencies.add("fhs", "A", "Q", "requires", actor="anna")
    read_only.close()
    writer.close()


@pytest.mark.parametrize(("setting", "budget"), [
    ("", DEFAULT_PLAN_BUDGET), ("off", None), ("on", DEFAULT_PLAN_BUDGET),
    ("250000", 250_000)])
def test_the_setting_names_a_budget_or_every_plan(setting: str, budget: int | None) -> None:
    assert plans_on_demand({"STRATEGIKARTA_PLANS_ON_DEMAND": setting}) == budget


@pytest.mark.parametrize("setting", ["0", "-5", "lots", "1e5"])
def test_a_bad_setting_says_what_it_takes(setting: str) -> None:
    with pytest.raises(ConfigurationError, match="give on, off or a number of events"):
        plans_on_demand({"STRATEGIKARTA_PLANS_ON_DEMAND": setting})


def test_a_rebuild_starts_again_at_the_log_end_still_holding_plans_on_demand(
        instance: Opener) -> None:
    on_demand, holding_all = instance(ONE_PLAN), instance()
    run_all(on_demand)
    on_demand.store.plan_record("fhs")
    size = on_demand.rebuild()  # its count reads every plan, one at a time
    state = on_demand.store.state
    assert (size.plans, size.milestones) == (2, 7)
    assert len(state.plans.held) == 1  # type: ignore[attr-defined]
    assert state.position == holding_all.store.catch_up().position
    assert differences(whole_view(on_demand), whole_view(holding_all)) == []


def counting_folds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The plans folded from the log from now on, in order."""
    folded: list[str] = []
    fold = plan_shelf.fold_plan

    def counted(store: Any, plan: str, *more: Any) -> Any:
        folded.append(plan)
        return fold(store, plan, *more)

    monkeypatch.setattr(plan_shelf, "fold_plan", counted)
    return folded


def test_the_start_page_reads_again_only_the_plans_that_changed(
        instance: Opener, monkeypatch: pytest.MonkeyPatch) -> None:
    writer, on_demand, holding_all = instance(), instance(ONE_PLAN), instance()
    run_all(writer)
    a_large_plan(writer)
    folded = counting_folds(monkeypatch)
    assert on_demand.plans.list() == holding_all.plans.list()
    assert sorted(folded) == ["fhs", "rs", "stor"]
    folded.clear()
    assert on_demand.plans.list() == holding_all.plans.list() and folded == []
    writer.milestones.report_status("rs", "Y", "achieved", "", APRIL, actor="bo")
    assert on_demand.plans.list() == holding_all.plans.list()
    assert folded == ["rs"]
    assert on_demand.public_site.listing() == holding_all.public_site.listing()
    assert folded == ["rs"]


def test_the_start_page_counts_a_report_from_its_date_on(
        shared_store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    today = [date(2025, 12, 1)]
    clock = lambda: today[0]  # noqa: E731 (the reader's clock, which the test moves)
    writer = open_store(shared_store_url)  # a clock ahead of the reader's
    run_all(writer)
    writer.milestones.report_status("rs", "Y", "achieved", "", date(2025, 12, 31), actor="bo")
    on_demand = open_store(shared_store_url, today=clock, plans_on_demand=ONE_PLAN)
    holding_all = open_store(shared_store_url, today=clock)
    before = on_demand.plans.list()
    assert before == holding_all.plans.list()
    made: list[str] = []
    entry_of = plan_directory.entry_of
    monkeypatch.setattr(plan_directory, "entry_of",
                        lambda record, on: made.append(record.key) or entry_of(record, on))
    today[0] = date(2025, 12, 31)  # the report comes into force: rs counts it
    after, remade = on_demand.plans.list(), list(made)
    assert after == holding_all.plans.list() and after != before
    coming = {p.key for p in map(writer.store.plan_record, ("fhs", "rs")) if any(
        date(2025, 12, 1) < r.reported_for <= date(2025, 12, 31)
        for m in p.milestones.values() for r in m.reports)}
    assert remade == sorted(coming) and "rs" in coming
    for service in (writer, on_demand, holding_all):
        service.close()


def test_a_held_plans_fewer_checkpoints_give_the_same_past(
        instance: Opener, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plan_shelf, "CHECKPOINT_EVERY_HELD", 5)
    monkeypatch.setattr("projections.timeline.MIN_DISTANCE", 3)
    writer, holding_all = instance(), instance()
    run_all(writer)
    on_demand = instance(ONE_PLAN)
    held = on_demand.store.plan_record("fhs")
    checkpoints = on_demand.store.read_model.checkpoints["fhs"]
    assert checkpoints.every == 5 and len(checkpoints.copies) >= 3
    for position in range(1, held.position + 1):
        try:
            expected = holding_all.time_travel.plan_at("fhs", position)
        except NotFoundError:
            continue
        assert on_demand.time_travel.plan_at("fhs", position) == expected, position


@pytest.fixture
def signing_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SigningKey:
    """The log's signing key, set for every instance: the plan directory's rows are signed."""
    key = SigningKey.create()
    key.save_new(tmp_path / "signing-key")
    monkeypatch.setenv("STRATEGIKARTA_SIGNING_KEY_FILE", str(tmp_path / "signing-key"))
    return key


def test_a_new_worker_reads_the_plan_directory_from_the_store_without_folding_a_plan(
        instance: Opener, monkeypatch: pytest.MonkeyPatch, signing_key: SigningKey) -> None:
    writer, first, holding_all = instance(), instance(ONE_PLAN), instance(None)
    run_all(writer)
    a_large_plan(writer)
    folded = counting_folds(monkeypatch)
    assert first.plans.list() == holding_all.plans.list()
    assert sorted(folded) == ["fhs", "rs", "stor"]  # made, and kept in the store
    folded.clear()
    second = instance(ONE_PLAN)
    assert second.plans.list() == holding_all.plans.list()
    assert second.public_site.listing() == holding_all.public_site.listing()
    assert second.plans.with_open_rounds() == holding_all.plans.with_open_rounds()
    assert folded == [] and second.store.state.plans.held == {}  # type: ignore[attr-defined]
    writer.milestones.report_status("rs", "Y", "achieved", "", APRIL, actor="bo")
    third = instance(ONE_PLAN)
    assert third.plans.list() == holding_all.plans.list()
    assert folded == ["rs"]  # only the plan changed since the entries were kept
    # The worker before reads what the newer one kept.
    assert second.plans.list() == holding_all.plans.list() and folded == ["rs"]


def test_without_a_signing_key_no_entry_is_kept_in_the_store(
        instance: Opener, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STRATEGIKARTA_SIGNING_KEY_FILE", raising=False)
    writer, first = instance(), instance(ONE_PLAN)
    run_all(writer)
    listed = first.plans.list()
    assert first.store.directory_table.snapshot()[1] == []
    folded = counting_folds(monkeypatch)
    assert instance(ONE_PLAN).plans.list() == listed and sorted(folded) == ["fhs", "rs"]


def test_an_entry_read_before_a_change_is_not_kept_over_it(
        shared_store_url: str, signing_key: SigningKey) -> None:
    """A reader's entry is kept only if the table has not moved past the position it read at:
    a change meanwhile may have dropped the plan's row already."""
    writer = open_store(shared_store_url)
    run_all(writer)
    table = writer.store.directory_table
    before = writer.store.catch_up().position
    assert table.caught_up(before) == before
    writer.milestones.report_status("rs", "Y", "achieved", "", APRIL, actor="bo")
    after = writer.store.catch_up().position
    assert table.caught_up(after) == after
    # Read at `before`: the change may be lacking.
    assert not table.keep([DirectoryRow.signed("rs", before, "{}", signing_key)], before)
    assert table.rows(["rs"]) == []
    kept = DirectoryRow.signed("rs", after, "{}", signing_key)
    assert table.keep([kept], after) and table.rows(["rs"]) == [kept]
    writer.close()


def test_an_altered_directory_row_is_not_shown_and_verify_names_it(
        instance: Opener, shared_store_url: str, signing_key: SigningKey) -> None:
    writer, on_demand = instance(), instance(ONE_PLAN)
    run_all(writer)
    listed = on_demand.plans.list()
    assert writer.integrity.verify().ok
    Attacker(shared_store_url).rewrite_directory_entry("fhs", '"milestones": ', '"milestones": 1')
    Attacker(shared_store_url).rewrite_directory_entry("rs", '"published": ', '"published": 0 or ')
    report = writer.integrity.verify()
    assert not report.ok
    assert "the plan directory's entry of plan fhs is not signed by the log's key" in str(
        report.problem)
    assert instance(ONE_PLAN).plans.list() == listed  # made again, not read from the rows
    writer.rebuild()
    assert writer.store.directory_table.snapshot()[1] == []
    assert writer.integrity.verify().ok
    assert instance(ONE_PLAN).plans.list() == listed


def test_a_signed_row_put_back_after_its_plan_changed_is_found_by_the_thorough_verify(
        instance: Opener, shared_store_url: str, signing_key: SigningKey) -> None:
    writer, on_demand = instance(), instance(ONE_PLAN)
    run_all(writer)
    on_demand.plans.list()
    attacker = Attacker(shared_store_url)
    old = attacker.directory_row("rs")
    writer.milestones.report_status("rs", "Y", "achieved", "", APRIL, actor="bo")
    instance(ONE_PLAN).plans.list()  # the table caught up (rs dropped), rs made again
    attacker.put_directory_row(old)  # the row as signed before the report
    assert writer.integrity.verify().ok  # its signature holds
    report = writer.integrity.verify(all_snapshots=True)
    assert not report.ok
    assert "the plan directory's entry of plan rs differs" in str(report.problem)


def test_a_start_page_cut_short_keeps_the_entries_it_made(
        instance: Opener, monkeypatch: pytest.MonkeyPatch, signing_key: SigningKey) -> None:
    """The first look at every plan on a large store may outlast a request's time limit: what
    it made is kept as it goes, so the next try goes on from there instead of from nothing."""
    writer, first = instance(), instance(ONE_PLAN)
    run_all(writer)
    a_large_plan(writer)
    monkeypatch.setattr(plan_directory, "KEEP_EVERY", 1)
    made = plan_directory.entry_of

    def cut_short(record: Any, today: date) -> Any:
        if record.key == "stor":  # the worker is stopped (a timeout) before the third plan
            raise TimeoutError
        return made(record, today)

    monkeypatch.setattr(plan_directory, "entry_of", cut_short)
    with pytest.raises(TimeoutError):
        first.plans.list()
    monkeypatch.setattr(plan_directory, "entry_of", made)
    assert [row.plan for row in first.store.directory_table.snapshot()[1]] == ["fhs", "rs"]
    folded = counting_folds(monkeypatch)
    assert instance(ONE_PLAN).plans.list() == instance(None).plans.list()
    assert folded == ["stor"]


def test_db_init_and_rebuild_keep_every_plans_entry(
        shared_store_url: str, monkeypatch: pytest.MonkeyPatch, signing_key: SigningKey,
        instance: Opener) -> None:
    writer = instance()
    run_all(writer)
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", shared_store_url)
    for command in (["db", "init"], ["rebuild"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, result.output
        assert "plan directory: 2 plans' entries kept, signed" in result.output
        folded = counting_folds(monkeypatch)
        # Workers on the command's day (an entry is made for the days from it on).
        worker, holding_all = (open_store(shared_store_url, today=date.today(),
                                          plans_on_demand=budget) for budget in (ONE_PLAN, None))
        assert worker.plans.list() == holding_all.plans.list()
        assert folded == []  # the start page read from the store
        worker.close()
        holding_all.close()
    assert writer.integrity.verify(all_snapshots=True).ok
