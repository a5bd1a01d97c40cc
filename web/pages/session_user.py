"""The signed-in person, as Flask-Login sees them."""

from flask_login import UserMixin

from service.users import UserRecord
from web.pages.extensions import login_manager
from web.service_access import service


class SessionUser(UserMixin):
    """A user record with what Flask-Login needs."""

    def __init__(self, record: UserRecord) -> None:
        self.record = record
        self.id = record.name

    @property
    def may_write(self) -> bool:
        return self.record.role.may_write_plans

    @property
    def may_read_history(self) -> bool:
        return self.record.role.may_read_history

    @property
    def may_manage_users(self) -> bool:
        return self.record.role.may_manage_users


@login_manager.user_loader
def load_user(name: str) -> SessionUser | None:
    record = service().users.find(name)
    return SessionUser(record) if record else None
