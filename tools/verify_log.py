#!/usr/bin/env python3
"""Check a copy of a Strategikarta event log against the log's public key, without Strategikarta.

One file, the standard library and the `cryptography` package (pip install cryptography):
anyone can read it in full before trusting it. It recomputes the Merkle tree of the log
(RFC 9162) from the events themselves and checks every signed checkpoint (C2SP
tlog-checkpoint, signed as a C2SP signed note with Ed25519) against the verifier key.

    python3 verify_log.py STORE --key VKEY [--checkpoint NOTE_FILE ...]

STORE is a copy of the SQLite store file (made with `sqlite3 STORE ".backup COPY"`: a plain
file copy of a running store misses what is still in its -wal file), or an export written
by `strategikarta log export` (JSON Lines; the way to check a PostgreSQL store). VKEY is the
verifier key as the log publishes it (GET /api/v1/checkpoints/key, or the public site), or a
file holding it.
`--checkpoint` adds notes you kept yourself (from the public site on an earlier day, say):
the store's own list of checkpoints could have been cut short by whoever altered it.

Exit status 0: every checkpoint is signed by the key and matches the log; 1: it does not,
and the output names the first event that differs (or the range it lies in); 2: bad usage.

The hashing, fixed so that it can be recomputed from the store alone:
  leaf data  = f"{position}\\n{originator_id}\\n{originator_version}\\n{topic}\\n" (UTF-8)
               followed by the event's stored state bytes exactly as in the table
  leaf hash  = SHA-256(0x00 || leaf data);  node = SHA-256(0x01 || left || right)
  leaf i     = the i-th event in position order, from 0 (positions may have gaps)
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sqlite3
import struct
import sys
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

ED25519 = 0x01
EVENTS_TABLE = "stored_events"  # the eventsourcing library's table in a SQLite store
CHECKPOINTS_TABLE = "strategikarta_checkpoints"


# --- RFC 9162 hashing --------------------------------------------------------------------

def leaf_data(position: int, originator_id: str, version: int, topic: str, state: bytes) -> bytes:
    return f"{position}\n{originator_id}\n{version}\n{topic}\n".encode() + state


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


class RunningRoot:
    """The tree head of every prefix of a stream of leaves, in memory O(log n).

    Keeps the roots of the perfect subtrees the leaves so far fall into (sizes strictly
    decreasing powers of two); the head of the prefix folds them right to left.
    """

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[tuple[int, bytes]] = []  # (subtree size, hash)

    def add(self, hash_: bytes) -> None:
        size = 1
        while self._stack and self._stack[-1][0] == size:
            _, left = self._stack.pop()
            hash_, size = node_hash(left, hash_), size * 2
        self._stack.append((size, hash_))
        self.size += 1

    def root(self) -> bytes:
        if not self._stack:
            return hashlib.sha256(b"").digest()
        hash_ = self._stack[-1][1]
        for _, left in reversed(self._stack[:-1]):
            hash_ = node_hash(left, hash_)
        return hash_


# --- C2SP signed notes and checkpoints ----------------------------------------------------

class VerifierKey:
    """A C2SP signed-note verifier key: `name+hexid+base64(0x01 || public key)`."""

    def __init__(self, text: str) -> None:
        try:
            # the name and the id hold no "+"; the base64 key may (Go splits from the left too)
            name, key_id, encoded = text.strip().split("+", 2)
            raw = base64.b64decode(encoded, validate=True)
            self.key_id = int(key_id, 16)
        except (ValueError, binascii.Error):
            raise ValueError("the verifier key is not of the form name+hexid+base64key") from None
        if len(key_id) != 8 or len(raw) != 33 or raw[0] != ED25519:
            raise ValueError("the verifier key is not an Ed25519 signed-note key")
        expected = struct.unpack(">I", hashlib.sha256(
            name.encode() + b"\n" + raw).digest()[:4])[0]
        if expected != self.key_id:
            raise ValueError("the verifier key's id does not match its name and key")
        self.name = name
        self.public_key = Ed25519PublicKey.from_public_bytes(raw[1:])


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    source: str  # where the note came from, for the report


def open_checkpoint(note: str, key: VerifierKey, source: str) -> Checkpoint:
    """The checkpoint in a signed note, once the key's signature on it is checked."""
    text, separator, signatures = note.partition("\n\n")
    if not separator:
        raise ValueError(f"{source}: not a signed note (no blank line before the signatures)")
    text += "\n"
    signed = False
    for line in signatures.splitlines():
        if not line.startswith("\u2014 "):
            raise ValueError(f"{source}: a signature line does not start with an em dash")
        name, _, encoded = line[2:].rpartition(" ")
        if name != key.name:
            continue  # another party's signature (a witness, say): not ours to check
        try:
            blob = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise ValueError(f"{source}: a signature is not base64") from None
        if len(blob) != 68 or struct.unpack(">I", blob[:4])[0] != key.key_id:
            continue
        try:
            key.public_key.verify(blob[4:], text.encode())
        except InvalidSignature:
            raise ValueError(f"{source}: the signature of {key.name} does not verify: "
                             "the note was altered or signed by another key") from None
        signed = True
    if not signed:
        raise ValueError(f"{source}: the note carries no signature by {key.name}")
    lines = text.split("\n")
    if len(lines) < 4 or not lines[1].isdigit():
        raise ValueError(f"{source}: not a tlog-checkpoint (origin, size, root hash)")
    root = base64.b64decode(lines[2])
    if lines[0] != key.name:
        raise ValueError(f"{source}: the checkpoint's origin {lines[0]!r} is not the key's "
                         f"name {key.name!r}")
    return Checkpoint(lines[0], int(lines[1]), root, source)


