"""A proposal from a revised plan: the document (JSON, YAML) or workbook the planners edited,
checked as `POST /plans/import` checks a plan, then its difference from the plan as it is
made into a proposal, each change checked as a hand-made one. All of it, or nothing."""

from dataclasses import dataclass
from typing import Any

from domain.errors import ConflictError, DuplicateKeyError, InvalidValueError, Message
from domain.fields import PROPOSAL, check
from domain.proposal import proposal_id
from service.documents import Documents
from service.proposal_views import ProposalView
from service.proposals import ALREADY_MADE, Proposals
from service.revised_document import (
    NO_CHANGES,
    check_same_plan,
    ignored_parts,
    revision_changes,
)
from service.store import EventStore
from service.workbooks import Progress, Workbooks


@dataclass(frozen=True)
class ImportedProposal:
    """The proposal made, and what the document said that a proposal does not carry."""

    proposal: ProposalView
    notes: tuple[Message, ...]


class ProposalImports:
    """Proposals made from revised plan documents and workbooks."""

    def __init__(self, store: EventStore, proposals: Proposals, workbooks: Workbooks) -> None:
        self.store = store
        self.proposals = proposals
        self.workbooks = workbooks

    def from_document(self, plan: str, document: dict[str, Any], key: str, title: str,
                      actor: str, description: str = "", reason: str = "") -> ImportedProposal:
        """`document` is a plan document as the schema loads it (`POST /plans/import`'s)."""
        self._check_proposal(plan, key, title, description)
        return self._import(plan, document, key, title, actor, description, reason)

    def from_workbook(self, plan: str, content: bytes, key: str, title: str, actor: str,
                      description: str = "", reason: str = "",
                      progress: Progress | None = None) -> ImportedProposal:
        """The plan workbook as exported and edited; every problem named by its cell."""
        self._check_proposal(plan, key, title, description)
        found = self.workbooks.read_plan(content, Documents.check_revised, progress)
        try:
            return self._import(plan, found.data, key, title, actor, description, reason)
        except (InvalidValueError, ConflictError) as error:
            raise found.broken_rules(error) from None

    def _check_proposal(self, plan: str, key: str, title: str, description: str) -> None:
        """The proposal's own fields, before the document's (whose errors name its rows)."""
        self.store.plan(plan)
        for name, value in (("key", key), ("title", title), ("description", description)):
            check(PROPOSAL, name, value)
        if self.store.exists(proposal_id(plan, key)):
            raise DuplicateKeyError(ALREADY_MADE, "key", plan=plan, key=key)

    def _import(self, plan: str, document: dict[str, Any], key: str, title: str, actor: str,
                description: str, reason: str) -> ImportedProposal:
        record = self.store.plan_record(plan)
        check_same_plan(record, document)
        Documents.check_revised(document)
        today = self.store.today()
        view = self.proposals.make_with(
            plan, key, title, description,
            lambda now: revision_changes(now, document, reason, today), actor, reason)
        notes = ignored_parts(record, document)
        if not view.changes:
            notes.append(Message(NO_CHANGES))
        return ImportedProposal(view, tuple(notes))
