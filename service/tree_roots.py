"""`python -m service.tree_roots`: the log's tree roots at given sizes, for `verify`'s second
process (`service.tree_in_child`).

Reads a JSON request on standard input (`sqlite`: the store file, or `postgres`: connection
settings; `table`: the events' table, quoted; `sizes`: the tree sizes wanted) and writes, for
each size reached, 8 bytes of size (big-endian) and the 32-byte root to standard output. It
imports the standard library, the tree's hashing and, for PostgreSQL, psycopg: nothing that
starts slowly or keeps state.
"""

import json
import sqlite3
import sys
from typing import Any

from service.log_tree import TreeBuilder, leaf_data, leaf_hash

BATCH = 5000
RECORD = 8 + 32  # a size and its root


def events_sql(table: str, postgres: bool) -> str:
    """The next BATCH events after a position: position, aggregate (hyphenated), version,
    topic, state; as `LogTables.events_after` reads them."""
    if postgres:
        return (f"SELECT notification_id, originator_id::text, originator_version, topic, state "
                f"FROM {table} WHERE notification_id > %s ORDER BY notification_id LIMIT %s")
    return ("SELECT rowid, CASE WHEN length(originator_id) = 32 THEN "
            "lower(substr(originator_id, 1, 8) || '-' || substr(originator_id, 9, 4) || "
            "'-' || substr(originator_id, 13, 4) || '-' || substr(originator_id, 17, 4) "
            "|| '-' || substr(originator_id, 21)) ELSE lower(originator_id) END, "
            f"originator_version, topic, state FROM {table} WHERE rowid > ? ORDER BY rowid "
            "LIMIT ?")


def roots(connection: Any, sql: str, sizes: list[int]) -> dict[int, bytes]:
    wanted, largest = frozenset(sizes), max(sizes)
    builder, found, position = TreeBuilder(), {}, 0
    cursor = connection.cursor()
    while builder.size < largest:
        cursor.execute(sql, (position, BATCH))
        batch = cursor.fetchall()
        for event_position, aggregate, version, topic, state in batch[:largest - builder.size]:
            builder.append(leaf_hash(leaf_data(event_position, aggregate, version, topic,
                                               bytes(state))))
            if builder.size in wanted:
                found[builder.size] = builder.root()
        if len(batch) < BATCH:
            break
        position = batch[-1][0]
    return found


def main() -> None:
    request = json.loads(sys.stdin.buffer.read())
    if "postgres" in request:
        import psycopg  # only where it is needed: it takes a while to import

        connection: Any = psycopg.connect(**request["postgres"])
    else:
        name = request["sqlite"]
        connection = sqlite3.connect(name, uri=name.startswith("file:"))
    try:
        found = roots(connection, events_sql(request["table"], "postgres" in request),
                      request["sizes"])
    finally:
        connection.close()
    sys.stdout.buffer.write(b"".join(size.to_bytes(8, "big") + root
                                     for size, root in sorted(found.items())))


if __name__ == "__main__":
    main()
