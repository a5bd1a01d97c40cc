"""Rendered maps, kept per plan log position: any new event of the plan changes the position,
so every process stops using its old pictures as soon as it has caught up with the log."""

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class RenderedMap:
    """A picture (or DOT/JSON text) of a plan at a log position."""

    content: bytes
    media_type: str
    position: int
    stale: bool = False


class MapCache:
    """A small LRU of renders, plus the last good render per request for when `dot` fails."""

    def __init__(self, max_entries: int = 128) -> None:
        self.max_entries = max_entries
        self._renders: OrderedDict[Hashable, RenderedMap] = OrderedDict()
        self._last_good: OrderedDict[Hashable, RenderedMap] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, request: Hashable, position: int) -> RenderedMap | None:
        with self._lock:
            rendered = self._renders.get((request, position))
            if rendered is not None:
                self._renders.move_to_end((request, position))
            return rendered

    def put(self, request: Hashable, rendered: RenderedMap) -> None:
        with self._lock:
            for store, key in ((self._renders, (request, rendered.position)),
                               (self._last_good, request)):
                store[key] = rendered
                store.move_to_end(key)
                while len(store) > self.max_entries:
                    store.popitem(last=False)

    def last_good(self, request: Hashable) -> RenderedMap | None:
        with self._lock:
            return self._last_good.get(request)
