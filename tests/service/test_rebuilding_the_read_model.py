"""A rebuild folds the whole log into the same read model that followed it write by write: in
the instance that followed, in one started after, twice over, and through the `rebuild`
command; on a SQLite file and on PostgreSQL."""

from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from service.application import Strategikarta
from tests.conftest import open_store
from tests.mixed_commands import a_large_plan, a_planning_year
from tests.reader_view import differences, reader_view
from web.cli import main


@pytest.fixture
def followed(shared_store_url: str) -> Iterator[tuple[Strategikarta, Strategikarta]]:
    """A writer through the year's commands and a follower holding every plan that caught up
    after every one of its writes; both open on the test's store. (A worker holding plans on
    demand rebuilds by starting again at the log's end: tests/service/test_plans_on_demand.)"""
    writer = open_store(shared_store_url)
    follower = open_store(shared_store_url, plans_on_demand=None)
    positions = [follower.store.catch_up().position for _ in a_planning_year(writer)]
    assert positions == sorted(set(positions))  # every write read on its own
    yield writer, follower
    writer.close()
    follower.close()


def test_a_rebuild_gives_the_read_model_the_fold_of_every_write_one_by_one_gave(
        followed: tuple[Strategikarta, Strategikarta]) -> None:
    _, follower = followed
    followed_view = reader_view(follower)
    size = follower.rebuild()
    assert differences(reader_view(follower), followed_view) == []
    state = follower.store.state
    assert (size.position, size.plans, size.users) == (state.position, 2, 2)
    assert size.milestones == sum(len(p.milestones) for p in state.plans.values()) == 7


def test_a_rebuild_twice_changes_nothing(
        followed: tuple[Strategikarta, Strategikarta]) -> None:
    _, follower = followed
    first = follower.rebuild()
    once = reader_view(follower)
    assert follower.rebuild() == first
    assert differences(reader_view(follower), once) == []


def test_an_instance_started_after_a_restart_rebuilds_what_the_follower_holds(
        followed: tuple[Strategikarta, Strategikarta], shared_store_url: str) -> None:
    writer, follower = followed
    writer.close()  # the writing process ends; a new one starts on the same store
    restarted = open_store(shared_store_url, plans_on_demand=None)
    try:
        restarted.rebuild()
        assert differences(reader_view(restarted), reader_view(follower)) == []
    finally:
        restarted.close()


def test_a_rebuild_over_several_batches_gives_what_the_follower_holds(
        followed: tuple[Strategikarta, Strategikarta]) -> None:
    writer, follower = followed
    a_large_plan(writer)
    followed_view = reader_view(follower)
    batches: list[int] = []
    size = follower.rebuild(progress=batches.append)
    assert len(batches) >= 2 and sum(batches) == size.position
    assert differences(reader_view(follower), followed_view) == []


def test_the_rebuild_command_folds_the_whole_log_as_the_follower_did(
        followed: tuple[Strategikarta, Strategikarta], shared_store_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _, follower = followed
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", shared_store_url)
    result = CliRunner().invoke(main, ["rebuild"])
    assert result.exit_code == 0, result.output
    state = follower.store.state
    milestones = sum(len(plan.milestones) for plan in state.plans.values())
    assert result.output.strip() == (
        f"rebuilt from {state.position} log positions: {len(state.plans)} plans, "
        f"{milestones} milestones, {len(state.users)} users")
