"""A real OpenID provider for tests (npm `oidc-provider`, `tests/oidc_provider.mjs`), on
127.0.0.1 and a free port, with accounts whose claims a test sets and changes."""

import json
import re
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests

from benchmarks.harness import free_port
from service.config import OidcSettings
from service.role_mapping import parse_role_mapping

SCRIPT = Path(__file__).resolve().parent / "oidc_provider.mjs"
CLIENT_ID, CLIENT_SECRET = "strategikarta", "a-secret-only-for-tests"
OTHER_CLIENT_ID = "another-app"  # a second client of the same provider, same redirect URIs
ROLES = ("groups:strategikarta-admins=admin,strategikarta-planners=planner,"
         "strategikarta-auditors=auditor,strategikarta-viewers=viewer,rs-rapportorer=reporter:RS")
SCOPES = "openid profile email groups"
FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')
XSRF = re.compile(r'name="xsrf" value="([^"]+)"')


@dataclass
class OidcProvider:
    """The running provider: its issuer, and the accounts people sign in as."""

    issuer: str
    accounts_file: Path

    def set_account(self, account: str, **claims: Any) -> None:
        """The account `account` (its `sub`) with these claims, from its next sign-in on."""
        accounts = json.loads(self.accounts_file.read_text())
        accounts[account] = claims
        self.accounts_file.write_text(json.dumps(accounts))

    def settings(self, roles: str = ROLES) -> OidcSettings:
        """Strategikarta's configuration for this provider, as STRATEGIKARTA_OIDC_* give it."""
        return OidcSettings(self.issuer, CLIENT_ID, CLIENT_SECRET, parse_role_mapping(roles),
                            SCOPES)

    def environment(self, roles: str = ROLES) -> dict[str, str]:
        return {"STRATEGIKARTA_OIDC_ISSUER": self.issuer,
                "STRATEGIKARTA_OIDC_CLIENT_ID": CLIENT_ID,
                "STRATEGIKARTA_OIDC_CLIENT_SECRET": CLIENT_SECRET,
                "STRATEGIKARTA_OIDC_ROLES": roles, "STRATEGIKARTA_OIDC_SCOPES": SCOPES}

    def sign_in(self, authorize_url: str, account: str,
                browser: requests.Session | None = None) -> str:
        """Go through the provider's pages as a person does, signing in as `account` with any
        password; the URL it then sends the browser back to (the app's callback with code and
        state). `browser` keeps the provider's cookies: signed in there, no form is shown."""
        browser = browser or requests.Session()
        response = browser.get(authorize_url, allow_redirects=False, timeout=10)
        for _ in range(10):
            location = response.headers.get("Location")
            if location is not None:
                url = urljoin(response.url, location)
                if not url.startswith(self.issuer + "/"):
                    return url
                response = browser.get(url, allow_redirects=False, timeout=10)
            else:
                found = FORM_ACTION.search(response.text)
                assert response.status_code == 200 and found, response.text
                response = browser.post(
                    urljoin(response.url, unescape(found.group(1))), allow_redirects=False,
                    data={"prompt": "login", "login": account, "password": "vilket-som-helst"},
                    timeout=10)
        raise AssertionError("the provider never sent the browser back")

    def remembers(self, authorize_url: str, browser: requests.Session) -> bool:
        """Whether the provider still knows the person in `browser`: it sends the browser
        straight back to the app instead of showing its sign-in form."""
        response = browser.get(authorize_url, allow_redirects=False, timeout=10)
        for _ in range(10):
            location = response.headers.get("Location")
            if location is None:
                assert response.status_code == 200 and FORM_ACTION.search(response.text)
                return False
            url = urljoin(response.url, location)
            if not url.startswith(self.issuer + "/"):
                return True
            response = browser.get(url, allow_redirects=False, timeout=10)
        raise AssertionError("the provider kept redirecting")

    def sign_out(self, end_session_url: str, browser: requests.Session) -> str:
        """Go to the provider's sign-out as the app sends the browser there and answer "Yes,
        sign me out"; the URL it then sends the browser back to."""
        page = browser.get(end_session_url, allow_redirects=False, timeout=10)
        action, xsrf = FORM_ACTION.search(page.text), XSRF.search(page.text)
        assert page.status_code == 200 and action and xsrf, page.text
        response = browser.post(urljoin(page.url, unescape(action.group(1))),
                                data={"xsrf": xsrf.group(1), "logout": "yes"},
                                allow_redirects=False, timeout=10)
        assert response.status_code == 303, response.text
        return urljoin(response.url, response.headers["Location"])


@contextmanager
def running_oidc_provider(directory: Path, redirect_uris: Sequence[str],
                          post_logout_redirect_uris: Sequence[str] = (),
                          sign_out: bool = True) -> Iterator[OidcProvider]:
    """The provider listening until the block ends; its clients: Strategikarta's, and another
    app's, both allowed to send people back to `redirect_uris` after signing in, and to
    `post_logout_redirect_uris` after signing out. `sign_out=False`: a provider without
    RP-initiated logout (no `end_session_endpoint`)."""
    port = free_port()
    accounts = directory / "accounts.json"
    accounts.write_text("{}")
    clients = [{"client_id": client_id, "client_secret": CLIENT_SECRET,
                "redirect_uris": list(redirect_uris),
                "post_logout_redirect_uris": list(post_logout_redirect_uris)}
               for client_id in (CLIENT_ID, OTHER_CLIENT_ID)]
    config = directory / "provider.json"
    config.write_text(json.dumps({"port": port, "accounts": str(accounts), "clients": clients,
                                  "signOut": sign_out}))
    log = directory / "provider.log"
    with log.open("wb") as errors:
        process = subprocess.Popen(["node", str(SCRIPT), str(config)],
                                   stdout=subprocess.DEVNULL, stderr=errors)
    issuer = f"http://127.0.0.1:{port}"
    try:
        wait_for(issuer + "/.well-known/openid-configuration", process, log)
        yield OidcProvider(issuer, accounts)
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_for(url: str, process: "subprocess.Popen[bytes]", log: Path) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError("the OpenID provider stopped: " + log.read_text())
        try:
            if requests.get(url, timeout=1).ok:
                return
        except (requests.ConnectionError, requests.Timeout):  # not up yet
            time.sleep(0.05)
    raise RuntimeError("the OpenID provider did not come up")
