"""The baseline: bare Flask + the same database, one committed INSERT per POST and one SELECT
per GET, nothing else. `BARE_DATABASE_URL` is a SQLite path (WAL) or a PostgreSQL URL
(`?schema=` picks the schema); `BARE_SQLITE_PATH` is still read for a SQLite path."""

import os
import sqlite3
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs, urlsplit

import psycopg
from flask import Flask, abort, request

app = Flask(__name__)
_connection: Any = None


def database_url() -> str:
    return os.environ.get("BARE_DATABASE_URL") or os.environ["BARE_SQLITE_PATH"]


def connect(url: str) -> Any:
    if url.startswith("postgresql://"):
        parts = urlsplit(url)
        schema = parse_qs(parts.query).get("schema", ["public"])[0]
        return psycopg.connect(parts._replace(query="").geturl(),
                               options=f"-c search_path={schema}")
    connection = sqlite3.connect(url, timeout=30, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    return connection


def connection() -> Any:
    global _connection
    if _connection is None:
        _connection = connect(database_url())
    return _connection


def is_postgres() -> bool:
    return database_url().startswith("postgresql://")


@app.post("/report/<key>")
def report(key: str) -> tuple[dict[str, str], int]:
    body = request.get_data()
    db = connection()
    if is_postgres():
        db.execute("INSERT INTO reports (milestone, body) VALUES (%s, %s)", (key, body))
        db.commit()
    else:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO reports (milestone, body) VALUES (?, ?)", (key, body))
        db.execute("COMMIT")
    return {"ok": "yes"}, 201


@app.get("/milestone/<key>")
def milestone(key: str) -> dict[str, Any]:
    db = connection()
    placeholder = "%s" if is_postgres() else "?"
    row = db.execute(f"SELECT id, milestone, body FROM reports WHERE milestone = {placeholder} "
                     "ORDER BY id DESC LIMIT 1", (key,)).fetchone()
    if is_postgres():
        db.commit()  # end the read transaction, as a pooled connection would
    if row is None:
        abort(404)
    return {"id": row[0], "milestone": row[1], "body": bytes(row[2]).decode()}


def create_table(url: str, keys: Sequence[str] = ()) -> None:
    """The table, with one report per key for the reads to find."""
    db = connect(url)
    postgres = url.startswith("postgresql://")
    if postgres:
        db.execute("CREATE TABLE IF NOT EXISTS reports (id BIGSERIAL PRIMARY KEY, milestone TEXT, "
                   "body BYTEA)")
        db.execute("CREATE INDEX IF NOT EXISTS reports_milestone ON reports (milestone, id)")
    else:
        db.execute("CREATE TABLE IF NOT EXISTS reports (id INTEGER PRIMARY KEY, milestone TEXT, "
                   "body BLOB)")
        db.execute("CREATE INDEX IF NOT EXISTS reports_milestone ON reports (milestone, id)")
    placeholder = "%s" if postgres else "?"
    for key in keys:
        db.execute(f"INSERT INTO reports (milestone, body) VALUES ({placeholder}, {placeholder})",
                   (key, b'{"status": "on_track"}'))
    db.commit()
    db.close()
