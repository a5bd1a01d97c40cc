"""The real server: `strategikarta serve` (gunicorn) answering HTTP on a SQLite file."""

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from benchmarks.harness import free_port

BIN = Path(sys.executable).parent


def command(env: dict[str, str], *args: str, stdin: str = "") -> str:
    result = subprocess.run([str(BIN / "strategikarta"), *args], env=env, input=stdin,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """As `make run` has it: a store URL and no STRATEGIKARTA_SECRET_KEY."""
    inherited = {k: v for k, v in os.environ.items() if k != "STRATEGIKARTA_SECRET_KEY"}
    return {**inherited, "STRATEGIKARTA_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite'}"}


@pytest.fixture
def server(env: dict[str, str]) -> Iterator[str]:
    """`db init`, then `serve` with two workers; yields the base URL."""
    command(env, "db", "init")
    with serving(env) as base:
        yield base


@contextmanager
def serving(env: dict[str, str], port: int | None = None) -> Iterator[str]:
    """`serve` with two workers on `port` (a free one if none), up until the block ends; yields
    the base URL."""
    port = port or free_port()
    process = subprocess.Popen([str(BIN / "strategikarta"), "serve", "--port", str(port),
                                "--workers", "2"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(f"{base}/healthz", timeout=1).ok:
                    break
            except (requests.ConnectionError, requests.Timeout):  # not up, or still booting
                time.sleep(0.1)
        else:
            pytest.fail("the server did not come up")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_the_served_api_creates_and_reads_a_plan(server: str, env: dict[str, str]) -> None:
    command(env, "user", "add", "anna", "--role", "planner", stdin="ett-långt-lösenord\n")
    headers = {"Authorization": "Bearer " + command(env, "token", "create", "anna").strip()}
    plan = {"key": "fhs", "title": "Plan", "owner": "HSN", "start_year": 2022, "end_year": 2025,
            "focus_areas": [{"key": "nv", "name": "Nära vård"}]}
    assert requests.post(f"{server}/api/v1/plans", json=plan, headers=headers).status_code == 201
    milestone = {"key": "A", "title": "Första", "focus_area": "nv", "target_year": 2023,
                 "kind": "pilot"}
    created = requests.post(f"{server}/api/v1/plans/fhs/milestones", json=milestone,
                            headers=headers)
    assert created.status_code == 201
    # Several reads, so both workers answer at least once: each must see the write.
    for _ in range(6):
        read = requests.get(f"{server}/api/v1/plans/fhs/milestones/A", headers=headers)
        assert read.json()["title"] == "Första"
    assert requests.get(f"{server}/api/v1/plans").status_code == 401


def sign_in_and_browse(server: str, pages: int) -> list[int]:
    """Sign in through the form, then load the start page; the status of every page load."""
    browser = requests.Session()
    form = browser.get(f"{server}/login").text
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
    assert csrf is not None, form
    signed_in = browser.post(f"{server}/login", allow_redirects=False, data={
        "csrf_token": csrf.group(1), "name": "anna", "password": "ett-långt-lösenord"})
    statuses = [signed_in.status_code]  # 302 if the CSRF token was accepted
    statuses += [browser.get(f"{server}/", allow_redirects=False).status_code
                 for _ in range(pages)]
    return statuses


def test_a_sign_in_holds_whichever_worker_answers(server: str, env: dict[str, str]) -> None:
    command(env, "user", "add", "anna", "--role", "planner", stdin="ett-långt-lösenord\n")
    # Four people at once keep both workers busy, so each serves some of everyone's pages:
    # every worker must accept the CSRF tokens and sessions the other one signed.
    with ThreadPoolExecutor(4) as people:
        results = list(people.map(lambda _: sign_in_and_browse(server, 6), range(4)))
    assert results == [[302] + [200] * 6] * 4


def test_serve_refuses_a_store_without_tables(env: dict[str, str]) -> None:
    result = subprocess.run([str(BIN / "strategikarta"), "serve", "--port", str(free_port())],
                            env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode != 0 and "strategikarta db init" in result.stderr


def test_two_servers_on_one_host_share_no_control_socket(
        env: dict[str, str], tmp_path: Path) -> None:
    """gunicorn's default control socket is one path per user (under $XDG_RUNTIME_DIR or
    ~/.gunicorn): a second instance took it over, and the first to stop removed it."""
    home, runtime = tmp_path / "home", tmp_path / "run"
    runtime.mkdir()
    env = {**env, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)}
    command(env, "db", "init")
    with serving(env) as first:
        with serving(env) as second:
            assert requests.get(f"{first}/healthz", timeout=5).ok
            assert requests.get(f"{second}/healthz", timeout=5).ok
            shared = [p for p in (home / ".gunicorn" / "gunicorn.ctl", runtime / "gunicorn.ctl")
                      if p.exists()]
            assert shared == []
        assert requests.get(f"{first}/healthz", timeout=5).ok
