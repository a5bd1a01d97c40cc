"""The production server: gunicorn with sync workers, each building its own app after fork."""

from typing import Any

from gunicorn.app.base import BaseApplication


class StrategikartaServer(BaseApplication):  # type: ignore[misc]
    """gunicorn, configured from the command line instead of a config file."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # Imported here so every worker opens its own store connections after the fork.
        from web import create_app

        return create_app()


def serve(host: str, port: int, workers: int) -> None:
    StrategikartaServer({
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",  # measured: sync beats gthread for writes
        "timeout": 60,
        "graceful_timeout": 20,
        "accesslog": "-",
        "errorlog": "-",
        "preload_app": False,
    }).run()
