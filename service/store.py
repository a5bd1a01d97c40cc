"""The one eventsourcing Application: storage, retries, aggregates, and the log reader that keeps
the read model caught up. Use cases live in feature modules that receive it."""

import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate, BaseAggregate
from eventsourcing.persistence import (
    IntegrityError,
    JSONTranscoder,
    Mapper,
    Notification,
    Recording,
)

from domain.errors import (
    N_,
    ConcurrentChangeError,
    DomainError,
    MilestoneNotFoundError,
    PlanNotFoundError,
    StoreNotInitialisedError,
    StoreUnavailableError,
    UserNotFoundError,
)
from domain.milestone import Milestone, milestone_id
from domain.plan import Plan, plan_id
from domain.user import User, user_id
from projections.read_model import ReadModel, State
from projections.records import PlanRecord
from service.aggregate_copies import aggregate_copy
from service.aggregate_index import AggregateIndex
from service.directory_table import DirectoryTable
from service.integrity import REMEMBERED, ChainingMapper
from service.plan_log import PlanLog
from service.plan_trail import PlanTrail
from service.snapshot_trust import CheckedProjector
from service.store_errors import STORE_ERRORS, FirstTryCollision, is_read_only, store_failure
from service.timeline_table import TimelineTable
from service.transcodings import register_domain_transcodings

SAVE_ATTEMPTS = 20
# A write of many aggregates at once (adopting a proposal) collides with every small write to
# any of them; it gets more tries, so that a busy round of status reports cannot starve it.
WIDE_SAVE_ATTEMPTS = 100
CATCH_UP_BATCH = 1000
SNAPSHOT_INTERVAL = 25
NO_PLAN = N_("there is no plan %(key)r")
NO_MILESTONE = N_("plan %(plan)r has no milestone %(key)r")
ELSEWHERE = N_("plan %(plan)r has no milestone %(key)r (it belongs to plan %(other)r; "
               "dependencies cannot cross plans)")
NO_USER = N_("there is no user %(name)r")
logger = logging.getLogger(__name__)
NO_INDEX = N_("the store has no aggregate index yet: run `strategikarta db init` (it adds the "
              "index and leaves the events as they are)")


