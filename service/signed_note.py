"""C2SP signed notes with Ed25519 keys (the text forms of Go's golang.org/x/mod/sumdb/note),
and the C2SP tlog-checkpoint note the log's checkpoints are.

A key's name is the log's origin; its id is the first four bytes of
SHA-256(name ‖ "\\n" ‖ 0x01 ‖ public key). The private key lives in a file, never in the database.
"""

import base64
import binascii
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

DEFAULT_ORIGIN = "strategikarta.localhost/log"
ED25519 = b"\x01"
SIGNATURE_PREFIX = "\u2014 "  # em dash, space
MAX_SIGNATURES = 100
NAME = re.compile(r"[^\s+]+")
SIZE = re.compile(r"0|[1-9][0-9]{0,18}")


class NoteError(ValueError):
    """A key or note that is malformed, or a signature that does not verify."""


def key_id(name: str, public_key: bytes) -> int:
    digest = hashlib.sha256(name.encode() + b"\n" + ED25519 + public_key).digest()
    return int.from_bytes(digest[:4], "big")


def _check_name(name: str) -> str:
    if not NAME.fullmatch(name):
        raise NoteError(f"a key name is text without spaces or '+': {name!r}")
    return name


def _decode(text: str, length: int, what: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise NoteError(f"{what} is not base64") from None
    if len(raw) != length:
        raise NoteError(f"{what} has {len(raw)} bytes, not {length}")
    return raw


@dataclass(frozen=True)
class VerifierKey:
    """A public key by name and id: checks signatures on notes."""

    name: str
    id: int
    public_key: bytes  # the raw 32 bytes

    @classmethod
    def parse(cls, text: str) -> "VerifierKey":
        """From the vkey form: name+id+base64(0x01 ‖ public key)."""
        name, plus, rest = text.strip().partition("+")
        hex_id, plus2, encoded = rest.partition("+")
        if not plus or not plus2 or not re.fullmatch(r"[0-9a-f]{8}", hex_id):
            raise NoteError("a verifier key reads name+id+key (id as 8 hex digits)")
        raw = _decode(encoded, 33, "the verifier key")
        if raw[:1] != ED25519:
            raise NoteError("the verifier key is not an Ed25519 key")
        key = cls(_check_name(name), int(hex_id, 16), raw[1:])
        if key_id(key.name, key.public_key) != key.id:
            raise NoteError("the verifier key's id does not match its name and key")
        return key

    def text(self) -> str:
        return f"{self.name}+{self.id:08x}+{base64.b64encode(ED25519 + self.public_key).decode()}"

    def verifies(self, text: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, text)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class SigningKey:
    """A private key by name: signs notes."""

    name: str
    seed: bytes  # the 32-byte Ed25519 private key

    @classmethod
    def create(cls, name: str = DEFAULT_ORIGIN) -> "SigningKey":
        seed = Ed25519PrivateKey.generate().private_bytes_raw()
        return cls(_check_name(name), seed)

    @classmethod
    def parse(cls, text: str) -> "SigningKey":
        """From the file form: PRIVATE+KEY+name+id+base64(0x01 ‖ seed)."""
        fields = text.strip().split("+", 4)
        if len(fields) != 5 or fields[:2] != ["PRIVATE", "KEY"]:
            raise NoteError("a signing key reads PRIVATE+KEY+name+id+key")
        _, _, name, hex_id, encoded = fields
        raw = _decode(encoded, 33, "the signing key")
        if raw[:1] != ED25519:
            raise NoteError("the signing key is not an Ed25519 key")
        key = cls(_check_name(name), raw[1:])
        if f"{key.verifier().id:08x}" != hex_id:
            raise NoteError("the signing key's id does not match its name and key")
        return key

    @classmethod
    def load(cls, path: str | Path) -> "SigningKey":
        try:
            return cls.parse(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise NoteError(f"cannot read the signing key {str(path)!r}: {error}") from None

    def save_new(self, path: str | Path) -> None:
        """Write the key file, readable by its owner only; never over an existing file."""
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise NoteError(f"{str(path)!r} exists: a key is never overwritten") from None
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(self.text() + "\n")

    def text(self) -> str:
        encoded = base64.b64encode(ED25519 + self.seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.verifier().id:08x}+{encoded}"

    def verifier(self) -> VerifierKey:
        public = Ed25519PrivateKey.from_private_bytes(self.seed).public_key().public_bytes(
            Encoding.Raw, PublicFormat.Raw)
        return VerifierKey(self.name, key_id(self.name, public), public)

    def sign_bytes(self, text: bytes) -> bytes:
        """The bare Ed25519 signature of `text` (rows signed beside the log, not notes)."""
        return Ed25519PrivateKey.from_private_bytes(self.seed).sign(text)

    def sign(self, text: str) -> str:
        """The signed note: the text, a blank line, and this key's signature line."""
        body = _checked_text(text)
        signature = self.sign_bytes(body)
        blob = self.verifier().id.to_bytes(4, "big") + signature
        return f"{text}\n{SIGNATURE_PREFIX}{self.name} {base64.b64encode(blob).decode()}\n"


def _checked_text(text: str) -> bytes:
    if not text.endswith("\n"):
        raise NoteError("a note's text ends in a newline")
    if any(ord(c) < 0x20 and c != "\n" for c in text):
        raise NoteError("a note holds no control characters but newlines")
    return text.encode()


def note_parts(note: str) -> tuple[str, list[str]]:
    """A note's text and its signature lines, unverified."""
    text, blank, signatures = note.rpartition("\n\n")
    if not blank or not signatures.endswith("\n"):
        raise NoteError("a signed note is text, a blank line and signature lines")
    return text + "\n", signatures[:-1].split("\n")


def open_note(note: str, key: VerifierKey) -> str:
    """The text of a note this key signed; NoteError if it is malformed or not signed by it."""
    text, lines = note_parts(note)
    if len(lines) > MAX_SIGNATURES:
        raise NoteError("a note has too many signatures")
    body = _checked_text(text)
    for line in lines:
        name, signature = _signature_line(line)
        if name != key.name or signature[:4] != key.id.to_bytes(4, "big"):
            continue
        if not key.verifies(body, signature[4:]):
            raise NoteError(f"the signature by {name} does not verify")
        return text
    raise NoteError(f"the note is not signed by {key.name}+{key.id:08x}")


def _signature_line(line: str) -> tuple[str, bytes]:
    if not line.startswith(SIGNATURE_PREFIX):
        raise NoteError("a signature line starts with an em dash and a space")
    name, space, encoded = line[len(SIGNATURE_PREFIX):].rpartition(" ")
    if not space or not NAME.fullmatch(name):
        raise NoteError("a signature line reads: — name signature")
    try:
        blob = base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise NoteError("a signature is not base64") from None
    if len(blob) < 5:
        raise NoteError("a signature is too short")
    return name, blob


def checkpoint_text(origin: str, size: int, root: bytes, extensions: Sequence[str] = ()) -> str:
    """The origin, size and root, one a line, then the extension lines (C2SP tlog-checkpoint)."""
    for line in extensions:
        if not line or "\n" in line:
            raise NoteError("an extension line is a non-empty line")
    lines = [origin, str(size), base64.b64encode(root).decode(), *extensions]
    return "".join(f"{line}\n" for line in lines)


@dataclass(frozen=True)
class CheckpointBody:
    """What a tlog-checkpoint note says: the log, its size and its root, and what the log's own
    extension lines add."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()


def parse_checkpoint(text: str) -> CheckpointBody:
    """The origin, size and root of a checkpoint's text, and its extension lines as they are
    (what they mean is for their reader to know)."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "" or not lines[0]:
        raise NoteError("a checkpoint reads origin, size and root, one a line")
    if not SIZE.fullmatch(lines[1]):
        raise NoteError("a checkpoint's size is a decimal number")
    return CheckpointBody(lines[0], int(lines[1]), _decode(lines[2], 32, "the root hash"),
                          tuple(lines[3:-1]))
