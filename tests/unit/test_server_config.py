"""`strategikarta serve` settings that protect a deployment: PostgreSQL connections per worker,
no control socket shared with other instances."""

import pytest

from web.server import StrategikartaServer, gunicorn_options, warn_of_too_many_connections


@pytest.mark.parametrize(("workers", "warned"), [(20, False), (25, True)])
def test_serve_warns_when_workers_could_exhaust_postgresql_connections(
        workers: int, warned: bool, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/x")
    warn_of_too_many_connections(workers)
    assert ("max_connections" in capsys.readouterr().err) is warned


def test_serve_does_not_warn_about_connections_on_sqlite(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", "sqlite:////tmp/x.sqlite")
    warn_of_too_many_connections(64)
    assert capsys.readouterr().err == ""


def test_serve_opens_no_control_socket_that_every_instance_on_the_host_would_share() -> None:
    server = StrategikartaServer(gunicorn_options("127.0.0.1", 5000, 2))
    assert server.cfg.control_socket_disable is True
