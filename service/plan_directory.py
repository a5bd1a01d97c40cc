"""What the pages that list every plan need of each one: the start page's counts by status, the
public site's listing, whether a round is open for a reporter's start page.

A worker holding every plan reads it off the records. A worker holding plans on demand
(`service.plan_shelf`) keeps an entry per plan instead, made from the plan's record once and
kept while it holds: until an event of the plan is recorded (one query over the log since the
last look, joined to the aggregate index, names the plans that changed), and for the days on
which its counts hold (until a report's date comes, a status reported in advance). So the start
page reads only the plans that changed since it was last shown, not every plan. The entries are
kept in the store too (`service.directory_table`): a worker that just started reads them there,
and makes (and keeps) only those of the plans changed since another worker made them.
"""

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.errors import DomainError, PlanNotFoundError
from domain.messages import N_, Message
from domain.values import FocusArea
from domain.year_values import RoundState
from projections.records import PlanRecord
from service.directory_table import DirectoryRow, DirectoryTable
from service.plan_loader import fold_plan
from service.plan_shelf import PlansOnDemand
from service.signed_note import SigningKey, VerifierKey
from service.store import EventStore
from service.views import PlanView, plan_view

if TYPE_CHECKING:
    from service.checkpoints import Checkpoints

FORGET_ALL_BEYOND = 50_000  # log positions since the last look: past them, every entry is made again
KEEP_EVERY = 25  # entries made between two writes to the store's table


