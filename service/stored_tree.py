"""The log's tree as stored: roots and proofs in a few queries, and its growth from the log.

Every computation of `service.log_tree` asks for nodes by place alone, never by what an earlier
node held; so it is run once to learn which nodes it reads, they are fetched in one query, and
it is run again on them.
"""

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.persistence import Notification

from service.integrity import Stored
from service.log_tables import LogEvent, LogTables, Row
from service.log_tree import (
    Node,
    TreeBuilder,
    consistency_proof,
    inclusion_proof,
    leaf_data,
    leaf_hash,
    node_inclusion_proof,
    parts,
    tree_root,
    verify_node_inclusion,
)

T = TypeVar("T")
BATCH = 5000
PLACEHOLDER = bytes(32)


class MissingNodeError(LookupError):
    """The stored tree lacks a node it should hold (it was cut short, or never grown that far)."""


def stored_leaf(position: int, event: Stored) -> bytes:
    """The leaf hash of a stored event at a log position (`originator_id` as the hyphenated
    UUID; a `LogEvent` has it so already)."""
    aggregate = event.originator_id
    return leaf_hash(leaf_data(position, event.originator_id if isinstance(event, LogEvent)
                               else str(UUID(str(aggregate))), event.originator_version,
                               event.topic, event.state))


def event_leaf(event: Notification) -> bytes:
    return stored_leaf(event.id, event)


def log_after(recorder: Any, position: int, stop: int | None = None,
              batch: int = BATCH) -> Iterator[Notification]:
    """The events after `position` (up to `stop`), in position order, a batch at a time."""
    while True:
        found: Sequence[Notification] = recorder.select_notifications(
            start=position + 1, limit=batch, stop=stop)
        yield from found
        if len(found) < batch:
            return
        position = found[-1].id


class StoredTree:
    """Reads of the stored tree; it never vouches for itself (checkpoints do)."""

    def __init__(self, tables: LogTables) -> None:
        self.tables = tables

    def read(self, compute: Callable[[Node], T]) -> T:
        needed: set[tuple[int, int]] = set()

        def note(level: int, index: int) -> bytes:
            needed.add((level, index))
            return PLACEHOLDER

        compute(note)
        found = self.tables.nodes(needed)
        if len(found) < len(needed):
            level, index = min(needed - found.keys())
            raise MissingNodeError(f"the stored tree has no node {index} at level {level}")
        return compute(lambda level, index: found[(level, index)])

    def root(self, size: int) -> bytes:
        return self.read(lambda node: tree_root(size, node))

    def edge(self, size: int) -> list[bytes]:
        return self.read(lambda node: [node(*place) for place in parts(0, size)])

    def inclusion(self, index: int, size: int) -> tuple[bytes, list[bytes]]:
        """The leaf's hash and its RFC 9162 inclusion proof in the tree of `size` leaves."""
        return self.read(lambda node: (node(0, index), inclusion_proof(index, size, node)))

    def consistency(self, first: int, second: int) -> list[bytes]:
        return self.read(lambda node: consistency_proof(first, second, node))

    def node_proof(self, level: int, index: int, size: int) -> list[bytes]:
        return self.read(lambda node: node_inclusion_proof(level, index, size, node))

    def node_is_in(self, level: int, index: int, size: int, root: bytes) -> bool:
        """Whether the stored node at this place belongs to the tree whose root is `root`."""
        node, proof = self.read(lambda node: (
            node(level, index), node_inclusion_proof(level, index, size, node)))
        return verify_node_inclusion(level, index, size, node, proof, root)

    def grow(self, size: int, edge: Sequence[bytes], events: Iterator[Notification],
             flush: int = BATCH) -> TreeBuilder:
        """Add the events' leaves to the tree of `size` leaves whose right edge is `edge`,
        writing every node they complete; the builder holds the new size and root."""
        rows: list[Row] = []
        positions: dict[int, int] = {}

        def completed(level: int, index: int, hashed: bytes) -> None:
            rows.append((level, index, hashed, positions.pop(index) if level == 0 else None))

        builder = TreeBuilder(size, edge, completed)
        for event in events:
            positions[builder.size] = event.id
            builder.append(event_leaf(event))
            if len(rows) >= flush:
                self.tables.save_nodes(rows)
                rows.clear()
        self.tables.save_nodes(rows)
        return builder