# --- Reading a store copy or an export ----------------------------------------------------

@dataclass(frozen=True)
class Event:
    position: int
    originator_id: str
    version: int
    topic: str
    state: bytes


class StoreCopy:
    """The events and checkpoint notes of a SQLite store file or of a JSON Lines export."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as file:
            self.is_sqlite = file.read(16) == b"SQLite format 3\x00"

    def notes(self) -> list[str]:
        if self.is_sqlite:
            with self._connect() as connection:
                tables = {row[0] for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")}
                if CHECKPOINTS_TABLE not in tables:
                    return []
                return [row[0] for row in connection.execute(
                    f"SELECT note FROM {CHECKPOINTS_TABLE} ORDER BY size")]
        return [record["note"] for record in self._records() if record.get("kind") == "checkpoint"]

    def events(self) -> Iterator[Event]:
        if self.is_sqlite:
            with self._connect() as connection:
                rows = connection.execute(
                    # the library's SQLite log: the rowid is the log position
                    f"SELECT rowid, originator_id, originator_version, topic, state "
                    f"FROM {EVENTS_TABLE} ORDER BY rowid")
                for position, originator_id, version, topic, state in rows:
                    # SQLite keeps the id as 32 hex digits; the leaf has the hyphenated form
                    yield Event(position, str(uuid.UUID(str(originator_id))), version, topic,
                                bytes(state))
            return
        for record in self._records():
            if record.get("kind") == "event":
                yield Event(record["position"], record["originator_id"],
                            record["originator_version"], record["topic"],
                            base64.b64decode(record["state"]))

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)

    def _records(self) -> Iterator[dict]:
        with self.path.open(encoding="utf-8") as file:
            for number, line in enumerate(file, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except ValueError:
                        raise ValueError(f"{self.path}, line {number}: not JSON") from None


# --- The check ----------------------------------------------------------------------------

@dataclass
class Finding:
    checkpoint: Checkpoint
    ok: bool
    message: str


def check(events: Iterable[Event], checkpoints: list[Checkpoint]) -> tuple[int, list[Finding]]:
    """Recompute the tree head at every checkpoint's size in one pass over the events.

    A checkpoint whose root differs means an event before its size was changed, removed,
    inserted or reordered: with the last checkpoint that still matches before it, that
    bounds where (positions are named, the first event after the good prefix included).
    """
    wanted = sorted(checkpoints, key=lambda c: c.size)
    findings: list[Finding] = []
    running = RunningRoot()
    good_size, good_position = 0, None
    index = 0

    def settle(position_after: int | None) -> None:
        nonlocal index, good_size, good_position
        while index < len(wanted) and wanted[index].size == running.size:
            checkpoint = wanted[index]
            if running.root() == checkpoint.root:
                findings.append(Finding(checkpoint, True, f"size {checkpoint.size}: matches "
                                        f"({checkpoint.source})"))
                good_size, good_position = running.size, position_after
            else:
                after = (f"after log position {good_position}" if good_position is not None
                         else "from the first event")
                findings.append(Finding(checkpoint, False, (
                    f"size {checkpoint.size}: the log does not match the signed root "
                    f"({checkpoint.source}); the first altered, removed, inserted or reordered "
                    f"event is among events {good_size}..{checkpoint.size - 1} in log order, "
                    f"{after}")))
            index += 1

    last_position = None
    settle(None)
    for event in events:
        if last_position is not None and event.position <= last_position:
            raise ValueError(f"log position {event.position} follows {last_position}: "
                             "the copy is not in position order")
        running.add(leaf_hash(leaf_data(event.position, event.originator_id, event.version,
                                        event.topic, event.state)))
        last_position = event.position
        settle(event.position)
    for checkpoint in wanted[index:]:
        findings.append(Finding(checkpoint, False, (
            f"size {checkpoint.size}: the log holds only {running.size} events; events "
            f"{running.size}..{checkpoint.size - 1} that a signed checkpoint covers are missing "
            f"({checkpoint.source})")))
    return running.size, findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Check a Strategikarta log copy against its signed checkpoints.")
    parser.add_argument("store", type=Path, help="a SQLite store file, or a JSON Lines export")
    parser.add_argument("--key", required=True,
                        help="the verifier key (name+id+base64), or a file holding it")
    parser.add_argument("--checkpoint", action="append", type=Path, default=[],
                        help="a signed checkpoint note you kept (may be given more than once)")
    args = parser.parse_args(argv)
    try:
        key_text = args.key
        if "+" not in key_text or Path(key_text).is_file():
            key_text = Path(key_text).read_text(encoding="utf-8")
        key = VerifierKey(key_text)
        store = StoreCopy(args.store)
        checkpoints = [open_checkpoint(note, key, f"checkpoint {number} in the store")
                       for number, note in enumerate(store.notes(), 1)]
        checkpoints += [open_checkpoint(path.read_text(encoding="utf-8"), key, str(path))
                        for path in args.checkpoint]
        if not checkpoints:
            print("NOT VERIFIED: no signed checkpoint to check the log against", file=sys.stderr)
            return 1
        size, findings = check(store.events(), checkpoints)
    except (OSError, ValueError, sqlite3.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for finding in findings:
        print(("ok: " if finding.ok else "MISMATCH: ") + finding.message)
    bad = [finding for finding in findings if not finding.ok]
    if bad:
        print(f"TAMPERED: {bad[0].message}", file=sys.stderr)
        return 1
    largest = max(checkpoint.size for checkpoint in checkpoints)
    print(f"verified: {size} events, the first {largest} covered by "
          f"{len(checkpoints)} checkpoint(s) signed by {key.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
