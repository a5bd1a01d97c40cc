"""A snapshot's digest, and the checkpoint's extension line that signs every digest so far.

Snapshots are kept beside the log, not in it, so the tree does not cover them. Each checkpoint
made stores the digest of every snapshot that has none yet in `strategikarta_snapshot_digests`,
in the transaction that stores the checkpoint, and signs the whole table in one extension line
after the root:

    snapshots <count> <base64 of SHA-256 over the rows>

A snapshot's digest is SHA-256 over its topic in UTF-8, a newline (0x0A) and its state as
stored (the bytes the library wrote). The rows are hashed in order of aggregate id (as 16 bytes)
and version, each as the aggregate id's 16 bytes, the version as 8 bytes big-endian and the
digest's 32 bytes. While the table matches the line of the latest checkpoint, a snapshot with a
row is shown unchanged since that checkpoint by hashing it: `verify` need not fold it.
"""

import base64
import binascii
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from service.signed_note import SIZE, NoteError

WORD = "snapshots"
DigestRow = tuple[UUID, int, bytes]  # aggregate, version, digest


def snapshot_digest(topic: str, state: bytes) -> bytes:
    return hashlib.sha256(topic.encode() + b"\n" + state).digest()


@dataclass(frozen=True)
class DigestsLine:
    """How many snapshot digests a checkpoint signed, and the hash of them all."""

    count: int
    digest: bytes

    def text(self) -> str:
        return f"{WORD} {self.count} {base64.b64encode(self.digest).decode()}"


def line_of(rows: Iterable[DigestRow]) -> DigestsLine:
    hashed, count = hashlib.sha256(), 0
    for aggregate, version, digest in sorted(rows):
        hashed.update(aggregate.bytes + version.to_bytes(8, "big") + digest)
        count += 1
    return DigestsLine(count, hashed.digest())


def signed_line(extensions: Sequence[str]) -> DigestsLine | None:
    """The digests line among a checkpoint's extension lines; None if it has none (a checkpoint
    made before snapshots were signed)."""
    for line in extensions:
        word, _, rest = line.partition(" ")
        if word != WORD:
            continue
        count, _, encoded = rest.partition(" ")
        try:
            digest = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            digest = b""
        if not SIZE.fullmatch(count) or len(digest) != 32:
            raise NoteError(f"the checkpoint's line {line!r} reads: {WORD} <count> <base64 "
                            "SHA-256>")
        return DigestsLine(int(count), digest)
    return None
