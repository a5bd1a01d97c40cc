"""`verify`'s check of the signed checkpoints: the tree recomputed from the events as they are
read, in the same pass as the digest chains, against every checkpoint's signed root.

A checkpoint whose root the log no longer gives is traced to its first differing event through
the stored tree; successive checkpoints that disagree are checked for consistency, so a history
rewritten and signed again is named as such.
"""

from array import array

from domain.errors import SigningKeyError
from domain.messages import N_, Message
from service.checkpoints import Checkpoint, Checkpoints, b64
from service.integrity import Stored
from service.log_tree import TreeBuilder, verify_consistency
from service.signed_note import (
    CheckpointBody,
    NoteError,
    VerifierKey,
    note_parts,
    open_note,
    parse_checkpoint,
)
from service.stored_tree import MissingNodeError, stored_leaf
from service.tamper_locator import Locator, StoredTreeAlteredError

Finding = tuple[int | None, Message]


class LogCheck:
    """Recomputes the leaves up to the latest checkpoint as `verify` reads the log."""

    def __init__(self, checkpoints: Checkpoints) -> None:
        self.checkpoints = checkpoints
        self.signed = checkpoints.list()[::-1]  # oldest first
        self.covered = self.signed[-1].size if self.signed else 0
        self._sizes = {checkpoint.size for checkpoint in self.signed}
        self.builder = TreeBuilder()
        self.leaves = bytearray()
        self.positions = array("q")
        self.roots: dict[int, bytes] = {}
        self.signatures_checked = False

    def note(self, position: int, event: Stored) -> None:
        # One leaf past the latest checkpoint tells an insertion from a change.
        if self.builder.size > self.covered:
            return
        leaf = stored_leaf(position, event)
        self.leaves += leaf
        self.positions.append(position)
        self.builder.append(leaf)
        if self.builder.size in self._sizes:
            self.roots[self.builder.size] = self.builder.root()

    def latest_signed(self) -> CheckpointBody | None:
        """What the newest checkpoint whose signature verifies says, extension lines and all;
        None if none does or there is no key to check them with (the findings say why)."""
        try:
            key = self.checkpoints.verifier_key() if self.signed else None
        except SigningKeyError:
            return None
        for checkpoint in reversed(self.signed) if key else ():
            body = self._read(checkpoint, key, [])
            if body is not None:
                return body
        return None

    @property
    def sizes(self) -> frozenset[int]:
        """The sizes of the signed trees: where a root is compared."""
        return frozenset(self._sizes)

    def findings(self, chain_position: int | None,
                 roots: dict[int, bytes] | None = None) -> list[Finding]:
        """Every checkpoint the log or its signature no longer bears out, first the earliest;
        against `roots` (by size) where another process computed them instead of `note`."""
        if roots is not None:
            self.roots = roots
        if not self.signed:
            return []
        try:
            key = self.checkpoints.verifier_key()
        except SigningKeyError as error:
            return [(None, error.message)]
        self.signatures_checked = key is not None
        found: list[Finding] = []
        bad: list[Checkpoint] = []
        for checkpoint in self.signed:
            body = self._read(checkpoint, key, found)
            if body is not None and self.roots.get(checkpoint.size) != body.root:
                bad.append(checkpoint)
        if bad:
            found.append(self._locate(bad[0], chain_position))
        found += self._inconsistent(bad)
        return found

    def _read(self, checkpoint: Checkpoint, key: VerifierKey | None,
              found: list[Finding]) -> CheckpointBody | None:
        said = {"size": checkpoint.size}
        try:
            text = open_note(checkpoint.note, key) if key else note_parts(checkpoint.note)[0]
            body = parse_checkpoint(text)
        except NoteError as error:
            found.append((self._last_position(checkpoint.size), Message(N_(
                "the checkpoint of %(size)s events does not verify: %(reason)s"),
                reason=str(error), **said)))
            return None
        if (body.size, b64(body.root)) != (checkpoint.size, checkpoint.root) or (
                key is not None and body.origin != key.name):
            found.append((self._last_position(checkpoint.size), Message(N_(
                "the checkpoint of %(size)s events was altered: its size, root or origin "
                "differ from its signed note"), **said)))
            return None
        return body

    def _last_position(self, size: int) -> int | None:
        return self.positions[size - 1] if 0 < size <= len(self.positions) else None

    def _locate(self, checkpoint: Checkpoint, chain_position: int | None) -> Finding:
        tree = self.checkpoints.tree
        locator = Locator(tree, self.checkpoints.store.recorder, self.leaves, self.positions)

        def hint_of(index: int) -> int | None:
            found = self.checkpoints.tables.leaves(index, index + 1)
            return found[0][1] if found else None

        try:
            return locator.locate(checkpoint.size, checkpoint.root_hash, hint_of)
        except (StoredTreeAlteredError, MissingNodeError):
            return chain_position, Message(N_(
                "the log no longer matches the checkpoint of %(size)s events, and the stored "
                "tree was altered too, so the tree cannot tell which event changed (the digest "
                "chains name the first they find)"), size=checkpoint.size)

    def _inconsistent(self, bad: list[Checkpoint]) -> list[Finding]:
        """Successive checkpoints of which one disagrees with the log: is the older a prefix of
        the newer, as the stored tree tells it?"""
        found: list[Finding] = []
        for older, newer in zip(self.signed, self.signed[1:], strict=False):
            if older not in bad and newer not in bad:
                continue
            try:
                proof = self.checkpoints.tree.consistency(older.size, newer.size)
            except MissingNodeError:
                proof = []
            if not verify_consistency(older.size, newer.size, older.root_hash, newer.root_hash,
                                      proof):
                found.append((self._last_position(older.size), Message(N_(
                    "the checkpoint of %(older)s events is not shown to be a prefix of the "
                    "checkpoint of %(newer)s events: the log was rewritten between them and "
                    "signed again, or the stored tree was altered"),
                    older=older.size, newer=newer.size)))
        return found
