"""The log's tree recomputed in a second process while `verify` checks the chains in this one.

`verify` reads the log once and hashes every event twice: its leaf in the tree, and its link in
its aggregate's digest chain. Both are Python work that one core does in turn, so with the tree
`verify` took 2.2–2.5× a raw read of the log. A second process reads the log on a connection of
its own and sends back the tree's root at every checkpoint's size, while this one checks the
chains, seals and snapshots: about as long as either alone.

The second process is a fresh interpreter (`python -m service.tree_roots`, which imports the
standard library, the tree's hashing and the database driver only), never a `fork` of this
one: a fork taken while another thread holds SQLite's or the allocator's lock hangs. A store
in memory cannot be read by another process, and a child that fails, or has not answered
`CHILD_WAIT` seconds after this process finished its own pass (a database that stopped
answering it), answers nothing: `verify` then recomputes the tree itself, as it also does when
a root differs, to say which event changed.
"""

import json
import subprocess
import sys
from collections.abc import Callable, Collection

from service.log_tables import LogTables
from service.tree_roots import RECORD

Roots = dict[int, bytes]
COMMAND = [sys.executable, "-m", "service.tree_roots"]
CHILD_WAIT = 120.0  # seconds, counted from when this process asks for the roots


def roots_in_child(tables: LogTables, sizes: Collection[int]) -> Callable[[], Roots | None] | None:
    """Start a process computing the tree's root at each of `sizes`; a function that waits
    for them (None if it failed). None if no other process can read this store."""
    pool = tables.datastore.pool
    if not sizes:
        return None
    if tables.postgres:
        source: dict[str, object] = {
            "postgres": {k: v for k, v in pool.kwargs.items() if k != "row_factory"}}
    elif pool.is_sqlite_memory_mode or not pool.db_name:
        return None
    else:
        source = {"sqlite": str(pool.db_name)}
    source["table"] = tables.quoted_events()
    request = json.dumps({**source, "sizes": sorted(sizes)}).encode()
    try:
        child = subprocess.Popen(COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL)
        assert child.stdin is not None
        child.stdin.write(request)
        child.stdin.close()
        child.stdin = None  # sent: `communicate` below only reads
    except OSError:
        return None

    def answer() -> Roots | None:
        try:
            data, _ = child.communicate(timeout=CHILD_WAIT)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            return None
        if child.returncode != 0 or len(data) % RECORD:
            return None
        return {int.from_bytes(data[i:i + 8], "big"): data[i + 8:i + RECORD]
                for i in range(0, len(data), RECORD)}

    return answer

