"""The baseline: bare Flask + SQLite (WAL), one committed INSERT per POST, nothing else."""

import os
import sqlite3

from flask import Flask, request

app = Flask(__name__)
_connection: sqlite3.Connection | None = None


def connection() -> sqlite3.Connection:
    global _connection
    if _connection is None:
        _connection = sqlite3.connect(os.environ["BARE_SQLITE_PATH"], timeout=30,
                                      isolation_level=None)
        _connection.execute("PRAGMA journal_mode=WAL")
    return _connection


@app.post("/report/<key>")
def report(key: str) -> tuple[dict[str, str], int]:
    body = request.get_data()
    db = connection()
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO reports (milestone, body) VALUES (?, ?)", (key, body))
    db.execute("COMMIT")
    return {"ok": "yes"}, 201


def create_table(path: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS reports (id INTEGER PRIMARY KEY, milestone TEXT, "
                   "body BLOB)")