class EventStore(Application[UUID]):
    """Storage and consistency for every use case; see `service.application.Strategikarta`."""

    name = "Strategikarta"
    log_section_size = CATCH_UP_BATCH
    # Plans collect many dependency events; snapshots keep loading them fast.
    snapshotting_intervals = {Plan: SNAPSHOT_INTERVAL, Milestone: SNAPSHOT_INTERVAL}
    # Cached aggregates are fast-forwarded from the store on every get, so a cached copy
    # never hides another process's write; a get is then one small query.
    env = {"AGGREGATE_CACHE_MAXSIZE": "5000", "AGGREGATE_CACHE_FASTFORWARD": "y"}

    def __init__(self, env: dict[str, str] | None = None,
                 today: Callable[[], date] = date.today) -> None:
        try:
            super().__init__(env)
        except STORE_ERRORS as error:
            raise store_failure(error, "read") from error
        self.read_model = ReadModel()
        self.plan_log = PlanLog(self.recorder, self.mapper)
        self.aggregate_index = AggregateIndex(self.plan_log)
        self.timeline = TimelineTable(self.plan_log)
        self.directory_table = DirectoryTable(self.plan_log, self.aggregate_index)
        self.caught_up_at = float("-inf")  # time.monotonic() of the last catch-up
        self.today = today
        self.projector = CheckedProjector(self.events, self.catch_up)
        # Shown every batch the fold reads (the log's check at a worker's start).
        self.on_fold: Callable[[Sequence[Notification]], object] | None = None
        self._cached_reads = threading.local()  # see save_with_retries(from_cache=True)

    def construct_mapper(self) -> ChainingMapper:
        mapper = self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=ChainingMapper)
        assert isinstance(mapper, ChainingMapper)
        return mapper

    def construct_recorder(self) -> Any:
        recorder = super().construct_recorder()
        self.mapper.recorder = recorder  # type: ignore[attr-defined]
        return recorder

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        self.mapper.begin_batch()  # type: ignore[attr-defined]
        if all(isinstance(obj, BaseAggregate) for obj in objs):
            recordings = self._save_aggregates(objs, kwargs)
        else:  # a domain event or None among them: the library sorts them out
            recordings = super().save(*objs, **kwargs)
        for recording in recordings:  # committed now: their digests may be chained to
            self.mapper.remember(recording.notification)  # type: ignore[attr-defined]
        return recordings

    def _save_aggregates(self, aggregates: Sequence[BaseAggregate[UUID]],
                         kwargs: dict[str, Any]) -> list[Recording[UUID]]:
        """The library's save, its events collected without its runtime `Protocol` checks
        (`isinstance` against a `typing.Protocol` walks the protocol's attributes on every
        call: 4 % of a status report's instructions); its deprecated `notify` hook, which
        nothing here overrides, is not called."""
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        for aggregate in aggregates:
            processing_event.events.extend(aggregate.collect_events())
            processing_event.aggregates[aggregate.id] = aggregate
        processing_event.saved_kwargs.update(kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        return recordings

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        # The library snapshots an aggregate at every multiple of its interval among a save's
        # events, each reloaded from the store and written in a transaction of its own: a
        # plan imported in one save, thousands of dependency events, took a snapshot per 25
        # of them, each a copy of the whole plan, and the import grew with the square of the
        # plan. Here an aggregate whose new events reach a multiple is snapshotted once, as
        # just saved: the object those events were applied to is the recorded state.
        assert self.snapshots is not None
        new_events = Counter(event.originator_id for event in processing_event.events)
        for aggregate_id, count in new_events.items():
            aggregate: Any = processing_event.aggregates.get(aggregate_id)
            interval = self.snapshotting_intervals.get(type(aggregate))
            if interval and aggregate.version // interval > (aggregate.version - count) // interval:
                self.snapshots.put([type(aggregate).Snapshot.take(aggregate)])

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    def is_initialised(self) -> bool:
        """Whether the tables exist; a store that cannot be read at all raises instead."""
        try:
            self.recorder.max_notification_id()
        except STORE_ERRORS as error:
            failure = store_failure(error, "read")
            if isinstance(failure, StoreNotInitialisedError):
                return False
            raise failure from error
        return True

    @property
    def state(self) -> State:
        """The read model as last published (maybe behind the log: `catch_up` first)."""
        return self.read_model.state

    def catch_up(self) -> State:
        """Fold every event recorded since the last read, by any process, into the read model
        (with plans on demand, only those of the plans it holds, its users and bodies)."""
        try:
            self.caught_up_at = time.monotonic()
            model = self.read_model
            on_demand = model.plans_view is not None
            if not model.position and on_demand:  # no fold: its users and bodies, its end
                on_demand = self._start_at_the_end()
                model = self.read_model
            if not model.position and not on_demand:  # a first fold: remember its last events
                last = self.recorder.max_notification_id() or 0
                self.mapper.remember_from = last - REMEMBERED  # type: ignore[attr-defined]
            while True:
                batch = self.notification_log.select(start=model.position + 1,
                                                     limit=CATCH_UP_BATCH)
                # Held plans' events are decoded; others only if they create an aggregate
                # (a new plan is held; a new milestone of a plan not held is passed over).
                # Asked event by event as the fold goes: an aggregate created in this batch
                # is known for its next events.
                state = model.fold((n.id, self.mapper.to_domain_event(n)) for n in batch
                                   if not on_demand or n.originator_version == 1
                                   or model.knows(n.originator_id))
                if on_demand and batch:
                    state = model.advance(batch[-1].id)
                if self.on_fold is not None:
                    self.on_fold(batch)
                if len(batch) < CATCH_UP_BATCH:
                    return state
        except STORE_ERRORS as error:
            raise store_failure(error, "read") from error

    def _start_at_the_end(self) -> bool:
        """Users and bodies folded from their own events (the aggregate index finds them), and
        the model placed at the log's end: where a worker with plans on demand starts. On a
        store without the index (`db init` adds it), or one it cannot write (the index behind
        and no way to bring it up), it holds every plan instead and says why in the log (and
        False)."""
        end = self.recorder.max_notification_id() or 0
        if not end:
            return True
        try:
            why = None if self.aggregate_index.caught_up(end) is not None else NO_INDEX
        except StoreNotInitialisedError as error:  # the index's tables only partly there
            why = str(error)
        except StoreUnavailableError as error:
            if not is_read_only(error):
                raise
            why = str(error)
        if why is not None:
            logger.warning("holding every plan, not plans on demand: %s", why)
            self.read_model = ReadModel()
            return False
        ids = [row.aggregate for row in self.aggregate_index.of_kinds(("user", "body"), end)]
        stored = self.plan_log.stored_of(ids, end)
        for start in range(0, len(stored), CATCH_UP_BATCH):
            self.read_model.fold((position, self.mapper.to_domain_event(event))
                                 for position, event in stored[start:start + CATCH_UP_BATCH])
        self.read_model.advance(end)
        return True

    def rebuild(self, progress: Callable[[int], object] | None = None) -> State:
        """Replace the read model by a fresh fold of the whole log (holding plans on demand:
        by a fresh model that starts again at the log's end)."""
        fresh, start = ReadModel(), 1
        if self.read_model.plans_view is not None:
            fresh.hold_on_demand(self.read_model.plans_view, self.read_model.checkpoint_every)
            self.read_model = fresh
            return self.catch_up()
        while True:
            try:
                batch = self.notification_log.select(start=start, limit=CATCH_UP_BATCH)
                fresh.fold((n.id, self.mapper.to_domain_event(n)) for n in batch)
                if self.on_fold is not None:
                    self.on_fold(batch)
            except STORE_ERRORS as error:
                raise store_failure(error, "read") from error
            if progress is not None:
                progress(len(batch))
            if len(batch) < CATCH_UP_BATCH:
                break
            start = batch[-1].id + 1
        self.read_model = fresh
        return fresh.state

    def save_with_retries(self, attempt: Callable[[], Sequence[Aggregate | None]],
                          attempts: int = SAVE_ATTEMPTS, from_cache: bool = False) -> None:
        """Run `attempt` (load, decide, change) and save; redo it if another writer got there first.

        `attempt` re-reads everything and re-checks every rule, so a retried write is
        judged against what is recorded now; a rule it then breaks raises as usual.

        With `from_cache`, the first run reads aggregates as this process last saw them
        (saved here, or read since), brought up to the newest of their events it has read
        from the log (a catch-up reads them all): no round trip to the store. Such a copy is
        trusted only where a stale one cannot do harm: an aggregate the attempt saves, whose
        next version collides in the store if another process wrote one meanwhile (the
        attempt then runs again: once more on the cached copy, after a catch-up has read the
        log on, then on what is recorded). A rule broken on a cached copy, or a cached
        aggregate read but not saved, makes the attempt run again on fresh reads before
        anything is answered. The aggregates saved become this process's cached copies, so
        the attempt must not change them after.
        """
        collided, trust_cache = False, from_cache
        for attempt_number in range(attempts):
            if collided:
                # Jittered backoff, so writers that collided do not collide again in lockstep.
                time.sleep(random.uniform(0, 0.002 * 2 ** min(attempt_number, 7)))
            cached = self._cached_reads.ids = set() if trust_cache else None
            trust_cache = False
            try:
                aggregates = [a for a in attempt() if a is not None]
            except DomainError:
                if cached:
                    continue  # judged on a cached copy: judge again on what is recorded
                raise
            finally:
                self._cached_reads.ids = None
            if cached and (not aggregates or not cached <= {a.id for a in aggregates}):
                collided = False
                continue  # decided on a cached aggregate that no collision would catch
            if not aggregates:
                return
            first_new = next((e for a in aggregates for e in a.pending_events), None)
            try:
                self.save(*aggregates)
            except IntegrityError as error:
                if (not isinstance(error, FirstTryCollision) and first_new is not None
                        and self._already_stored(first_new)):
                    return
                if cached and not attempt_number:
                    # The copy was older than the log: read the log on (as the next catch-up
                    # would), and the copy comes up to what it collided with.
                    self.catch_up()
                    trust_cache = True
                collided = not cached  # a stale cached copy is no contention: retry at once
                continue
            except STORE_ERRORS as error:
                # Busy (409, try again) only if another writer holds the lock; a read-only,
                # damaged or unreachable store is no conflict and retrying will not help.
                raise store_failure(error, "written") from error
            if from_cache and self.repository.cache is not None:
                for aggregate in aggregates:  # as recorded now: the next write starts from here
                    self.repository.cache.put(aggregate.id, aggregate)
            return
        raise ConcurrentChangeError(
            N_("others kept changing the same plan at the same moment; try again"))

    def _already_stored(self, event: Any) -> bool:
        """Is this very event (same aggregate, version, creation time and content) stored?

        When the connection drops during a commit, the library retries the insert; if the
        commit had in fact gone through, the retry collides with our own events. They must
        then count as saved: running the command again would record it twice. Another
        writer's event at the same version is no such echo, even if it was made in the same
        microsecond (two processes' clocks can give the same time): every field must match,
        or the write is judged again (a 412 or a retry), never acknowledged unstored.
        """
        stored = self.recorder.select_events(event.originator_id, gt=event.originator_version - 1,
                                             lte=event.originator_version)
        if not stored:
            return False
        recorded: Any = Mapper.to_domain_event(self.mapper, stored[0])
        return all(getattr(recorded, name, None) == value
                   for name, value in vars(event).items())

    def plan(self, key: str) -> Plan:
        """The plan aggregate, to change it."""
        try:
            plan: Plan = self.get(plan_id(key))
        except AggregateNotFoundError:
            raise PlanNotFoundError(NO_PLAN, key=key) from None
        return plan

    def position_at(self, when: datetime, until: int) -> int:
        """The last log position up to `until` recorded at or before `when`: the timeline
        table (`service.timeline_table`), brought up to `until` first."""
        return self.timeline.position_at(when, until)

    def recorded_before(self, when: datetime, until: int) -> int:
        """A log position up to `until` such that it and every event before it were recorded
        before `when` (0 if none): what was recorded since `when` lies after it."""
        return self.timeline.last_before(when, until)

    def plan_record(self, key: str, caught_up: bool = True) -> PlanRecord:
        """The plan as the read model has it, caught up with the log.

        With `caught_up=False` the log is read only if the plan is not known yet: enough
        for facts that never change once recorded, such as the plan period.
        """
        state = self.state if not caught_up and key in self.state.plans else self.catch_up()
        if key not in state.plans:
            raise PlanNotFoundError(NO_PLAN, key=key)
        return state.plans[key]

    def trail(self, plan: str, state: State | None = None) -> PlanTrail:
        """The plan's audit trail as of `state` (the published state if None), read from the
        log when read."""
        state = state or self.state
        if plan not in state.plans:
            raise PlanNotFoundError(NO_PLAN, key=plan)
        return PlanTrail(self.plan_log, state.plans[plan], state.position)

    def milestone(self, plan_key: str, key: str, field: str | None = None) -> Milestone:
        """The milestone aggregate, to change it; `field` names the request's field on a 404."""
        try:
            milestone: Milestone = self.get(milestone_id(plan_key, key))
        except AggregateNotFoundError:
            others = self._elsewhere(plan_key, key)
            raise MilestoneNotFoundError(
                ELSEWHERE if others else NO_MILESTONE, field, plan=plan_key, key=key,
                **({"other": others[0]} if others else {})) from None
        return milestone

    def user(self, name: str) -> User:
        if not self.exists(user_id(name)):
            raise UserNotFoundError(NO_USER, "name", name=name)
        user: User = self.get(user_id(name))
        return user

    def exists(self, aggregate_id: UUID) -> bool:
        try:
            self.get(aggregate_id)
        except AggregateNotFoundError:
            return False
        return True

    def get(self, aggregate_id: UUID) -> Any:
        cached_reads: set[UUID] | None = getattr(self._cached_reads, "ids", None)
        if cached_reads is not None:
            cached = self._cached_copy(aggregate_id)
            if cached is not None:
                cached_reads.add(aggregate_id)
                return cached
        try:
            return self.repository.get(aggregate_id, projector_func=self.projector)
        except STORE_ERRORS as error:
            raise store_failure(error, "read") from error

    def _cached_copy(self, aggregate_id: UUID) -> Any:
        """A copy of the cached aggregate, brought up to the newest event of it this process
        has read from the log; None if such an event is no longer at hand."""
        if self.repository.cache is None:
            return None
        try:
            aggregate = self.repository.cache.get(aggregate_id)
        except KeyError:
            return None
        newer = None if aggregate is None else self.mapper.seen_after(  # type: ignore[attr-defined]
            aggregate_id, aggregate.version)
        if newer is None:
            return None
        # The cached object is never changed in place here. Nor is the copy brought up to date
        # cached: the attempt saves it (and the save caches it), or is run again on fresh reads.
        copied = aggregate_copy(aggregate)
        return self.projector(copied, newer) if newer else copied

    def _elsewhere(self, plan_key: str, key: str) -> list[str]:
        """The other plans that have a milestone `key` (found by the aggregate index, or in
        every plan on a store older than it)."""
        try:
            indexed = self.aggregate_index.caught_up() is not None
        except StoreUnavailableError as error:  # a store this process cannot write
            if not is_read_only(error):
                raise
            indexed = True  # the index as far as it goes: a hint, not the answer
        if indexed:
            return [p for p in self.aggregate_index.plans_with("milestone", key) if p != plan_key]
        return [p.key for p in self.catch_up().plans.values()
                if p.key != plan_key and key in p.milestones]
