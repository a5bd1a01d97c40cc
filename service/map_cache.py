"""Rendered maps, kept per plan log position: any new event of the plan changes the position,
so every process stops using its old pictures as soon as it has caught up with the log."""

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

MAX_BYTES = 64 * 2**20  # per process: half for renders, half for the last good pictures
ENTRY_OVERHEAD = 1024  # the key and record of an entry, so many tiny entries are bounded too


@dataclass(frozen=True)
class RenderedMap:
    """A picture (or DOT/JSON text) of a plan at a log position; `fallback` says if it is not the
    map Graphviz drew for that position: "last_good" (an earlier position's), "grid" (plain), or
    "failed" (not even the grid could be drawn; `content` is why)."""

    content: bytes
    media_type: str
    position: int
    fallback: str = ""

    @property
    def stale(self) -> bool:
        return self.fallback == "last_good"


class ByteBoundedLRU:
    """Least recently used entries go first once their bytes pass `max_bytes`."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[Hashable, RenderedMap] = OrderedDict()

    def get(self, key: Hashable) -> RenderedMap | None:
        rendered = self._entries.get(key)
        if rendered is not None:
            self._entries.move_to_end(key)
        return rendered

    def put(self, key: Hashable, rendered: RenderedMap) -> None:
        self.discard(key)
        if bytes_of(rendered) > self.max_bytes:
            return  # larger than the whole cache: drawn each time rather than flushing the rest
        self._entries[key] = rendered
        self.size += bytes_of(rendered)
        while self.size > self.max_bytes:
            self.discard(next(iter(self._entries)))

    def discard(self, key: Hashable) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            self.size -= bytes_of(old)


def bytes_of(rendered: RenderedMap) -> int:
    return len(rendered.content) + ENTRY_OVERHEAD


class MapCache:
    """An LRU of renders bounded by bytes, plus the last good render per request for when a layout
    fails; a failed position is kept too, as its fallback, so it costs one attempt."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self._renders = ByteBoundedLRU(max_bytes // 2)
        self._last_good = ByteBoundedLRU(max_bytes // 2)
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        """Bytes held, counting a picture held as both a render and a last good one twice."""
        return self._renders.size + self._last_good.size

    def get(self, request: Hashable, position: int) -> RenderedMap | None:
        with self._lock:
            return self._renders.get((request, position))

    def put(self, request: Hashable, rendered: RenderedMap) -> None:
        with self._lock:
            self._renders.put((request, rendered.position), rendered)
            self._last_good.put(request, rendered)

    def put_fallback(self, request: Hashable, position: int, fallback: RenderedMap) -> None:
        """What to serve for a position whose layout failed, until the plan changes."""
        with self._lock:
            self._renders.put((request, position), fallback)

    def last_good(self, request: Hashable) -> RenderedMap | None:
        with self._lock:
            return self._last_good.get(request)
