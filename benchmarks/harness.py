"""Start servers on 127.0.0.1 and load them with wrk, bounded in time."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running(command: list[str], env: dict[str, str], health_url: str) -> Iterator[None]:
    process = subprocess.Popen(command, env={**os.environ, **env},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                requests.get(health_url, timeout=1)
                break
            except (requests.ConnectionError, requests.Timeout):  # not up yet, or a busy machine
                time.sleep(0.05)
        else:
            raise RuntimeError(f"server did not start: {command}")
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p99_ms: float
    errors: int


def wrk(url: str, script: Path, seconds: int, threads: int = 2, connections: int = 16) -> Load:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench` installs it (Debian package wrk)")
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s",
                          "--latency", "-s", str(script), url],
                         capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    p99_ms = float(p99.group(1)) * scale[p99.group(2)] if p99 else float("nan")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: .*", out)
    if socket_errors:
        print("   ", socket_errors.group(0))
    return Load(rate, p99_ms, int(errors.group(1)) if errors else 0)