@dataclass(frozen=True)
class DirectoryEntry:
    """A plan as the lists show it, on the days from `valid_from` up to `valid_until`."""

    view: PlanView
    published: bool
    revision: int | None  # the latest adopted revision's year
    open_rounds: tuple[str, ...]
    valid_from: date
    valid_until: date | None  # the next report date coming into force; None: none

    def holds_on(self, today: date) -> bool:
        return self.valid_from <= today and (self.valid_until is None or today < self.valid_until)

    def to_json(self) -> str:
        view = self.view
        return json.dumps({
            "view": {"key": view.key, "title": view.title, "owner": view.owner,
                     "start_year": view.start_year, "end_year": view.end_year,
                     "focus_areas": [[a.key, a.name, a.description] for a in view.focus_areas],
                     "counts": view.counts, "version": view.version,
                     "created_at": view.created_at.isoformat(), "created_by": view.created_by},
            "published": self.published, "revision": self.revision,
            "open_rounds": list(self.open_rounds), "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until and self.valid_until.isoformat()},
            ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "DirectoryEntry":
        data = json.loads(text)
        view = data["view"]
        return cls(
            PlanView(view["key"], view["title"], view["owner"], view["start_year"],
                     view["end_year"], tuple(FocusArea(*area) for area in view["focus_areas"]),
                     view["counts"], view["version"], datetime.fromisoformat(view["created_at"]),
                     view["created_by"]),
            data["published"], data["revision"], tuple(data["open_rounds"]),
            date.fromisoformat(data["valid_from"]),
            data["valid_until"] and date.fromisoformat(data["valid_until"]))


def entry_of(record: PlanRecord, today: date) -> DirectoryEntry:
    later = [report.reported_for for milestone in record.milestones.values()
             for report in milestone.reports if report.reported_for > today]
    return DirectoryEntry(
        plan_view(record, today), record.published,
        record.revisions[-1][0].year if record.revisions else None,
        tuple(key for key, round_ in sorted(record.rounds.items())
              if round_.state is RoundState.OPEN),
        today, min(later, default=None))


class PlanDirectory:
    """Every plan's entry as of a state, in key order."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.table: DirectoryTable = store.directory_table
        self.checkpoints: Checkpoints | None = None  # the log's keys: set by the application
        self._entries: dict[str, DirectoryEntry] = {}
        self._looked_at = 0  # the log position up to which changed plans were forgotten
        self._lock = threading.Lock()

    def entries(self, plans: Mapping[str, PlanRecord], position: int,
                today: date) -> list[DirectoryEntry]:
        if not isinstance(plans, PlansOnDemand):  # every record at hand
            return [entry_of(plans[key], today) for key in sorted(plans)]
        with self._lock:
            self._forget_changed(position)
            keys = sorted(plans)
            missing = [key for key in keys if not self._holds(key, today)]
            if missing:
                self._fill(missing, plans, position, today)
            return [self._entries[key] for key in keys]

    def _holds(self, key: str, today: date) -> bool:
        entry = self._entries.get(key)
        return entry is not None and entry.holds_on(today)

    def _fill(self, missing: list[str], plans: Mapping[str, PlanRecord], position: int,
              today: date) -> None:
        """The entries missing here: from the store's table where it holds them for today,
        signed by the log's key, else made from the plans' records (and kept in the table,
        signed, for the next worker). Without a signing key (or the table) none is read or
        kept."""
        key = self._signing_key()
        if key is not None and self.table.caught_up(position) is None:  # no table (`db init`)
            key = None
        if key is not None:
            verifier = key.verifier()
            for row in self.table.rows(missing):
                if not row.verifies(verifier):  # altered: made again (and `verify` says so)
                    continue
                try:
                    entry = DirectoryEntry.from_json(row.entry)
                except (ValueError, KeyError, TypeError):  # written otherwise (another version)
                    continue
                if entry.holds_on(today):
                    self._entries[row.plan] = entry
        rows: list[DirectoryRow] = []
        for plan in missing:
            if self._holds(plan, today):
                continue
            record = plans[plan]  # one at a time: a worker holding plans on demand folds it
            entry = self._entries[plan] = entry_of(record, today)
            # Kept as the plan at `position`: not from a record read later with a newer event.
            if key is not None and record.position <= position:
                rows.append(DirectoryRow.signed(plan, position, entry.to_json(), key))
            if len(rows) == KEEP_EVERY:  # kept as it goes: a request cut short keeps its work
                self.table.keep(rows, position)
                rows = []
        if rows:
            self.table.keep(rows, position)

    def fill(self) -> int:
        """Every plan's entry made and kept in the store, as the state is now (`db init`,
        `rebuild`: commands, without a request's time limit); how many the table then holds
        (0 without a signing key)."""
        state = self.store.catch_up()
        with self._lock:
            self._forget_changed(state.position)
            self._fill(sorted(state.plans), state.plans, state.position, self.store.today())
        if self._signing_key() is None:
            return 0
        return len(self.table.snapshot()[1])

    def _signing_key(self) -> SigningKey | None:
        """The log's signing key, if this process has a usable one."""
        if self.checkpoints is None or not self.checkpoints.signs:
            return None
        try:
            return self.checkpoints.signing_key()
        except DomainError:
            return None

    def _forget_changed(self, position: int) -> None:
        """Drop the entries of plans with an event after the last look, up to `position`
        (every record read after this is at least that new)."""
        if position <= self._looked_at:
            return
        if not self._entries or position - self._looked_at > FORGET_ALL_BEYOND:
            self._entries.clear()
        else:
            for key in self.store.aggregate_index.plans_changed(self._looked_at, position):
                self._entries.pop(key, None)
        self._looked_at = position


DIRECTORY_DIFFERS = N_("the plan directory's entry of plan %(plan)s differs from the plan as the "
                       "log gives it (`strategikarta rebuild` empties the table; the entries are "
                       "made again as they are read)")
DIRECTORY_UNSIGNED = N_("the plan directory's entry of plan %(plan)s is not signed by the log's "
                        "key: it was altered in the database (it is not shown; `strategikarta "
                        "rebuild` empties the table)")


class DirectoryCheck:
    """`verify`'s check of the directory table: every row's signature with the log's verifier
    key (if there is one), and with `fold`, every row's entry made again from its plan folded
    from the log up to the row's position, or the table's if later (up to which the row is
    current)."""

    def __init__(self, store: EventStore, verifier: VerifierKey | None, fold: bool) -> None:
        self.store = store
        self.verifier = verifier
        self.fold = fold

    def first_bad(self) -> tuple[int | None, Message | None]:
        if self.store.directory_table.through() is None:
            return None, None
        through, rows = self.store.directory_table.snapshot()
        for row in rows:
            if self.verifier is not None and not row.verifies(self.verifier):
                return None, Message(DIRECTORY_UNSIGNED, plan=row.plan)
            if self.fold and self._differs(row, max(through, row.made_at)):
                return None, Message(DIRECTORY_DIFFERS, plan=row.plan)
        return None, None

    def _differs(self, row: DirectoryRow, position: int) -> bool:
        try:
            kept = DirectoryEntry.from_json(row.entry)
            record = fold_plan(self.store, row.plan, position).state.plans[row.plan]
        except (ValueError, KeyError, TypeError, PlanNotFoundError):  # unreadable, or no plan
            return True
        return entry_of(record, kept.valid_from) != kept
