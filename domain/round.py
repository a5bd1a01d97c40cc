"""The Round aggregate: one report of the follow-up plan being gathered, reviewed, submitted
and decided. A round lists what is due when it opens; whether an item is reported is read
from the plan's reports (a report for the round's date, entered after the item was last
returned), so reporting stays the ordinary status, assessment and outcome reports."""

from datetime import date
from functools import lru_cache
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.aggregate_ids import ID_CACHE
from domain.errors import ConflictError, InvalidValueError
from domain.fields import DECISION, RETURN, check
from domain.messages import N_, Message
from domain.plan import PLAN_NAMESPACE
from domain.values import Seal
from domain.year_values import Decision, FollowUpEntry, RoundItem, RoundState


@lru_cache(maxsize=ID_CACHE)
def round_id(plan_key: str, key: str) -> UUID:
    """A round per follow-up plan entry: its id derives from plan and entry key, so two
    planners opening the same round collide."""
    return uuid5(PLAN_NAMESPACE, f"{plan_key}/round/{key}")


STATE_WORDS = {RoundState.OPEN: Message(N_("open")),
               RoundState.SUBMITTED: Message(N_("submitted for review")),
               RoundState.DECIDED: Message(N_("decided"))}


class WrongRoundStateError(ConflictError):
    """The round is not in the state the request needs (HTTP 409)."""


class Round(Aggregate):
    """A reporting round (rapporteringsomgång) of one plan."""

    class RoundOpened(Aggregate.Created):
        plan_key: str
        key: str
        entry: FollowUpEntry
        items: list[RoundItem]
        actor: str
        reason: str

    class ItemsReturned(Aggregate.Event):
        items: list[str]
        comment: str
        actor: str
        reason: str

    class RoundSubmitted(Aggregate.Event):
        forced: bool
        left: list[str]
        actor: str
        reason: str

    class RoundDecided(Aggregate.Event):
        decision: Decision
        seal: Seal
        report_digest: str
        actor: str
        reason: str

    @staticmethod
    def create_id(plan_key: str, key: str) -> UUID:
        return round_id(plan_key, key)

    @classmethod
    def open(cls, plan_key: str, entry: FollowUpEntry, items: list[RoundItem], today: date,
             actor: str, reason: str = "") -> "Round":
        if entry.reporting_date > today:
            raise InvalidValueError(
                N_("the round reports for %(date)s, which has not come yet: open it on or after "
                "that date"), "entry", date=entry.reporting_date.isoformat())
        return cls(plan_key, entry.key, entry, list(items), actor, reason)

    @event(RoundOpened)
    def __init__(self, plan_key: str, key: str, entry: FollowUpEntry, items: list[RoundItem],
                 actor: str, reason: str) -> None:
        self.plan_key = plan_key
        self.key = key
        self.entry = entry
        self.items = items
        self.state = RoundState.OPEN
        self.decision: Decision | None = None

    def item_ids(self) -> set[str]:
        return {item.id for item in self.items}

    def return_items(self, items: list[str], comment: str, actor: str, reason: str = "") -> None:
        """Send items back to their reporters with a comment; a submitted round opens again."""
        self._require(RoundState.OPEN, RoundState.SUBMITTED, doing=Message(N_("return items")))
        check(RETURN, "comment", comment)
        if not items:
            raise InvalidValueError(N_("name at least one item to return"), "items")
        unknown = [item for item in items if item not in self.item_ids()]
        if unknown:
            raise InvalidValueError(N_("the round has no item %(item)r (items look like "
                                    "'milestone:KEY', 'goal:KEY', 'metric:KEY')"), "items",
                                    item=unknown[0])
        self._return_items(list(dict.fromkeys(items)), comment, actor, reason)

    @event(ItemsReturned)
    def _return_items(self, items: list[str], comment: str, actor: str, reason: str) -> None:
        self.state = RoundState.OPEN

    def submit(self, left: list[str], force: bool, actor: str, reason: str = "") -> None:
        """Send the round's report to review; refused while items are `left`, unless forced
        with a reason."""
        self._require(RoundState.OPEN, doing=Message(N_("submit it")))
        if left and not force:
            raise WrongRoundStateError(
                N_("%(count)s items are not reported yet (%(first)s, …): report them, or force "
                "the submission with a reason"), "items", count=len(left), first=left[0])
        if left and not reason.strip():
            raise InvalidValueError(N_("a forced submission needs a reason: say why items are "
                                    "left"), "reason")
        self._submit(bool(left) and force, list(left), actor, reason)

    @event(RoundSubmitted)
    def _submit(self, forced: bool, left: list[str], actor: str, reason: str) -> None:
        self.state = RoundState.SUBMITTED

    def decide(self, decision: Decision, seal: Seal, report_digest: str, today: date,
               actor: str, reason: str = "") -> None:
        """Record the body's decision: it seals the report as decided."""
        self._require(RoundState.SUBMITTED, doing=Message(N_("decide on it")))
        for name in ("decided_by", "paragraph", "case_number", "summary"):
            check(DECISION, name, getattr(decision, name))
        if decision.decided_on > today:
            raise InvalidValueError(N_("%(date)s is in the future"), "date",
                                    date=decision.decided_on.isoformat())
        if decision.decided_on < self.entry.reporting_date:
            raise InvalidValueError(N_("a decision on the report for %(on)s cannot be made before "
                                    "that date"), "date", on=self.entry.reporting_date.isoformat())
        self._decide(decision, seal, report_digest, actor, reason)

    @event(RoundDecided)
    def _decide(self, decision: Decision, seal: Seal, report_digest: str, actor: str,
                reason: str) -> None:
        self.state = RoundState.DECIDED
        self.decision = decision

    def _require(self, *states: RoundState, doing: Message) -> None:
        if self.state not in states:
            raise WrongRoundStateError(
                N_("the round is %(state)s: it cannot %(doing)s"), "state",
                state=STATE_WORDS[self.state], doing=doing)
