"""Signed notes and checkpoints byte for byte as C2SP and Go's sumdb/note write them."""

import base64
import hashlib
import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from service.signed_note import (
    DEFAULT_ORIGIN,
    NoteError,
    SigningKey,
    VerifierKey,
    checkpoint_text,
    open_note,
    parse_checkpoint,
)

# golang.org/x/mod/sumdb/note's documented example key, text and signed note.
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = ("If you think cryptography is the answer to your problem,\n"
           "then you don't know what your problem is.\n")
GO_NOTE = (GO_TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUg"
           "YN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")
# The C2SP signed-note specification's example verifier key and note.
SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
SPEC_NOTE = ("This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1"
             "YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n")


def test_the_go_example_key_signs_its_text_into_the_very_note_go_wrote() -> None:
    key = SigningKey.parse(GO_SKEY)
    assert key.text() == GO_SKEY and key.verifier().text() == GO_VKEY
    assert key.sign(GO_TEXT) == GO_NOTE
    assert open_note(GO_NOTE, VerifierKey.parse(GO_VKEY)) == GO_TEXT


def test_the_specifications_example_note_opens_with_its_key() -> None:
    key = VerifierKey.parse(SPEC_VKEY)
    assert (key.name, key.id) == ("example.com/foo", 0x530D903A)
    assert open_note(SPEC_NOTE, key) == "This is an example message.\n"


def test_a_note_made_by_hand_from_the_specifications_bytes_opens() -> None:
    key = SigningKey.create("strategikarta.example/log")
    text = "strategikarta.example/log\n3\n" + base64.b64encode(bytes(32)).decode() + "\n"
    signature = Ed25519PrivateKey.from_private_bytes(key.seed).sign(text.encode())
    key_hash = hashlib.sha256(
        b"strategikarta.example/log\n\x01" + key.verifier().public_key).digest()[:4]
    line = "\u2014 strategikarta.example/log " + base64.b64encode(key_hash + signature).decode()
    note = text + "\n" + line + "\n"
    assert key.sign(text) == note
    assert open_note(note, key.verifier()) == text


def test_a_note_signed_by_another_key_is_refused() -> None:
    note = SigningKey.create(DEFAULT_ORIGIN).sign("a\n")
    other = SigningKey.create(DEFAULT_ORIGIN).verifier()
    with pytest.raises(NoteError, match="not signed by"):
        open_note(note, other)


def test_a_note_with_any_byte_changed_is_refused() -> None:
    key = SigningKey.parse(GO_SKEY)
    verifier = key.verifier()
    for index, character in enumerate(GO_NOTE):
        if character == "\n" or GO_NOTE[index:index + 2] == "\u2014 ":
            continue
        changed = GO_NOTE[:index] + ("b" if character == "a" else "a") + GO_NOTE[index + 1:]
        with pytest.raises(NoteError):
            open_note(changed, verifier)


def test_a_note_without_its_blank_line_or_with_a_hyphen_for_the_dash_is_refused() -> None:
    verifier = VerifierKey.parse(GO_VKEY)
    with pytest.raises(NoteError):
        open_note(GO_NOTE.replace("\n\n", "\n"), verifier)
    with pytest.raises(NoteError):
        open_note(GO_NOTE.replace("\u2014", "-"), verifier)
    with pytest.raises(NoteError):
        SigningKey.parse(GO_SKEY).sign("no newline at the end")


def test_a_key_file_is_written_once_for_its_owner_only_and_reads_back(tmp_path: Path) -> None:
    key = SigningKey.create("region.example/strategikarta")
    path = tmp_path / "signing-key"
    key.save_new(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert SigningKey.load(path) == key
    assert path.read_text().startswith("PRIVATE+KEY+region.example/strategikarta+")
    with pytest.raises(NoteError, match="never overwritten"):
        SigningKey.create().save_new(path)
    assert SigningKey.load(path) == key


def test_malformed_keys_are_refused(tmp_path: Path) -> None:
    for text in ("", "PRIVATE+KEY+x", GO_SKEY.replace("c74f20a3", "c74f20a4"),
                 GO_SKEY[:-4] + "AAAA", "PRIVATE+KEY+a b+c74f20a3+AAAA"):
        with pytest.raises(NoteError):
            SigningKey.parse(text)
    for text in ("", GO_VKEY.replace("c74f20a3", "C74F20A3"), GO_VKEY.replace("+A", "+B"),
                 GO_VKEY + "A"):
        with pytest.raises(NoteError):
            VerifierKey.parse(text)
    with pytest.raises(NoteError, match="cannot read"):
        SigningKey.load(tmp_path / "missing")
    with pytest.raises(NoteError):
        SigningKey.create("name with spaces")


def test_a_checkpoint_reads_back_its_origin_size_and_root() -> None:
    root = bytes(range(32))
    text = checkpoint_text("strategikarta.localhost/log", 1234, root)
    assert text == "strategikarta.localhost/log\n1234\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
    body = parse_checkpoint(text)
    assert (body.origin, body.size, body.root) == ("strategikarta.localhost/log", 1234, root)
    for bad in ("origin\n012\n" + text.split("\n")[2] + "\n", "origin\n12\nAAAA\n", "origin\n12\n",
                "\n12\n" + text.split("\n")[2] + "\n"):
        with pytest.raises(NoteError):
            parse_checkpoint(bad)
