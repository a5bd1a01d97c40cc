"""The signed-in person, as Flask-Login sees them: a session the log still honours."""

from flask import session
from flask_login import UserMixin

from domain.user import Role
from service.users import UserRecord
from web.pages.extensions import login_manager
from web.service_access import service


class SessionUser(UserMixin):
    """A user record with what Flask-Login needs; `id` is the name, the session its own."""

    def __init__(self, record: UserRecord, session_key: str) -> None:
        self.record = record
        self.id = record.name
        self.session_key = session_key

    def get_id(self) -> str:
        """What Flask-Login keeps in the signed cookie: the session, not just the name."""
        return self.session_key

    @property
    def may_write(self) -> bool:
        return self.record.role.may_write_plans

    @property
    def may_read_history(self) -> bool:
        return self.record.role.may_read_history

    @property
    def may_manage_users(self) -> bool:
        return self.record.role.may_manage_users

    @property
    def is_reporter(self) -> bool:
        return self.record.role is Role.REPORTER


@login_manager.user_loader
def load_user(session_key: str) -> SessionUser | None:
    record = service().sessions.resume(session_key)
    if record is None:
        # Ended: the cookie sent back no longer names it, so it cannot be renewed either.
        session.pop("_user_id", None)
        session.pop("_fresh", None)
        return None
    return SessionUser(record, session_key)
