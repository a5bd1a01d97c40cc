"""Configuration as data: the eventsourcing environment built from STRATEGIKARTA_* variables."""

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from service.role_mapping import RoleMapping, RoleMappingError, parse_role_mapping

DEFAULT_DATABASE_URL = f"sqlite:///{Path('var/strategikarta.sqlite').resolve()}"
# Each worker holds its own pool; 2 + 2 overflow keeps 20 workers under PostgreSQL's 100.
POSTGRES_POOL_SIZE, POSTGRES_MAX_OVERFLOW = "2", "2"


class ConfigurationError(ValueError):
    """The environment does not describe a usable store."""


def database_url(environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get("STRATEGIKARTA_DATABASE_URL") or DEFAULT_DATABASE_URL


PLANS_ON_DEMAND = "STRATEGIKARTA_PLANS_ON_DEMAND"
DEFAULT_PLAN_BUDGET = 100_000  # events of the plans a worker holds, between them


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
            "APPLICATION_RECORDER_TOPIC": "service.postgres_recorder:OneTripRecorder",
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


def site_url(environ: Mapping[str, str] | None = None) -> str:
    """Where people reach this server, e.g. `https://strategikarta.region.se` ("" when unset):
    reminders then link to each round's page."""
    environ = os.environ if environ is None else environ
    return environ.get("STRATEGIKARTA_SITE_URL", "").strip().rstrip("/")


def mail_from(environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return (environ.get("STRATEGIKARTA_MAIL_FROM", "").strip()
            or f"strategikarta@{socket.gethostname()}")


OIDC = "STRATEGIKARTA_OIDC_"
OIDC_REQUIRED = ("ISSUER", "CLIENT_ID", "CLIENT_SECRET", "ROLES")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class OidcSettings:
    """Sign-in with the region's identity provider (OpenID Connect)."""

    issuer: str
    client_id: str
    client_secret: str = field(repr=False)  # never in a log
    roles: RoleMapping
    scopes: str = "openid profile email"
    name_claim: str = "preferred_username"

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def oidc_settings(environ: Mapping[str, str] | None = None) -> OidcSettings | None:
    """The identity provider from STRATEGIKARTA_OIDC_*, or None when no variable names one.
    Half a configuration is an error naming the variable missing, not a silent local-only site.
    """
    environ = os.environ if environ is None else environ
    given = {name: environ.get(OIDC + name, "").strip()
             for name in (*OIDC_REQUIRED, "SCOPES", "NAME_CLAIM")}
    if not any(given.values()):
        return None
    for name in OIDC_REQUIRED:
        if not given[name]:
            set_ones = ", ".join(OIDC + n for n, value in given.items() if value)
            raise ConfigurationError(f"{OIDC}{name} is not set, but {set_ones} is: sign-in "
                                     f"with an identity provider needs {OIDC}ISSUER, CLIENT_ID, "
                                     "CLIENT_SECRET and ROLES")
    issuer = given["ISSUER"]  # as is: the ID token's `iss` must equal it, trailing / and all
    parts = urlsplit(issuer)
    if not (parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK)):
        raise ConfigurationError(f"{OIDC}ISSUER {issuer!r}: use the provider's https:// URL "
                                 "(http:// only on this machine, for tests)")
    try:
        roles = parse_role_mapping(given["ROLES"])
    except RoleMappingError as problem:
        raise ConfigurationError(f"{OIDC}ROLES: {problem}") from None
    scopes = given["SCOPES"] or OidcSettings.scopes
    if "openid" not in scopes.split():
        raise ConfigurationError(f"{OIDC}SCOPES {scopes!r}: OpenID Connect needs 'openid'")
    return OidcSettings(issuer, given["CLIENT_ID"], given["CLIENT_SECRET"], roles, scopes,
                        given["NAME_CLAIM"] or OidcSettings.name_claim)


SIGNING_KEY_FILE = "STRATEGIKARTA_SIGNING_KEY_FILE"
VERIFIER_KEY = "STRATEGIKARTA_VERIFIER_KEY"


def signing_key_file(environ: Mapping[str, str] | None = None) -> str:
    """The file holding the private key checkpoints are signed with ("" when unset)."""
    environ = os.environ if environ is None else environ
    return environ.get(SIGNING_KEY_FILE, "").strip()


CHECKPOINT_INTERVAL = "STRATEGIKARTA_CHECKPOINT_INTERVAL"


def plans_on_demand(environ: Mapping[str, str] | None = None) -> int | None:
    """How many events the plans a worker holds may have between them, if it holds plans on
    demand (`service.plan_shelf`): STRATEGIKARTA_PLANS_ON_DEMAND, a whole number of events
    (unset or `on`: the default budget); `off`: every plan, folded at start."""
    environ = os.environ if environ is None else environ
    text = environ.get(PLANS_ON_DEMAND, "").strip().lower()
    if text == "off":
        return None
    if text in ("", "on"):
        return DEFAULT_PLAN_BUDGET
    if not text.isdigit() or int(text) < 1:
        raise ConfigurationError(f"{PLANS_ON_DEMAND} {text!r}: give on, off or a number of "
                                 "events (e.g. 100000)")
    return int(text)


def checkpoint_interval(environ: Mapping[str, str] | None = None) -> float:
    """Seconds between a server's looks at its log (sign what is new, rehash a slice): 20 by
    default, so a checkpoint follows a write within a minute; 1 to 60."""
    environ = os.environ if environ is None else environ
    text = environ.get(CHECKPOINT_INTERVAL, "").strip()
    if not text:
        return 20.0
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not 1 <= seconds <= 60:
        raise ConfigurationError(f"{CHECKPOINT_INTERVAL} {text!r}: give seconds from 1 to 60")
    return seconds


def verifier_key_text(environ: Mapping[str, str] | None = None) -> str:
    """The public key (C2SP vkey) an auditor checks checkpoints with, without the private key."""
    environ = os.environ if environ is None else environ
    return environ.get(VERIFIER_KEY, "").strip()
