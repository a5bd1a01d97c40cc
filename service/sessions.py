"""Signed-in sessions of the pages, ended for good by the log, in every process.

Each sign-in gets a random id, kept only in the signed cookie, with the user's version at
sign-in. Signing out records the id's hash on the user (`SignedOut`), so a copy of the cookie
taken before is refused too; a new password or revoked tokens end every session begun before
them. Every request reads the user from the read model caught up with the log, so a sign-out
through one process counts in all of them at once.
"""

import hashlib
import secrets
from dataclasses import dataclass

from domain.user import User
from service.store import EventStore
from service.users import UserRecord, Users


@dataclass(frozen=True)
class SignedIn:
    """A user just signed in, and their session: the string the cookie keeps."""

    user: UserRecord
    session: str


def session_hash(session_id: str) -> str:
    # 256 random bits, so a fast hash is safe; only the hash is ever recorded.
    return hashlib.sha256(session_id.encode()).hexdigest()


def parts(session: str) -> tuple[str, int, str] | None:
    """(random id, the user's version at sign-in, user name), or None for anything else
    (such as a cookie signed before sessions had ids)."""
    session_id, _, rest = session.partition(".")
    version, _, name = rest.partition(".")
    if not (session_id and name and version.isascii() and version.isdigit()):
        return None
    return session_id, int(version), name


class Sessions:
    """Sign in, find the user of a session still honoured, sign out."""

    def __init__(self, store: EventStore, users: Users) -> None:
        self.store = store
        self.users = users

    def begin(self, name: str, password: str) -> SignedIn | None:
        user = self.users.for_password(name, password)
        return None if user is None else self.open(user)

    def open(self, user: UserRecord) -> SignedIn:
        """A session for a user someone vouched for: its password, or the identity provider."""
        return SignedIn(user, f"{secrets.token_urlsafe(32)}.{user.version}.{user.name}")

    def resume(self, session: str) -> UserRecord | None:
        """The session's user as the log says now, unless the session was ended: signed out,
        or begun before the user's latest new password or revocation."""
        found = parts(session)
        if found is None:
            return None
        session_id, since, name = found
        user = self.users.find(name)
        if (user is None or since < user.sessions_valid_from
                or session_hash(session_id) in user.ended_sessions):
            return None
        return user

    def end(self, session: str, reason: str = "") -> None:
        """Sign out: the session is refused from now on, here and in every other process."""
        found = parts(session)
        if found is None:
            return
        session_id, _, name = found

        def attempt() -> list[User]:
            user = self.store.user(name)
            user.sign_out(session_hash(session_id), actor=name, reason=reason)
            return [user]

        self.store.save_with_retries(attempt)
        self.store.catch_up()
