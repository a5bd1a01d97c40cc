"""People the region's identity provider vouches for become users with the role their claims
map to, kept in line at every sign-in, recorded as the provider's doing."""

from typing import Any

import pytest

from domain.errors import ConflictError, ForbiddenError, InvalidValueError, UserNotFoundError
from domain.user import Role, user_id
from service.application import Strategikarta
from service.provider_users import IDENTITY_PROVIDER, LINKED_BY_AN_ADMINISTRATOR
from service.role_mapping import parse_role_mapping

ISSUER = "https://login.region.example"
ROLES = parse_role_mapping("groups:sk-admins=admin,sk-planners=planner,sk-viewers=viewer,"
                           "rs-rapportorer=reporter:RS,pn-rapportorer=reporter:PN")


def claims(sub: str = "a1b2", username: str = "anna.berg@region.example",
           groups: tuple[str, ...] = ("sk-planners",), **more: Any) -> dict[str, Any]:
    return {"sub": sub, "preferred_username": username, "groups": list(groups), **more}


def sign_in(service: Strategikarta, given: dict[str, Any]) -> Any:
    return service.provider_users.sign_in(ISSUER, given, ROLES, "preferred_username")


def recorded(service: Strategikarta, name: str) -> list[tuple[str, str, str]]:
    """The user's events: their kind, who recorded them and why."""
    return [(type(e).__name__, e.actor, e.reason)  # type: ignore[attr-defined]
            for e in service.store.repository.event_store.get(user_id(name))]


def test_a_first_sign_in_makes_a_user_linked_to_the_account_with_its_role(
        service: Strategikarta) -> None:
    user = sign_in(service, claims(email="anna.berg@region.example", email_verified=True))
    assert (user.name, user.role, user.issuer, user.subject, user.email, user.password_hash) == (
        "anna.berg", Role.PLANNER, ISSUER, "a1b2", "anna.berg@region.example", "")
    why = f"groups at {ISSUER}: sk-planners"
    assert recorded(service, "anna.berg") == [
        ("UserAdded", IDENTITY_PROVIDER, ""), ("IdentityLinked", IDENTITY_PROVIDER, why),
        ("EmailSet", IDENTITY_PROVIDER, why)]


def test_a_changed_group_changes_the_role_and_says_why(memory_service: Strategikarta) -> None:
    sign_in(memory_service, claims())
    assert sign_in(memory_service, claims()).version == 2  # nothing new to record
    user = sign_in(memory_service, claims(groups=("sk-admins", "sk-planners")))
    assert user.role is Role.ADMIN
    assert recorded(memory_service, "anna.berg")[-1] == (
        "RoleChanged", IDENTITY_PROVIDER, f"groups at {ISSUER}: sk-admins, sk-planners")


def test_the_provider_decides_even_for_the_last_administrator(
        memory_service: Strategikarta) -> None:
    sign_in(memory_service, claims(groups=("sk-admins",)))
    assert sign_in(memory_service, claims(groups=("sk-viewers",))).role is Role.VIEWER


def test_the_user_is_found_by_its_account_not_by_a_changed_name(
        memory_service: Strategikarta) -> None:
    sign_in(memory_service, claims())
    again = sign_in(memory_service, claims(username="anna.lind@region.example"))
    assert again.name == "anna.berg" and memory_service.users.find("anna.lind") is None


def test_no_mapped_group_is_refused_and_nothing_recorded(memory_service: Strategikarta) -> None:
    before = memory_service.store.catch_up().position
    with pytest.raises(ForbiddenError, match="gives you no role"):
        sign_in(memory_service, claims(groups=("alla-anstallda",)))
    assert memory_service.users.find("anna.berg") is None
    assert memory_service.store.catch_up().position == before


def test_a_local_user_of_that_name_is_never_taken_over(memory_service: Strategikarta) -> None:
    memory_service.users.add("anna.berg", "viewer", "ett-långt-lösenord", actor="admin")
    with pytest.raises(ConflictError, match="already a user 'anna.berg'") as refused:
        sign_in(memory_service, claims(groups=("sk-admins",)))
    assert "link it to your account at the region (account id: a1b2)" in str(refused.value)
    assert memory_service.users.get("anna.berg").role is Role.VIEWER


def test_an_administrator_links_a_local_user_and_its_person_then_signs_in_as_it(
        service: Strategikarta) -> None:
    service.users.add("anna", "viewer", "ett-långt-lösenord", actor="admin")
    linked = service.provider_users.link("anna", ISSUER, "a1b2", actor="admin")
    assert (linked.issuer, linked.subject) == (ISSUER, "a1b2")
    user = sign_in(service, claims(groups=("sk-admins",)))  # named anna.berg there: found by sub
    assert (user.name, user.role) == ("anna", Role.ADMIN)
    assert service.users.find("anna.berg") is None
    assert recorded(service, "anna")[1:] == [
        ("IdentityLinked", "admin", LINKED_BY_AN_ADMINISTRATOR),
        ("RoleChanged", IDENTITY_PROVIDER, f"groups at {ISSUER}: sk-admins")]
    assert service.sessions.begin("anna", "ett-långt-lösenord") is not None  # kept


