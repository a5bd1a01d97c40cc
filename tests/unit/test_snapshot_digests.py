"""The snapshot digests and the checkpoint's extension line, byte for byte as documented, and
read by every reader of checkpoints: ours, and the standalone verifier that ignores it."""

import base64
import hashlib
import importlib.util
import sys
from pathlib import Path
from uuid import UUID

import pytest

from service.signed_note import NoteError, SigningKey, checkpoint_text, parse_checkpoint
from service.snapshot_digests import DigestsLine, line_of, signed_line, snapshot_digest

ROOT = bytes(range(32))
A = UUID("00000000-0000-0000-0000-0000000000aa")
B = UUID("ffffffff-0000-0000-0000-000000000000")


def test_a_snapshots_digest_is_sha256_of_its_topic_a_newline_and_its_state() -> None:
    assert snapshot_digest("domain.plan:Plan", b'{"x":1}') == hashlib.sha256(
        b'domain.plan:Plan\n{"x":1}').digest()


def test_the_line_hashes_the_rows_in_key_order_as_id_bytes_version_and_digest() -> None:
    rows = [(B, 25, b"\x02" * 32), (A, 50, b"\x01" * 32), (A, 25, b"\x00" * 32)]
    expected = hashlib.sha256(
        A.bytes + (25).to_bytes(8, "big") + b"\x00" * 32
        + A.bytes + (50).to_bytes(8, "big") + b"\x01" * 32
        + B.bytes + (25).to_bytes(8, "big") + b"\x02" * 32).digest()
    assert line_of(rows) == DigestsLine(3, expected)
    assert line_of(rows).text() == f"snapshots 3 {base64.b64encode(expected).decode()}"
    assert line_of([]).text() == f"snapshots 0 {base64.b64encode(hashlib.sha256().digest()).decode()}"


def test_the_extension_line_comes_after_the_root_and_reads_back() -> None:
    line = line_of([(A, 25, bytes(32))])
    text = checkpoint_text("strategikarta.localhost/log", 1234, ROOT, [line.text()])
    assert text == ("strategikarta.localhost/log\n1234\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
                    f"{line.text()}\n")
    body = parse_checkpoint(text)
    assert (body.origin, body.size, body.root) == ("strategikarta.localhost/log", 1234, ROOT)
    assert body.extensions == (line.text(),) and signed_line(body.extensions) == line


def test_a_checkpoint_without_the_line_signed_no_snapshots() -> None:
    body = parse_checkpoint(checkpoint_text("origin", 3, ROOT))
    assert body.extensions == () and signed_line(body.extensions) is None
    assert signed_line(["witness something else"]) is None


@pytest.mark.parametrize("line", ["snapshots", "snapshots 3", "snapshots x AAAA",
                                  "snapshots 03 " + base64.b64encode(bytes(32)).decode(),
                                  "snapshots 3 " + base64.b64encode(bytes(31)).decode()])
def test_a_malformed_line_is_refused(line: str) -> None:
    with pytest.raises(NoteError):
        signed_line([line])


def test_no_empty_or_multiline_extension_is_written() -> None:
    for bad in ("", "a\nb"):
        with pytest.raises(NoteError):
            checkpoint_text("origin", 3, ROOT, [bad])


def test_the_standalone_verifier_reads_a_checkpoint_with_the_line_as_before(
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path(__file__).resolve().parents[2] / "tools" / "verify_log.py"
    spec = importlib.util.spec_from_file_location("verify_log", path)
    assert spec is not None and spec.loader is not None
    verify_log = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "verify_log", verify_log)  # for its dataclasses
    spec.loader.exec_module(verify_log)
    key = SigningKey.create("strategikarta.example/log")
    note = key.sign(checkpoint_text(key.name, 7, ROOT, [line_of([]).text()]))
    found = verify_log.open_checkpoint(note, verify_log.VerifierKey(key.verifier().text()), "t")
    assert (found.origin, found.size, found.root) == (key.name, 7, ROOT)
