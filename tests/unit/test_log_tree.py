"""The log's Merkle tree against RFC 9162 §2.1 written out by hand, on every small tree."""

import hashlib
from collections.abc import Sequence

import pytest

from service.log_tree import (
    EMPTY_ROOT,
    TreeBuilder,
    consistency_proof,
    inclusion_proof,
    leaf_data,
    leaf_hash,
    node_hash,
    node_inclusion_proof,
    root_of,
    tree_root,
    verify_consistency,
    verify_inclusion,
    verify_node_inclusion,
)

SIZES = range(0, 18)


def sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def entries(n: int) -> list[bytes]:
    return [f"entry {i}".encode() for i in range(n)]


# RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 as written there, on lists of entries.
def k_of(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d: Sequence[bytes]) -> bytes:
    if not d:
        return sha(b"")
    if len(d) == 1:
        return sha(b"\x00" + d[0])
    k = k_of(len(d))
    return sha(b"\x01" + mth(d[:k]) + mth(d[k:]))


def path(m: int, d: Sequence[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = k_of(len(d))
    if m < k:
        return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m: int, d: Sequence[bytes], b: bool) -> list[bytes]:
    if m == len(d):
        return [] if b else [mth(d)]
    k = k_of(len(d))
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


def stored(d: Sequence[bytes]) -> dict[tuple[int, int], bytes]:
    """Every perfect node of the tree, as the builder hands them out (the stored tree)."""
    nodes: dict[tuple[int, int], bytes] = {}
    builder = TreeBuilder(completed=lambda level, index, h: nodes.__setitem__((level, index), h))
    for entry in d:
        builder.append(leaf_hash(entry))
    return nodes


def lookup(nodes: dict[tuple[int, int], bytes]):  # type: ignore[no-untyped-def]
    return lambda level, index: nodes[(level, index)]


def test_a_leaf_and_a_node_are_hashed_with_their_prefix_bytes() -> None:
    assert leaf_hash(b"a") == sha(b"\x00a")
    assert node_hash(b"L" * 32, b"R" * 32) == sha(b"\x01" + b"L" * 32 + b"R" * 32)
    assert EMPTY_ROOT == bytes.fromhex(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")


def test_a_leaf_names_its_event_then_carries_its_state_bytes_untouched() -> None:
    data = leaf_data(7, "0b6a1c8e-0000-4000-8000-000000000001", 3, "domain.plan:Plan.Created",
                     b'{"a":"\xc3\xa5"}')
    assert data == (b"7\n0b6a1c8e-0000-4000-8000-000000000001\n3\ndomain.plan:Plan.Created\n"
                    b'{"a":"\xc3\xa5"}')


def test_the_roots_of_small_trees_worked_by_hand() -> None:
    a, b, c, d, e = (sha(b"\x00" + x) for x in (b"a", b"b", b"c", b"d", b"e"))
    ab, cd = sha(b"\x01" + a + b), sha(b"\x01" + c + d)
    abcd = sha(b"\x01" + ab + cd)
    assert root_of([]) == sha(b"")
    assert root_of([a]) == a
    assert root_of([a, b]) == ab
    assert root_of([a, b, c]) == sha(b"\x01" + ab + c)
    assert root_of([a, b, c, d]) == abcd
    assert root_of([a, b, c, d, e]) == sha(b"\x01" + abcd + e)


@pytest.mark.parametrize("size", SIZES)
def test_every_root_is_the_rfcs_whether_built_leaf_by_leaf_or_read_from_stored_nodes(
        size: int) -> None:
    d = entries(size)
    assert root_of(leaf_hash(x) for x in d) == mth(d)
    assert tree_root(size, lookup(stored(d))) == mth(d)


@pytest.mark.parametrize("size", SIZES)
def test_every_prefix_root_is_read_from_the_nodes_of_the_larger_tree(size: int) -> None:
    d = entries(size)
    nodes = lookup(stored(d))
    for m in range(size + 1):
        assert tree_root(m, nodes) == mth(d[:m])


@pytest.mark.parametrize("size", SIZES[1:])
def test_every_inclusion_proof_is_the_rfcs_path_and_verifies(size: int) -> None:
    d = entries(size)
    nodes = lookup(stored(d))
    for index in range(size):
        proof = inclusion_proof(index, size, nodes)
        assert proof == path(index, d)
        assert verify_inclusion(index, size, leaf_hash(d[index]), proof, mth(d))


@pytest.mark.parametrize("size", SIZES[1:])
def test_an_inclusion_proof_fails_for_another_leaf_index_shape_or_sibling(size: int) -> None:
    d = entries(size)
    nodes = lookup(stored(d))
    for index in range(size):
        proof = inclusion_proof(index, size, nodes)
        leaf = leaf_hash(d[index])
        assert not verify_inclusion(index, size, leaf_hash(b"other"), proof, mth(d))
        assert not verify_inclusion(index, 2 * size + 1, leaf, proof, mth(d))
        if size > 1:
            assert not verify_inclusion((index + 1) % size, size, leaf, proof, mth(d))
            tampered = [proof[0][:-1] + bytes([proof[0][-1] ^ 1]), *proof[1:]]
            assert not verify_inclusion(index, size, leaf, tampered, mth(d))
            assert not verify_inclusion(index, size, leaf, proof[:-1], mth(d))
        assert not verify_inclusion(index, size, leaf, [*proof, leaf], mth(d))


@pytest.mark.parametrize("second", SIZES)
def test_every_consistency_proof_is_the_rfcs_and_verifies(second: int) -> None:
    d = entries(second)
    nodes = lookup(stored(d))
    for first in range(second + 1):
        proof = consistency_proof(first, second, nodes)
        assert proof == (subproof(first, d, True) if 0 < first < second else [])
        assert verify_consistency(first, second, mth(d[:first]), mth(d), proof)


@pytest.mark.parametrize("second", SIZES[2:])
def test_a_consistency_proof_fails_for_another_history(second: int) -> None:
    d = entries(second)
    nodes = lookup(stored(d))
    for first in range(1, second):
        proof = consistency_proof(first, second, nodes)
        forked = [*d[:first - 1], b"forged", *d[first:]]
        assert not verify_consistency(first, second, mth(forked[:first]), mth(d), proof)
        assert not verify_consistency(first, second, mth(d[:first]), mth(forked), proof)
        assert not verify_consistency(first, second, mth(d[:first]), mth(d), proof[:-1])
        assert not verify_consistency(second, first, mth(d), mth(d[:first]), proof)


def test_the_trivial_consistency_proofs_are_empty() -> None:
    d = entries(5)
    assert verify_consistency(0, 5, EMPTY_ROOT, mth(d), [])
    assert verify_consistency(5, 5, mth(d), mth(d), [])
    assert not verify_consistency(5, 5, mth(d[:4]), mth(d), [])
    assert not verify_consistency(3, 5, mth(d[:3]), mth(d), [])


@pytest.mark.parametrize("size", SIZES[1:])
def test_every_stored_node_inside_the_tree_is_proved_by_its_leafs_path(size: int) -> None:
    d = entries(size)
    nodes = stored(d)
    for (level, index), hashed in nodes.items():
        proof = node_inclusion_proof(level, index, size, lookup(nodes))
        assert verify_node_inclusion(level, index, size, hashed, proof, mth(d))
        assert not verify_node_inclusion(level, index, size, leaf_hash(b"x"), proof, mth(d))


def test_a_builder_continues_from_a_stored_edge() -> None:
    d = entries(13)
    nodes = stored(d[:6])
    edge = [nodes[(2, 0)], nodes[(1, 2)]]  # parts of 6 leaves: [0, 4) and [4, 6)
    builder = TreeBuilder(6, edge)
    for entry in d[6:]:
        builder.append(leaf_hash(entry))
    assert builder.size == 13 and builder.root() == mth(d)
    with pytest.raises(ValueError):
        TreeBuilder(6, edge[:1])
