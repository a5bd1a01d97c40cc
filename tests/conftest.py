"""Fixtures: the real application on in-memory SQLite, a SQLite file and PostgreSQL."""

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.application import Strategikarta
from service.config import DEFAULT_PLAN_BUDGET, persistence_env
from tests.mail_server import MailServer, running_mail_server
from web import create_app

PG_ADMIN_URL = os.environ.get("STRATEGIKARTA_TEST_PG", "postgresql://postgres@127.0.0.1:5432/")
PG_TEST_DB = "strategikarta_test"
TODAY = date(2026, 6, 15)
TESTS = Path(__file__).resolve().parent
TIERS = ("unit", "service", "http", "system")  # tests/<tier>/: each test gets its folder's marker


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = item.path.resolve()
        if path.is_relative_to(TESTS) and path.relative_to(TESTS).parts[0] in TIERS:
            item.add_marker(path.relative_to(TESTS).parts[0])


def _pg_url(schema: str = "") -> str:
    base = PG_ADMIN_URL.rstrip("/") + "/" + PG_TEST_DB
    return f"{base}?schema={schema}" if schema else base


@pytest.fixture(scope="session")
def pg_database() -> str:
    """A database for the test run (tests each get their own schema in it)."""
    with psycopg.connect(PG_ADMIN_URL.rstrip("/") + "/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_TEST_DB,))
        if exists.fetchone() is None:
            conn.execute(f'CREATE DATABASE "{PG_TEST_DB}"')
    return _pg_url()


@pytest.fixture
def pg_url(pg_database: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL schema; dropped afterwards."""
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield _pg_url(schema)
    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


def open_store(url: str, today: date | Callable[[], date] = TODAY,
               plans_on_demand: int | None = DEFAULT_PLAN_BUDGET) -> Strategikarta:
    """What `db init` then a worker do: create tables once, then open without creating.
    `today` is a date, or a clock the test moves (a year walked through); `plans_on_demand`
    as the application takes it."""
    Strategikarta(persistence_env(url, create_tables=True)).close()
    clock = today if callable(today) else lambda: today
    return Strategikarta(persistence_env(url), today=clock, plans_on_demand=plans_on_demand)


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same scenario on every backend."""
    if request.param == "memory":
        return "sqlite:///:memory:"
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def service(store_url: str) -> Iterator[Strategikarta]:
    """The real application on each backend."""
    app = open_store(store_url)
    yield app
    app.close()


@pytest.fixture
def memory_service() -> Iterator[Strategikarta]:
    """The real application on in-memory SQLite, for focused tests."""
    app = Strategikarta(persistence_env("sqlite:///:memory:"), today=lambda: TODAY)
    app.users.password_method = "pbkdf2:sha256:1000"  # speed over strength, in tests only
    yield app
    app.close()


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 for the test's length, keeping what it gets."""
    with running_mail_server() as server:
        yield server


@pytest.fixture
def app(memory_service: Strategikarta) -> Flask:
    """The Flask app on in-memory storage."""
    return create_app({"TESTING": True, "SERVICE": memory_service})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class Auth:
    """Tokens for one user of each role."""

    def __init__(self, service: Strategikarta) -> None:
        self.tokens: dict[str, str] = {}
        for role in ("viewer", "auditor", "planner", "admin"):
            service.users.add(f"{role}-user", role, "lösenord-" + role, actor="test-setup")
            self.tokens[role] = service.users.create_token(f"{role}-user", actor="test-setup")

    def headers(self, role: str = "planner", **extra: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}", **extra}


@pytest.fixture
def auth(memory_service: Strategikarta) -> Auth:
    """Users of every role, with tokens, in the app's store."""
    return Auth(memory_service)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_store_url(request: pytest.FixtureRequest) -> str:
    """A store several processes can share: a SQLite file, then PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(fixture))
