"""Projections dispatch on event classes: a new or renamed event without a handler fails here."""

from eventsourcing.domain import Aggregate, DomainEvent

from domain.body import Body
from domain.goal import Goal
from domain.metric import Metric
from domain.milestone import Milestone
from domain.plan import Plan
from domain.proposal import Proposal
from domain.round import Round
from domain.user import User
from projections.audit_summary import summarise
from projections.read_model import IGNORED_EVENTS, handled_event_classes


def event_classes(*aggregates: type[Aggregate]) -> set[type]:
    """Every event class declared on the aggregates; the library's own bases on each aggregate
    (`Event`, `Created`) are never recorded, only subclassed."""
    return {value for aggregate in aggregates for value in vars(aggregate).values()
            if isinstance(value, type) and issubclass(value, DomainEvent)
            and value.__name__ not in ("Event", "Created")}


def test_the_read_model_handles_every_event_or_says_it_ignores_it() -> None:
    events = event_classes(Plan, Milestone, User, Goal, Metric, Body, Round, Proposal)
    assert len(events) == 38
    assert events - handled_event_classes() - IGNORED_EVENTS == set()
    assert handled_event_classes() & IGNORED_EVENTS == set()


def test_every_event_of_a_plan_has_a_summary_in_the_audit_trail() -> None:
    registered = set(summarise.registry)
    assert event_classes(Plan, Milestone, Goal, Metric, Round, Proposal) - registered == set()


def test_a_renamed_event_class_would_not_be_handled() -> None:
    class PlanRenamed(Aggregate.Event):
        pass

    assert PlanRenamed not in handled_event_classes()
