"""The read model remembers a signed-out session only as long as its cookie could be used."""

from dataclasses import replace
from datetime import UTC, datetime

from domain.user import SESSION_LIFETIME, Role, User
from projections.read_model import ReadModel

SIGNED_IN = datetime(2026, 6, 15, 8, tzinfo=UTC)


def test_an_ended_session_is_forgotten_once_every_copy_of_its_cookie_has_expired() -> None:
    user = User.add("anna", Role.PLANNER, "hash", actor="admin")
    for session_hash in ("first", "second", "third"):
        user.sign_out(session_hash, actor="anna", reason="signed out")
    events = user.collect_events()
    # Added, then signed out at once, 30 hours later and 48 hours later.
    days = [SIGNED_IN + lifetimes * SESSION_LIFETIME for lifetimes in (0, 0, 2.5, 4)]
    model = ReadModel()
    state = model.fold((position, replace(event, timestamp=at))
                       for position, (event, at) in enumerate(zip(events, days, strict=True), 1))
    record = state.users["anna"]
    # The first sign-out's cookie expired 12 hours after it; kept for twice that (clocks).
    assert set(record.ended_sessions) == {"second", "third"}
    assert record.sessions_valid_from == 0  # signing out ends one session, not all
