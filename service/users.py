"""Use cases on users and their API tokens. Secrets are only ever stored hashed."""

import hashlib
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from domain.errors import DuplicateKeyError, InvalidValueError, UserNotFoundError
from domain.user import Role, User, user_id
from projections.records import UserRecord
from service.base import StrategikartaBase

TOKEN_PREFIX = "skt_"
MIN_PASSWORD_LENGTH = 10


def token_hash(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is safe; passwords get scrypt.
    return hashlib.sha256(token.encode()).hexdigest()


class UserUseCases(StrategikartaBase):
    """Users, roles and tokens."""

    password_method = "scrypt"  # werkzeug's default; tests may pick a cheaper one

    def add_user(self, name: str, role: str, password: str, actor: str) -> UserRecord:
        try:
            user_role = Role(role)
        except ValueError:
            allowed = ", ".join(r.value for r in Role)
            raise InvalidValueError(f"{role!r} is not a role: use {allowed}", "role") from None
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidValueError(
                f"the password must have at least {MIN_PASSWORD_LENGTH} characters", "password")
        password_hash = generate_password_hash(password, method=self.password_method)

        def attempt() -> list[User]:
            if self._exists(user_id(name)):
                raise DuplicateKeyError(f"there is already a user {name!r}", "name")
            return [User.add(name, user_role, password_hash, actor)]

        self._save_with_retries(attempt)
        return self.get_user(name)

    def create_token(self, name: str, actor: str) -> str:
        """A new API token for the user; only its hash is stored, so it is shown once."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)

        def attempt() -> list[User]:
            user = self._user(name)
            user.issue_token(token_hash(token), actor)
            return [user]

        self._save_with_retries(attempt)
        return token

    def user_for_token(self, token: str) -> UserRecord | None:
        # Tokens and roles are only ever added, so a token already known needs no catch-up;
        # the use case that follows catches up before it reads anything else.
        digest = token_hash(token)
        if digest not in self.state.token_owners:
            self.catch_up()
        with self.state.lock:
            name = self.state.token_owners.get(digest)
            return self.state.users.get(name) if name else None

    def user_for_password(self, name: str, password: str) -> UserRecord | None:
        state = self.catch_up()
        with state.lock:
            user = state.users.get(name)
        if user is None:
            check_password_hash(_DUMMY_HASH, password)  # same cost: no user enumeration
            return None
        return user if check_password_hash(user.password_hash, password) else None

    def get_user(self, name: str) -> UserRecord:
        state = self.catch_up()
        with state.lock:
            if name not in state.users:
                raise UserNotFoundError(f"there is no user {name!r}", "name")
            return state.users[name]

    def _user(self, name: str) -> User:
        if not self._exists(user_id(name)):
            raise UserNotFoundError(f"there is no user {name!r}", "name")
        return self._get(user_id(name))


_DUMMY_HASH = generate_password_hash("not a real password")
