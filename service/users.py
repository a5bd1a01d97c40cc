"""Use cases on users and their API tokens. Secrets are only ever stored hashed."""

import hashlib
import re
import secrets
import time
from collections.abc import Sequence

from werkzeug.security import check_password_hash, generate_password_hash

from domain.errors import N_, ConflictError, DuplicateKeyError, InvalidValueError, UserNotFoundError
from domain.fields import USER, check
from domain.user import Role, User, user_id
from projections.records import UserRecord
from service.store import NO_USER, EventStore

TOKEN_PREFIX = "skt_"
MIN_PASSWORD_LENGTH = 10
TOKEN_STALENESS = 0.1  # seconds


def role_named(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidValueError(N_("%(role)r is not a role: use %(roles)s"), "role", role=role,
                                roles=allowed) from None


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def check_email(email: str) -> None:
    """An address to send reminders to, or "" for none."""
    if email:
        check(USER, "email", email)
        if not EMAIL.fullmatch(email):
            raise InvalidValueError(N_("%(email)r is not an e-mail address"), "email", email=email)


def token_hash(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is safe; passwords get scrypt.
    return hashlib.sha256(token.encode()).hexdigest()

__all__ = ["UserRecord", "Users", "role_named", "token_hash"]


class Users:
    """Users, roles and tokens."""

    password_method = "scrypt"  # werkzeug's default; tests may pick a cheaper one

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def add(self, name: str, role: str, password: str, actor: str,
            bodies: Sequence[str] = (), email: str = "") -> UserRecord:
        """A user; a reporter with the bodies it reports for (at least one), anyone with an
        e-mail address for reminders."""
        user_role = role_named(role)
        password_hash = self._password_hash(password)
        self.check_bodies(user_role, list(bodies))
        check_email(email)

        def attempt() -> list[User]:
            if self.store.exists(user_id(name)):
                raise DuplicateKeyError(N_("there is already a user %(name)r"), "name", name=name)
            user = User.add(name, user_role, password_hash, actor)
            if bodies:
                user.assign_bodies(list(bodies), actor)
            if email:
                user.set_email(email, actor)
            return [user]

        self.store.save_with_retries(attempt)
        return self.get(name)

    def create_token(self, name: str, actor: str) -> str:
        """A new API token for the user; only its hash is stored, so it is shown once."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)

        def attempt() -> list[User]:
            user = self.store.user(name)
            user.issue_token(token_hash(token), actor)
            return [user]

        self.store.save_with_retries(attempt)
        return token

    def change_role(self, name: str, role: str, actor: str, reason: str = "") -> UserRecord:
        """Give the user another role; the last administrator keeps theirs."""
        new_role = role_named(role)

        def attempt() -> list[User]:
            user = self.store.user(name)
            if user.role is new_role:
                return []
            if user.role is Role.ADMIN:
                self._check_not_last_admin(name)
            user.change_role(new_role, actor, reason)
            return [user]

        self.store.save_with_retries(attempt)
        return self.get(name)

    def set_bodies(self, name: str, bodies: Sequence[str], actor: str,
                   reason: str = "") -> UserRecord:
        def attempt() -> list[User]:
            user = self.store.user(name)
            self.check_bodies(user.role, list(bodies))
            if list(user.bodies) == list(bodies):
                return []
            user.assign_bodies(list(bodies), actor, reason)
            return [user]

        self.store.save_with_retries(attempt)
        return self.get(name)

    def set_email(self, name: str, email: str, actor: str, reason: str = "") -> UserRecord:
        check_email(email)

        def attempt() -> list[User]:
            user = self.store.user(name)
            if user.email == email:
                return []
            user.set_email(email, actor, reason)
            return [user]

        self.store.save_with_retries(attempt)
        return self.get(name)

    def check_bodies(self, role: Role, bodies: list[str]) -> None:
        check(USER, "bodies", bodies)
        if role is Role.REPORTER and not bodies:
            raise InvalidValueError(N_("a reporter reports for at least one body: name it with "
                                    "--body"), "bodies")
        known = set(self.store.catch_up().bodies)
        for index, body in enumerate(bodies):
            if body not in known:
                raise InvalidValueError(N_("there is no body %(body)r"), f"bodies.{index}",
                                        body=body)

    def revoke_tokens(self, name: str, actor: str, reason: str = "") -> None:
        """Every API token of the user stops working: here at once, elsewhere within
        `TOKEN_STALENESS`; so do the sessions they began in the browser before."""
        def attempt() -> list[User]:
            user = self.store.user(name)
            user.revoke_tokens(actor, reason)
            return [user]

        self.store.save_with_retries(attempt)
        self.store.catch_up()  # this process refuses the tokens from now on

    def set_password(self, name: str, password: str, actor: str) -> None:
        """A new password; every session the user began before it ends."""
        password_hash = self._password_hash(password)

        def attempt() -> list[User]:
            user = self.store.user(name)
            user.change_password(password_hash, actor)
            return [user]

        self.store.save_with_retries(attempt)
        self.store.catch_up()  # this process refuses the old sessions from now on

    def for_token(self, token: str) -> UserRecord | None:
        """The token's user, as the log says at most `TOKEN_STALENESS` seconds ago.

        A revocation or change of role through another process counts within that time;
        a process serving many requests catches up on reads anyway, so a write need not
        pay for a look at the log of its own.
        """
        digest, state = token_hash(token), self.store.state
        if (digest not in state.token_owners
                or time.monotonic() - self.store.caught_up_at > TOKEN_STALENESS):
            state = self.store.catch_up()
        name = state.token_owners.get(digest)
        return state.users.get(name) if name else None

    def for_password(self, name: str, password: str) -> UserRecord | None:
        user = self.store.catch_up().users.get(name)
        if user is None or not user.password_hash:  # none, or one who signs in elsewhere
            check_password_hash(_DUMMY_HASH, password)  # same cost: no user enumeration
            return None
        return user if check_password_hash(user.password_hash, password) else None

    def get(self, name: str) -> UserRecord:
        users = self.store.catch_up().users
        if name not in users:
            raise UserNotFoundError(NO_USER, "name", name=name)
        return users[name]

    def list(self) -> list[UserRecord]:
        return sorted(self.store.catch_up().users.values(), key=lambda user: user.name)

    def find(self, name: str) -> UserRecord | None:
        """The user, or None if there is none by that name."""
        return self.store.catch_up().users.get(name)

    def _password_hash(self, password: str) -> str:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidValueError(
                N_("the password must have at least %(least)s characters"), "password",
                least=MIN_PASSWORD_LENGTH)
        return generate_password_hash(password, method=self.password_method)

    def _check_not_last_admin(self, name: str) -> None:
        others = [u for u in self.store.catch_up().users.values()
                  if u.role is Role.ADMIN and u.name != name]
        if not others:
            raise ConflictError(N_("%(name)r is the last administrator; make someone else "
                                   "administrator first"), "role", name=name)


_DUMMY_HASH = generate_password_hash("not a real password")
