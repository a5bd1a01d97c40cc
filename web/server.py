"""The production server: gunicorn with sync workers, each building its own app after fork."""

import os
import secrets
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from service.config import POSTGRES_MAX_OVERFLOW, POSTGRES_POOL_SIZE, database_url

SECRET_KEY_VARIABLE = "STRATEGIKARTA_SECRET_KEY"
POSTGRES_DEFAULT_CONNECTIONS = 100 - 3  # max_connections less superuser_reserved_connections
LATER_GUNICORN_SETTINGS = frozenset({"control_socket_disable"})  # unknown before 25.1: skipped


class StrategikartaServer(BaseApplication):
    """gunicorn, configured from the command line instead of a config file."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings or key not in LATER_GUNICORN_SETTINGS:
                self.cfg.set(key, value)

    def load(self) -> Any:
        # Imported here so every worker opens its own store connections after the fork.
        from web import create_app

        return create_app()


def serve(host: str, port: int, workers: int) -> None:
    share_one_secret_key()
    warn_of_too_many_connections(workers)
    StrategikartaServer(gunicorn_options(host, port, workers)).run()


def gunicorn_options(host: str, port: int, workers: int) -> dict[str, Any]:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",  # measured: sync beats gthread for writes
        "timeout": 60,
        "graceful_timeout": 20,
        "accesslog": "-",
        # The worker's pid and the time taken end each line: which process answered, how fast.
        "access_log_format": '%(h)s "%(r)s" %(s)s %(b)s "%(a)s" %(M)sms %(p)s',
        "errorlog": "-",
        "preload_app": False,
        # gunicorn 25.1 opens a control socket (for `gunicornc`) at one path per user, shared
        # by every instance on the host: a second server took it over and the first to stop
        # removed it. Nothing here uses it; signals (HUP, TERM, TTIN) still work.
        "control_socket_disable": True,
    }


def warn_of_too_many_connections(workers: int) -> None:
    """Each worker's pool may hold POOL_SIZE + MAX_OVERFLOW PostgreSQL connections."""
    if not database_url().startswith(("postgresql:", "postgres:")):
        return
    most = workers * (int(POSTGRES_POOL_SIZE) + int(POSTGRES_MAX_OVERFLOW))
    if most > POSTGRES_DEFAULT_CONNECTIONS:
        print(f"{workers} workers may open {most} PostgreSQL connections, more than the default "
              f"max_connections allows ({POSTGRES_DEFAULT_CONNECTIONS} for clients): raise it, "
              "or run fewer workers", file=sys.stderr)


def share_one_secret_key() -> None:
    """Every worker must sign sessions and CSRF tokens with the same key, or a sign-in made
    through one worker is unknown to the next. Without STRATEGIKARTA_SECRET_KEY, the server
    picks one key before forking its workers (sessions then end when it restarts)."""
    if os.environ.get(SECRET_KEY_VARIABLE):
        return
    os.environ[SECRET_KEY_VARIABLE] = secrets.token_hex(32)
    print(f"{SECRET_KEY_VARIABLE} is not set: using a key made for this run, so sign-ins end "
          "when the server restarts; set it in production", file=sys.stderr)
