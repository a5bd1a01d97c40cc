"""`verify`'s reading of the snapshots' signed digests: which snapshots hashing shows unchanged
since a checkpoint signed them (they need not be folded from their events), which differ from
their digest, and whether the digests still match the latest signed checkpoint's line.
"""

from dataclasses import dataclass, field

from domain.messages import Message
from service.signed_note import CheckpointBody, NoteError
from service.snapshot_digest_table import DIGESTS_ALTERED, SnapshotDigestTable
from service.snapshot_digests import line_of, signed_line

Key = tuple[str, int]  # aggregate (hyphenated), version


@dataclass(frozen=True)
class SnapshotSignatures:
    """What the signed digests say of the stored snapshots (nothing: fold them all)."""

    trusted: frozenset[Key] = frozenset()  # as signed
    altered: frozenset[Key] = frozenset()  # differing from their signed digest
    size: int = 0  # the checkpoint whose line vouches for the digests
    problem: Message | None = field(default=None)


NONE_SIGNED = SnapshotSignatures()


def read_signatures(table: SnapshotDigestTable,
                    latest: CheckpointBody | None) -> SnapshotSignatures:
    """The snapshots as the digests signed by `latest` (the newest checkpoint whose signature
    verified; None if none did) tell them."""
    if latest is None or not table.kept:
        return NONE_SIGNED
    # Then every snapshot is folded, so that an altered one is still found and placed.
    mismatch = SnapshotSignatures(problem=Message(DIGESTS_ALTERED, size=latest.size))
    try:
        line = signed_line(latest.extensions)
    except NoteError:
        return mismatch
    if line is None:  # signed before snapshots were
        return NONE_SIGNED
    rows = table.rows()
    if line_of(rows) != line:
        return mismatch
    # The rows the line vouches for, not any a checkpoint made meanwhile has added.
    signed = {(str(aggregate), version): digest for aggregate, version, digest in rows}
    trusted: set[Key] = set()
    altered: set[Key] = set()
    for aggregate, version, digest in table.signed_snapshots():
        if (aggregate, version) in signed:
            key = (aggregate, version)
            (trusted if digest == signed[key] else altered).add(key)
    return SnapshotSignatures(frozenset(trusted), frozenset(altered), latest.size)
