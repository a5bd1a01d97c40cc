"""The User aggregate: who may do what. Secrets are stored only as hashes."""

from datetime import timedelta
from enum import Enum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.values import check_key

USER_NAMESPACE = uuid5(NAMESPACE_URL, "urn:strategikarta:user")
# How long a signed-in session lasts (a working day): its signed cookie is refused after this
# long, so an ended session need be remembered no longer than that.
SESSION_LIFETIME = timedelta(hours=12)


class Role(Enum):
    """viewer reads the current plan; reporter also reports its bodies' items; auditor also
    reads history; planner writes; admin all."""

    VIEWER = "viewer"
    REPORTER = "reporter"
    AUDITOR = "auditor"
    PLANNER = "planner"
    ADMIN = "admin"

    @property
    def may_write_plans(self) -> bool:
        return self in (Role.PLANNER, Role.ADMIN)

    @property
    def may_read_history(self) -> bool:
        return self not in (Role.VIEWER, Role.REPORTER)

    @property
    def may_manage_users(self) -> bool:
        return self is Role.ADMIN


def user_id(name: str) -> UUID:
    return uuid5(USER_NAMESPACE, name)


class User(Aggregate):
    """A person or program that uses Strategikarta."""

    class UserAdded(Aggregate.Created):
        name: str
        role: Role
        password_hash: str
        actor: str
        reason: str

    class TokenIssued(Aggregate.Event):
        token_hash: str
        actor: str
        reason: str

    class RoleChanged(Aggregate.Event):
        role: Role
        actor: str
        reason: str

    class TokensRevoked(Aggregate.Event):
        actor: str
        reason: str

    class PasswordChanged(Aggregate.Event):
        password_hash: str
        actor: str
        reason: str

    class SignedOut(Aggregate.Event):
        session_hash: str
        actor: str
        reason: str

    class BodiesAssigned(Aggregate.Event):
        bodies: list[str]
        actor: str
        reason: str

    class EmailSet(Aggregate.Event):
        email: str
        actor: str
        reason: str

    class IdentityLinked(Aggregate.Event):
        issuer: str
        subject: str
        actor: str
        reason: str

    # Users recorded before bodies and e-mail existed have none; local users no identity.
    bodies: tuple[str, ...] | list[str] = ()
    email: str = ""
    issuer: str = ""
    subject: str = ""

    @staticmethod
    def create_id(name: str) -> UUID:
        return user_id(name)

    @classmethod
    def add(cls, name: str, role: Role, password_hash: str, actor: str) -> "User":
        check_key(name, "name")
        return cls(name, role, password_hash, actor, "")

    @event(UserAdded)
    def __init__(self, name: str, role: Role, password_hash: str, actor: str, reason: str) -> None:
        self.name = name
        self.role = role
        self.password_hash = password_hash
        self.token_hashes: list[str] = []

    @event(TokenIssued)
    def issue_token(self, token_hash: str, actor: str, reason: str = "") -> None:
        self.token_hashes = [*self.token_hashes, token_hash]

    @event(RoleChanged)
    def change_role(self, role: Role, actor: str, reason: str = "") -> None:
        self.role = role

    @event(TokensRevoked)
    def revoke_tokens(self, actor: str, reason: str = "") -> None:
        """Every API token the user has stops working (a leaked token is revoked this way)."""
        self.token_hashes = []

    @event(PasswordChanged)
    def change_password(self, password_hash: str, actor: str, reason: str = "") -> None:
        self.password_hash = password_hash

    @event(SignedOut)
    def sign_out(self, session_hash: str, actor: str, reason: str = "") -> None:
        """The session stops working everywhere, also through a copy of its cookie."""

    @event(BodiesAssigned)
    def assign_bodies(self, bodies: list[str], actor: str, reason: str = "") -> None:
        """The bodies a reporter reports for (the caller checks they exist)."""
        self.bodies = list(bodies)

    @event(EmailSet)
    def set_email(self, email: str, actor: str, reason: str = "") -> None:
        """Where reminders go; empty: none."""
        self.email = email

    @event(IdentityLinked)
    def link_identity(self, issuer: str, subject: str, actor: str, reason: str = "") -> None:
        """The person signs in as this user through an identity provider (OpenID Connect):
        `issuer` says which, `subject` (its `sub` claim) who there."""
        self.issuer = issuer
        self.subject = subject