def test_a_link_may_take_the_password_away_ending_its_sessions(
        memory_service: Strategikarta) -> None:
    memory_service.users.add("anna", "viewer", "ett-långt-lösenord", actor="admin")
    session = memory_service.sessions.begin("anna", "ett-långt-lösenord")
    assert session is not None
    memory_service.provider_users.link("anna", ISSUER, "a1b2", actor="admin",
                                       drop_password=True)
    assert memory_service.sessions.begin("anna", "ett-långt-lösenord") is None
    assert memory_service.sessions.resume(session.session) is None
    assert sign_in(memory_service, claims()).name == "anna"


def test_linking_again_to_the_same_account_records_nothing(
        memory_service: Strategikarta) -> None:
    memory_service.users.add("anna", "viewer", "ett-långt-lösenord", actor="admin")
    first = memory_service.provider_users.link("anna", ISSUER, "a1b2", actor="admin")
    assert memory_service.provider_users.link("anna", ISSUER, "a1b2", actor="eva") == first


def test_an_account_signs_in_as_one_user_only(memory_service: Strategikarta) -> None:
    sign_in(memory_service, claims())  # made anna.berg, linked to a1b2
    memory_service.users.add("anna", "viewer", "ett-långt-lösenord", actor="admin")
    with pytest.raises(ConflictError, match="'a1b2' already signs in as 'anna.berg'"):
        memory_service.provider_users.link("anna", ISSUER, "a1b2", actor="admin")
    assert memory_service.users.get("anna").subject == ""


def test_a_user_linked_to_another_account_is_moved_only_when_asked(
        memory_service: Strategikarta) -> None:
    memory_service.users.add("anna", "viewer", "ett-långt-lösenord", actor="admin")
    memory_service.provider_users.link("anna", ISSUER, "fel-konto", actor="admin")
    with pytest.raises(ConflictError, match="'anna' already signs in .* 'fel-konto'") as refused:
        memory_service.provider_users.link("anna", ISSUER, "a1b2", actor="admin")
    assert refused.value.field == "replace"
    moved = memory_service.provider_users.link("anna", ISSUER, "a1b2", actor="admin",
                                               replace=True)
    assert moved.subject == "a1b2" and sign_in(memory_service, claims()).name == "anna"


@pytest.mark.parametrize("name, subject, error", [
    ("anna", "", InvalidValueError), ("anna", "x" * 256, InvalidValueError),
    ("anna", "två\nrader", InvalidValueError), ("okänd", "a1b2", UserNotFoundError)])
def test_a_link_to_no_usable_account_or_user_is_refused(
        memory_service: Strategikarta, name: str, subject: str, error: type[Exception]) -> None:
    memory_service.users.add("anna", "viewer", "ett-långt-lösenord", actor="admin")
    with pytest.raises(error):
        memory_service.provider_users.link(name, ISSUER, subject, actor="admin")
    assert memory_service.users.get("anna").subject == ""



def test_a_second_account_that_would_get_a_taken_name_is_refused(
        memory_service: Strategikarta) -> None:
    sign_in(memory_service, claims(sub="a1b2", username="anna.berg@region.example"))
    with pytest.raises(ConflictError, match="already a user 'anna.berg', who signs in with "
                                            "another account at the region"):
        sign_in(memory_service, claims(sub="c3d4", username="anna.berg@kommun.example"))


def test_a_name_is_made_of_the_claim_without_domain_or_accents(
        memory_service: Strategikarta) -> None:
    assert sign_in(memory_service, claims(username="Åsa.Öberg@region.example")).name == "Asa.Oberg"
    with pytest.raises(InvalidValueError, match="no user name"):
        sign_in(memory_service, claims(sub="x", username="två ord"))


def test_a_reporter_gets_the_bodies_its_groups_map_to(memory_service: Strategikarta) -> None:
    for key, name in (("RS", "Regionstyrelsen"), ("PN", "Patientnämnden")):
        memory_service.bodies.add(key, name, "board", actor="admin")
    user = sign_in(memory_service, claims(groups=("rs-rapportorer",)))
    assert (user.role, user.bodies) == (Role.REPORTER, ("RS",))
    moved = sign_in(memory_service, claims(groups=("pn-rapportorer", "rs-rapportorer")))
    assert moved.bodies == ("PN", "RS")


def test_a_mapping_to_a_body_that_does_not_exist_is_refused(
        memory_service: Strategikarta) -> None:
    with pytest.raises(InvalidValueError, match="there is no body 'RS'"):
        sign_in(memory_service, claims(groups=("rs-rapportorer",)))
    assert memory_service.users.find("anna.berg") is None


def test_an_unverified_address_is_not_taken(memory_service: Strategikarta) -> None:
    user = sign_in(memory_service, claims(email="anna@region.example", email_verified=False))
    assert user.email == ""


def test_a_user_made_by_the_provider_has_no_password_until_an_administrator_sets_one(
        memory_service: Strategikarta) -> None:
    sign_in(memory_service, claims())
    assert memory_service.sessions.begin("anna.berg", "") is None
    memory_service.users.set_password("anna.berg", "ett-långt-lösenord", actor="admin")
    assert memory_service.sessions.begin("anna.berg", "ett-långt-lösenord") is not None
