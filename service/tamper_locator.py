"""Where the log left a signed checkpoint: the first leaf that differs, and what became of it.

The signed root vouches for the stored tree top-down: a stored pair of children must hash to
the parent already vouched for. Walking down on the side where the recomputed hash differs
finds the first changed leaf; a stored pair that does not hash to its parent means the stored
tree was altered too, and the tree cannot say where (the digest chains still may).
"""

from array import array
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from domain.messages import N_, Message
from service.log_tree import Node, node_hash, range_root, split
from service.stored_tree import StoredTree, log_after, stored_leaf


def halves(start: int, middle: int, end: int) -> Callable[[Node], tuple[bytes, bytes]]:
    return lambda node: (range_root(start, middle, node), range_root(middle, end, node))


class StoredTreeAlteredError(Exception):
    """A stored pair of nodes does not hash to the parent a signed root vouches for."""


class Recomputed:
    """The tree of the log as read now, every level kept (built only when a root differs)."""

    def __init__(self, leaves: bytes | bytearray) -> None:
        self.levels = [bytes(leaves)]
        while len(self.levels[-1]) > 32:
            below = self.levels[-1]
            self.levels.append(b"".join(node_hash(below[i:i + 32], below[i + 32:i + 64])
                                        for i in range(0, len(below) - 32, 64)))
        self.size = len(leaves) // 32

    def node(self, level: int, index: int) -> bytes:
        return self.levels[level][32 * index:32 * index + 32]

    def range_root(self, start: int, end: int) -> bytes | None:
        return range_root(start, end, self.node) if end <= self.size else None

    def leaf(self, index: int) -> bytes | None:
        return self.node(0, index) if index < self.size else None


class Locator:
    """Finds and names the first event that differs from what a checkpoint signed."""

    def __init__(self, tree: StoredTree, recorder: Any, leaves: bytes | bytearray,
                 positions: array) -> None:  # type: ignore[type-arg]
        self.tree = tree
        self.recorder = recorder
        self.log = Recomputed(leaves)
        self.positions = positions

    def walk(self, size: int, root: bytes, go_left: Callable[[int, int, int, bytes], bool]
             ) -> tuple[int, bytes]:
        """Down from the signed root to one leaf, checking each stored pair on the way."""
        start, end, hashed = 0, size, root
        while end - start > 1:
            k = split(end - start)
            left, right = self.tree.read(halves(start, start + k, end))
            if node_hash(left, right) != hashed:
                raise StoredTreeAlteredError(start, end)
            if go_left(start, start + k, end, left):
                end, hashed = start + k, left
            else:
                start, hashed = start + k, right
        return start, hashed

    def first_difference(self, size: int, root: bytes) -> tuple[int, bytes]:
        return self.walk(size, root, lambda start, middle, _, left:
                         self.log.range_root(start, middle) != left)

    def signed_leaf(self, size: int, root: bytes, index: int) -> bytes | None:
        if index >= size:
            return None
        return self.walk(size, root, lambda _, middle, __, ___: index < middle)[1]

    def locate(self, size: int, root: bytes, hint_of: Callable[[int], int | None]
               ) -> tuple[int, Message]:
        """The first differing event's position and what happened to it; `hint_of(index)` is
        the stored (unvouched) position of a leaf, used only where the hashes agree with it."""
        index, signed = self.first_difference(size, root)
        positions, log, hint = self.positions, self.log, hint_of(index)
        said = {"size": size}
        if index >= log.size:
            position = hint if hint is not None else (positions[-1] + 1 if log.size else 1)
            return position, Message(N_("the event at log position %(position)s was removed "
                                        "(the checkpoint of %(size)s events holds it)"),
                                     position=position, **said)
        here = positions[index]
        if self.signed_leaf(size, root, index + 1) == log.leaf(index):
            position = hint if hint is not None and self._in_gap(index, hint) else here
            return position, Message(N_("an event was removed at log position %(position)s "
                                        "(the checkpoint of %(size)s events holds it)"),
                                     position=position, **said)
        if log.leaf(index + 1) == signed:
            return here, Message(N_("an event was inserted at log position %(position)s (the "
                                    "checkpoint of %(size)s events does not hold it)"),
                                 position=here, **said)
        if hint is not None and self._in_gap(index, hint):
            return hint, Message(N_("an event was removed at log position %(position)s "
                                    "(the checkpoint of %(size)s events holds it)"),
                                 position=hint, **said)
        moved = self._moved_from(here, signed)
        if moved is not None and self._shifted(index, moved, size, root):
            return here, Message(N_("an event was inserted at log position %(position)s, and "
                                    "the later events moved on (the checkpoint of %(size)s "
                                    "events does not hold it)"), position=here, **said)
        if moved is not None:
            return here, Message(N_("the event the checkpoint of %(size)s events has at log "
                                    "position %(position)s is now at position %(now)s: events "
                                    "were reordered"), position=here, now=moved, **said)
        return here, Message(N_("the event at log position %(position)s was changed (it differs "
                                "from the checkpoint of %(size)s events)"), position=here, **said)

    def _in_gap(self, index: int, position: int) -> bool:
        """Whether `position` holds no event now and lies where leaf `index` would be."""
        at = bisect_left(self.positions, position)
        present = at < len(self.positions) and self.positions[at] == position
        return not present and at == index

    def _shifted(self, index: int, moved: int, size: int, root: bytes) -> bool:
        """Whether the signed event moved just one place on and the event now in its place
        was signed nowhere near: one inserted before it, not two swapped."""
        if index + 1 >= self.log.size or self.positions[index + 1] != moved:
            return False
        (event,) = self.recorder.select_notifications(start=self.positions[index],
                                                      stop=self.positions[index], limit=1)
        return stored_leaf(moved, event) != self.signed_leaf(size, root, index + 1)

    def _moved_from(self, position: int, signed: bytes) -> int | None:
        """The later position of the event that was signed at `position`, if it moved."""
        for event in log_after(self.recorder, position):
            if stored_leaf(position, event) == signed:
                return int(event.id)
        return None
