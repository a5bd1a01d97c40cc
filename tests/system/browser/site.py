"""A live site for the browser: `strategikarta serve` on a SQLite file with the demo plan."""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from service.application import Strategikarta
from service.config import persistence_env
from service.demo import load_demo
from tests.builders import add_goals, follow_up_year, milestone_body
from tests.system.test_server import serving

BIN = Path(sys.executable).parent
PASSWORD = "ett-långt-lösenord"
ROLES = ("planner", "auditor", "viewer", "admin")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# A Swedish browser, as the planners' are: the pages follow its Accept-Language.
LOCALE = "sv-SE"


def prepare(url: str) -> None:
    """The demo plan, a 2025 revision, one milestone added after it, a goal tree with a
    metric, a user per role, bodies, a follow-up plan with its round open and reporters."""
    Strategikarta(persistence_env(url, create_tables=True)).close()
    service = Strategikarta(persistence_env(url))
    service.users.password_method = "pbkdf2:sha256:1000"
    load_demo(service)
    service.revisions.adopt("fhs-exempel", 2025, date(2025, 6, 16), "HSN", "§ 50",
                           "2025-POL000002", "Årlig revidering", actor="setup")
    service.milestones.define("fhs-exempel", milestone_body("NY-1", focus_area="nara-vard",
                                                          title="Efter revideringen"), actor="setup")
    add_goals(service, "fhs-exempel", "NV-05", actor="setup")
    for role in ROLES:
        service.users.add(role, role, PASSWORD, actor="setup")
    follow_up_year(service, "fhs-exempel", PASSWORD, actor="setup")  # reporter `hsn-user`
    service.rounds.open("fhs-exempel", "bokslut-2025", actor="setup")
    service.close()


@contextmanager
def live_site(directory: Path) -> Iterator[str]:
    url = f"sqlite:///{directory / 'store.sqlite'}"
    prepare(url)
    env = {**os.environ, "STRATEGIKARTA_DATABASE_URL": url,
           "STRATEGIKARTA_SECRET_KEY": "browser-tests"}
    with serving(env) as base:
        yield base
