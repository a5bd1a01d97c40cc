"""After a collision at a version, a writer counts its write as saved only if the stored
event is its very own (a retried insert whose first commit went through), never another
writer's event made in the same microsecond."""

from datetime import date

from domain.values import Status
from service.application import Strategikarta
from tests.builders import make_plan


def test_another_writers_event_at_the_same_version_and_time_is_not_ours(
        service: Strategikarta) -> None:
    make_plan(service, milestones=("A",))
    mine, theirs = service.store.milestone("fhs", "A"), service.store.milestone("fhs", "A")
    for milestone, comment in ((mine, "min"), (theirs, "deras")):
        milestone.report_status(range(2022, 2026), Status.ON_TRACK, comment, date(2025, 4, 30),
                                date(2025, 5, 10), "anna")
    my_event, their_event = mine.pending_events[0], theirs.pending_events[0]
    object.__setattr__(their_event, "timestamp", my_event.timestamp)  # the same microsecond
    service.store.save(theirs)
    assert not service.store._already_stored(my_event)
    assert service.store._already_stored(their_event)
