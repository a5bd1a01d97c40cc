"""Configuration as data: the eventsourcing environment built from STRATEGIKARTA_* variables."""

import os
import socket
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_DATABASE_URL = f"sqlite:///{Path('var/strategikarta.sqlite').resolve()}"
# Each worker holds its own pool; 2 + 2 overflow keeps 20 workers under PostgreSQL's 100.
POSTGRES_POOL_SIZE, POSTGRES_MAX_OVERFLOW = "2", "2"


class ConfigurationError(ValueError):
    """The environment does not describe a usable store."""


def database_url(environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get("STRATEGIKARTA_DATABASE_URL") or DEFAULT_DATABASE_URL


def persistence_env(url: str, create_tables: bool = False) -> dict[str, str]:
    """The eventsourcing settings for a database URL; tables only when asked (`db init`)."""
    if url == "sqlite:///:memory:":
        return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:",
                "CREATE_TABLE": "y"}
    parts = urlsplit(url)
    create = "y" if create_tables else "n"
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if not path or path == "/":
            raise ConfigurationError(f"{url!r}: give an absolute path, sqlite:///abs/path.sqlite")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path,
                "SQLITE_LOCK_TIMEOUT": "30", "CREATE_TABLE": create}
    if parts.scheme in ("postgresql", "postgres"):
        schema = parse_qs(parts.query).get("schema", ["public"])[0]
        return {
            "POSTGRES_SCHEMA": schema,
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(parts.path.lstrip("/")) or "strategikarta",
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_POOL_SIZE": POSTGRES_POOL_SIZE,
            "POSTGRES_MAX_OVERFLOW": POSTGRES_MAX_OVERFLOW,
            "POSTGRES_CONNECT_TIMEOUT": "10",
            "POSTGRES_LOCK_TIMEOUT": "10",
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",  # a reader following the log misses events
            "CREATE_TABLE": create,
        }
    raise ConfigurationError(
        f"unsupported STRATEGIKARTA_DATABASE_URL {url!r}: use sqlite:///abs/path.sqlite, "
        "sqlite:///:memory: or postgresql://user:pw@host:port/db[?schema=name]"
    )


def smtp_url(environ: Mapping[str, str] | None = None) -> str:
    """The mail server reminders go through, e.g. `smtp://host:25` ("" when unset)."""
    environ = os.environ if environ is None else environ
    return environ.get("STRATEGIKARTA_SMTP_URL", "").strip()


def mail_from(environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return (environ.get("STRATEGIKARTA_MAIL_FROM", "").strip()
            or f"strategikarta@{socket.gethostname()}")


SIGNING_KEY_FILE = "STRATEGIKARTA_SIGNING_KEY_FILE"
VERIFIER_KEY = "STRATEGIKARTA_VERIFIER_KEY"


def signing_key_file(environ: Mapping[str, str] | None = None) -> str:
    """The file holding the private key checkpoints are signed with ("" when unset)."""
    environ = os.environ if environ is None else environ
    return environ.get(SIGNING_KEY_FILE, "").strip()


def verifier_key_text(environ: Mapping[str, str] | None = None) -> str:
    """The public key (C2SP vkey) an auditor checks checkpoints with, without the private key."""
    environ = os.environ if environ is None else environ
    return environ.get(VERIFIER_KEY, "").strip()
