"""Each milestone's place in a plan's dependency web, worked out once per plan record.

The direct links (`requires`, `required_by`, `affects`, `affected_by`) are grouped by
milestone once, instead of scanning every edge for every milestone. The transitive ones,
`upstream` (every milestone a milestone requires, directly or further on) and `downstream`
(every one that requires it), are kept per milestone as an integer with one bit per
milestone in key order: the whole plan's closure is one pass over the edges in topological
order, and a set comes out already sorted. Both equal NetworkX's `descendants` and
`ancestors` of the `requires` graph, cycles included (the domain forbids them; a store
written by a faulty version could still hold one, and is then answered by NetworkX).
"""

from collections.abc import Collection, Iterable, Mapping
from collections.abc import Set as AbstractSet
from functools import cached_property
from itertools import compress

import networkx as nx

Edges = AbstractSet[tuple[str, str]]
NONE: tuple[str, ...] = ()
_AS_SELECTORS = bytes.maketrans(b"01", b"\x00\x01")


def grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """The second members of `pairs` by their first, each group sorted."""
    groups: dict[str, list[str]] = {}
    for first, second in pairs:
        groups.setdefault(first, []).append(second)
    return {first: tuple(sorted(seconds)) for first, seconds in groups.items()}


class DependencyWeb:
    """The `requires` and `affects` links of one plan record, read by milestone key."""

    def __init__(self, milestones: Collection[str], requires: Edges, affects: Edges) -> None:
        self._requires, self._affects = requires, affects
        self.keys = tuple(sorted(set(milestones).union(*requires)))
        self._index = {key: index for index, key in enumerate(self.keys)}

    def requires(self, key: str) -> tuple[str, ...]:
        return self._direct[0].get(key, NONE)

    def required_by(self, key: str) -> tuple[str, ...]:
        return self._direct[1].get(key, NONE)

    def affects(self, key: str) -> tuple[str, ...]:
        return self._direct[2].get(key, NONE)

    def affected_by(self, key: str) -> tuple[str, ...]:
        return self._direct[3].get(key, NONE)

    def upstream(self, key: str) -> tuple[str, ...]:
        """Every milestone `key` requires, directly or through others, sorted by key."""
        return self.named(self.upstream_bits(key))

    def downstream(self, key: str) -> tuple[str, ...]:
        """Every milestone that requires `key`, directly or through others, sorted by key."""
        index = self._index.get(key)
        return NONE if index is None else self.named(self._closure[1][index])

    def upstream_bits(self, key: str) -> int:
        index = self._index.get(key)
        return 0 if index is None else self._closure[0][index]

    def bits(self, keys: Iterable[str]) -> int:
        """The set of `keys` (those of this web) in the form `upstream_bits` gives."""
        return sum(1 << self._index[key] for key in set(keys) if key in self._index)

    def named(self, bits: int) -> tuple[str, ...]:
        """The keys of a set of bits, in key order."""
        return tuple(compress(self.keys, bin(bits)[:1:-1].encode().translate(_AS_SELECTORS)))

    @cached_property
    def _direct(self) -> tuple[Mapping[str, tuple[str, ...]], ...]:
        return (grouped(self._requires), grouped((t, s) for s, t in self._requires),
                grouped(self._affects), grouped((t, s) for s, t in self._affects))

    @cached_property
    def _closure(self) -> tuple[list[int], list[int]]:
        """Per milestone index, the bits of its upstream and of its downstream."""
        count, index_of = len(self.keys), self._index
        required: list[list[int]] = [[] for _ in range(count)]  # by index, what it requires
        for source, target in self._requires:
            required[index_of[source]].append(index_of[target])
        unmet = [0] * count  # per milestone, how many that require it are not in `order` yet
        for prerequisites in required:
            for prerequisite in prerequisites:
                unmet[prerequisite] += 1
        order = [node for node in range(count) if not unmet[node]]
        for node in order:  # Kahn's algorithm: `order` grows while it is read
            for prerequisite in required[node]:
                unmet[prerequisite] -= 1
                if not unmet[prerequisite]:
                    order.append(prerequisite)
        if len(order) < count:
            return self._closure_with_cycles()
        up, down = [0] * count, [0] * count
        for node in reversed(order):
            bits = 0
            for prerequisite in required[node]:
                bits |= up[prerequisite] | 1 << prerequisite
            up[node] = bits
        for node in order:
            below = down[node] | 1 << node
            for prerequisite in required[node]:
                down[prerequisite] |= below
        return up, down

    def _closure_with_cycles(self) -> tuple[list[int], list[int]]:
        graph: nx.DiGraph[str] = nx.DiGraph(self._requires)
        graph.add_nodes_from(self.keys)
        return ([self.bits(nx.descendants(graph, key)) for key in self.keys],
                [self.bits(nx.ancestors(graph, key)) for key in self.keys])
