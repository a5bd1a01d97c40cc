"""The Merkle tree over the log, as RFC 9162 §2.1 defines it: pure functions, no storage.

A tree of `size` leaves is read through `node(level, index)`: the hash of the perfect, aligned
subtree of 2**level leaves starting at leaf index * 2**level. Every subtree the RFC's recursion
splits a tree into is either such a node or a range ending at the tree's end, whose root is a
fold of at most log2(size) nodes; so a root or a proof costs O(log² size) node lookups.
"""

import hashlib
from collections.abc import Callable, Iterable, Sequence

Node = Callable[[int, int], bytes]  # (level, index) -> hash of that perfect subtree

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_data(position: int, originator_id: str, version: int, topic: str, state: bytes) -> bytes:
    """An event's bytes as the tree hashes them: a header naming it, then its stored state."""
    return f"{position}\n{originator_id}\n{version}\n{topic}\n".encode() + state


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(size: int) -> int:
    """The largest power of two smaller than `size` (> 1): where the RFC splits a tree."""
    return 1 << ((size - 1).bit_length() - 1)


def parts(start: int, end: int) -> list[tuple[int, int]]:
    """The perfect nodes (level, index) whose fold is the root of leaves [start, end), left to
    right; `start` is aligned as the RFC's recursion aligns it (a multiple of the first part)."""
    found = []
    while start < end:
        level = (end - start).bit_length() - 1
        found.append((level, start >> level))
        start += 1 << level
    return found


def fold(hashes: Sequence[bytes]) -> bytes:
    """The root over perfect subtrees given left to right, largest first."""
    if not hashes:
        return EMPTY_ROOT
    root = hashes[-1]
    for left in reversed(hashes[:-1]):
        root = node_hash(left, root)
    return root


def range_root(start: int, end: int, node: Node) -> bytes:
    return fold([node(level, index) for level, index in parts(start, end)])


def tree_root(size: int, node: Node) -> bytes:
    return range_root(0, size, node)


def inclusion_proof(index: int, size: int, node: Node) -> list[bytes]:
    """PATH(index, D[size]) of RFC 9162 §2.1.3.1, the sibling nearest the leaf first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    path: list[bytes] = []
    start, end = 0, size
    while end - start > 1:
        k = split(end - start)
        if index < start + k:
            path.append(range_root(start + k, end, node))
            end = start + k
        else:
            path.append(range_root(start, start + k, node))
            start += k
    return path[::-1]


def consistency_proof(first: int, second: int, node: Node) -> list[bytes]:
    """PROOF(first, D[second]) of RFC 9162 §2.1.4.1 (empty when first is 0 or second)."""
    if not 0 <= first <= second:
        raise ValueError(f"no consistency proof from {first} to {second}")
    if first in (0, second):
        return []
    path: list[bytes] = []
    start, end, whole = 0, second, True
    while first != end:
        k = split(end - start)
        if first - start <= k:
            path.append(range_root(start + k, end, node))
            end = start + k
        else:
            path.append(range_root(start, start + k, node))
            start, whole = start + k, False
    if not whole:
        path.append(range_root(start, end, node))
    return path[::-1]


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes | None:
    """RFC 9162 §2.1.3.2: the root the proof leads to, or None if it is malformed."""
    if not 0 <= index < size:
        return None
    fn, sn, root = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            root = node_hash(sibling, root)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            root = node_hash(root, sibling)
        fn, sn = fn >> 1, sn >> 1
    return root if sn == 0 else None


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes],
                     root: bytes) -> bool:
    return root_from_inclusion(index, size, leaf, proof) == root


def verify_node_inclusion(level: int, index: int, size: int, node: bytes,
                          proof: Sequence[bytes], root: bytes) -> bool:
    """A perfect subtree within the tree, proved by its leaf's path less the first `level`."""
    if (index + 1) << level > size:
        return False
    return verify_inclusion(index, ((size - 1) >> level) + 1, node, proof, root)


def node_inclusion_proof(level: int, index: int, size: int, node: Node) -> list[bytes]:
    return inclusion_proof(index << level, size, node)[level:]


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2; the trivial cases (first 0 or equal sizes) take an empty proof."""
    if not 0 <= first <= second:
        return False
    if first == 0:
        return not proof
    if first == second:
        return not proof and first_root == second_root
    path = list(proof)
    if not path:
        return False
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root


class TreeBuilder:
    """Grows a tree leaf by leaf keeping only its right edge (the perfect subtrees of its
    parts); every perfect node it completes is handed to `completed(level, index, hash)`."""

    def __init__(self, size: int = 0, edge: Iterable[bytes] = (),
                 completed: Callable[[int, int, bytes], object] | None = None) -> None:
        self.size = size
        self.edge = list(edge)  # the hashes of parts(0, size), largest first
        if len(self.edge) != len(parts(0, size)):
            raise ValueError(f"a tree of {size} leaves has {len(parts(0, size))} parts")
        self.completed = completed

    def append(self, leaf: bytes) -> None:
        index, level, hashed = self.size, 0, leaf
        if self.completed is not None:
            self.completed(0, index, hashed)
        while index & 1:
            hashed = node_hash(self.edge.pop(), hashed)
            index, level = index >> 1, level + 1
            if self.completed is not None:
                self.completed(level, index, hashed)
        self.edge.append(hashed)
        self.size += 1

    def root(self) -> bytes:
        return fold(self.edge)


def root_of(leaves: Iterable[bytes]) -> bytes:
    """The root over leaf hashes, all in memory (tests, small trees)."""
    builder = TreeBuilder()
    for leaf in leaves:
        builder.append(leaf)
    return builder.root()
