"""The indexes behind time travel and the history: time → position both ways, and plan
checkpoints."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest

import projections.timeline
from projections.read_model import ReadModel
from projections.timeline import ActorSpans, Timeline
from service.application import Strategikarta
from tests.builders import make_plan

T0 = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_a_time_maps_to_the_last_position_recorded_at_or_before_it() -> None:
    timeline = Timeline()
    for position, seconds in enumerate((0, 1, 2, 3), start=1):
        timeline.append(position, at(seconds))
    assert [timeline.position_at(at(s)) for s in (-1, 0, 1.5, 3, 99)] == [0, 1, 2, 4, 4]


def test_a_writer_whose_clock_lags_does_not_hide_earlier_positions() -> None:
    timeline = Timeline()
    for position, seconds in ((1, 0), (2, 2.0), (3, 1.995), (4, 3)):  # 3 was written by a
        timeline.append(position, at(seconds))                        # clock 5 ms behind
    assert timeline.position_at(at(1.997)) == 3  # position 2 (2.0) comes with it: a prefix
    assert timeline.position_at(at(1.99)) == 1
    assert timeline.position_at(at(2.5)) == 3


@pytest.mark.parametrize("block", [1, 4, 64])
def test_every_event_up_to_the_position_before_a_time_was_recorded_before_it(
        block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(projections.timeline, "SINCE_BLOCK", block)
    rng, timeline, stamps = random.Random(5), Timeline(), {}
    for position in range(1, 400):  # writers whose clocks lag each other by up to 3 s
        stamps[position] = at(position * 0.1 - rng.choice((0, 0, 0, 3)))
        timeline.append(position, stamps[position])
    for seconds in (-10, 0, 0.05, 12.3, 20, 33.3, 39.85, 40, 99):
        bound = timeline.recorded_before(at(seconds))
        assert all(stamps[p] < at(seconds) for p in range(1, bound + 1))
        exact = next((p - 1 for p in stamps if stamps[p] >= at(seconds)), len(stamps))
        assert exact - block < bound <= exact  # a block of the log read too many, at most


def test_a_past_state_from_a_checkpoint_equals_a_full_replay(
        memory_service: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(projections.timeline, "CHECKPOINT_EVERY", 7)
    monkeypatch.setattr(projections.timeline, "MIN_DISTANCE", 3)
    service = memory_service
    service.store.read_model = ReadModel()  # fold again, with the small checkpoint interval
    make_plan(service, milestones=tuple(f"M{i}" for i in range(6)))
    for i in range(30):
        service.milestones.report_status("fhs", f"M{i % 6}", ("on_track", "at_risk")[i % 2], f"r{i}",
                              date(2024, 4, 30), actor="anna")
        if i % 5 == 0:
            service.milestones.edit("fhs", f"M{i % 6}", {"title": f"Titel {i}"}, actor="bo")
    service.store.catch_up()
    assert len(service.store.read_model.checkpoints["fhs"].copies) >= 5
    for position in range(2, service.store.state.position + 1, 3):
        from_checkpoint = service.time_travel.plan_at("fhs", position)
        replayed = ReadModel()
        replayed.fold((n.id, service.store.mapper.to_domain_event(n))
                      for n in service.store.recorder.select_notifications(start=1, limit=10_000,
                                                                           stop=position))
        full = replayed.state.plans["fhs"]
        assert from_checkpoint.milestones == full.milestones, position
        assert (from_checkpoint.requires, from_checkpoint.version) == (full.requires, full.version)


def test_an_actors_span_in_a_plan_runs_from_their_first_event_to_their_last() -> None:
    spans = ActorSpans()
    for position, plan, actor in ((1, "fhs", "anna"), (2, "mal", "anna"), (3, "fhs", "bo"),
                                  (7, "fhs", "anna"), (9, "mal", "bo")):
        spans.note(plan, actor, position)
    assert (spans.span("fhs", "anna"), spans.span("fhs", "bo")) == ((1, 7), (3, 3))
    assert spans.span("mal", "anna") == (2, 2) and spans.span("fhs", "cecilia") is None
