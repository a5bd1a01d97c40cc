"""A PostgreSQL that refuses connections is an unavailable store, not one without tables."""

import pytest

from domain.errors import StoreUnavailableError
from service.application import Strategikarta
from service.config import persistence_env


def test_a_postgresql_that_refuses_connections_is_reported_as_unavailable() -> None:
    env = {**persistence_env("postgresql://postgres@127.0.0.1:9/strategikarta"),
           "POSTGRES_CONNECT_TIMEOUT": "1"}
    with pytest.raises(StoreUnavailableError, match="^the event store cannot be read: "):
        Strategikarta(env).store.catch_up()
