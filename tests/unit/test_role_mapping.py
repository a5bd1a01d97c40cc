"""STRATEGIKARTA_OIDC_*: which provider, and which of its claims give which role; a mistake
is refused at start-up with the variable's name and what to write."""

import re

import pytest
from click.testing import CliRunner

from domain.user import Role
from service.config import ConfigurationError, OidcSettings, oidc_settings
from service.role_mapping import Grant, RoleMappingError, parse_role_mapping
from web.cli import main

MAPPING = ("groups:strategikarta-admins=admin, strategikarta-planners=planner,"
           "rs-rapportorer=reporter:RS+RUN,pn-rapportorer=reporter:PN,alla=viewer")
ENVIRONMENT = {"STRATEGIKARTA_OIDC_ISSUER": "https://login.region.example/",
               "STRATEGIKARTA_OIDC_CLIENT_ID": "strategikarta",
               "STRATEGIKARTA_OIDC_CLIENT_SECRET": "hemligt",
               "STRATEGIKARTA_OIDC_ROLES": "strategikarta-planners=planner"}


@pytest.mark.parametrize("groups, grant", [
    (["alla"], Grant(Role.VIEWER)),
    (["alla", "strategikarta-planners"], Grant(Role.PLANNER)),
    (["strategikarta-planners", "strategikarta-admins"], Grant(Role.ADMIN)),
    (["rs-rapportorer", "alla"], Grant(Role.REPORTER, ("RS", "RUN"))),
    (["pn-rapportorer", "rs-rapportorer"], Grant(Role.REPORTER, ("PN", "RS", "RUN"))),
    ("strategikarta-admins", Grant(Role.ADMIN)),  # one value, not a list
])
def test_the_highest_role_among_the_groups_is_granted(groups: object, grant: Grant) -> None:
    assert parse_role_mapping(MAPPING).grant({"groups": groups}) == grant


@pytest.mark.parametrize("claims", [{}, {"groups": []}, {"groups": ["andra"]},
                                    {"groups": 17}, {"roles": ["strategikarta-admins"]}])
def test_no_mapped_value_grants_nothing(claims: dict[str, object]) -> None:
    assert parse_role_mapping(MAPPING).grant(claims) is None


def test_the_claim_is_groups_unless_the_mapping_names_another() -> None:
    assert parse_role_mapping("a=admin").claim == "groups"
    mapping = parse_role_mapping("roles:urn:region:strategikarta=planner")
    assert mapping.claim == "roles"
    assert mapping.grant({"roles": ["urn:region:strategikarta"]}) == Grant(Role.PLANNER)


@pytest.mark.parametrize("text, problem", [
    ("", "maps no value"),
    (" , ", "maps no value"),
    ("admins", "'admins' is not value=role"),
    ("=admin", "'=admin' is not value=role"),
    (":a=admin", "the claim before ':' is empty"),
    ("a=boss", "'boss' is not a role: use viewer, reporter:BODY"),
    ("a=reporter", "a reporter reports for at least one body"),
    ("a=planner:RS", "only a reporter has bodies"),
    ("a=reporter:R S", "'R S' in 'reporter:R S' is not a body's key"),
    ("a=reporter:RS+", "'' in 'reporter:RS+' is not a body's key"),
    ("a=admin,a=viewer", "'a' is mapped twice"),
])
def test_a_badly_written_mapping_says_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(RoleMappingError, match=re.escape(problem)):
        parse_role_mapping(text)


DISTINGUISHED = ('{"memberOf": {"CN=Strategikarta Planerare,OU=Grupper,DC=region,DC=se": '
                 '"planner", "CN=RS rapportörer,OU=Grupper,DC=region,DC=se": "reporter:RS+RUN", '
                 '"urn:region:strategikarta:admin": "admin", " a=b, c ": "viewer"}}')


@pytest.mark.parametrize("groups, grant", [
    (["CN=Strategikarta Planerare,OU=Grupper,DC=region,DC=se"], Grant(Role.PLANNER)),
    (["CN=RS rapportörer,OU=Grupper,DC=region,DC=se"], Grant(Role.REPORTER, ("RS", "RUN"))),
    (["urn:region:strategikarta:admin", "CN=Andra,DC=se"], Grant(Role.ADMIN)),
    ([" a=b, c "], Grant(Role.VIEWER)),  # as written, spaces and all
    (["a=b, c"], None),
])
def test_values_with_commas_equals_and_colons_are_mapped_in_json(
        groups: list[str], grant: Grant | None) -> None:
    mapping = parse_role_mapping(DISTINGUISHED)
    assert mapping.claim == "memberOf"
    assert mapping.grant({"memberOf": groups}) == grant


@pytest.mark.parametrize("text, problem", [
    ('{"groups": {"a": "admin",}}', "it is not JSON (Expecting property name enclosed in "
                                    "double quotes at character 26): write {\"groups\""),
    ('{"groups": ["a"]}', "the JSON names one claim and maps its values"),
    ('{"groups": "a=admin"}', "the JSON names one claim and maps its values"),
    ('{"groups": {"a": "admin"}, "roles": {"b": "viewer"}}', "the JSON names one claim"),
    ("{}", "the JSON names one claim"),
    ('{" ": {"a": "admin"}}', "the claim in the JSON is empty"),
    ('{"groups": {}}', "maps no value"),
    ('{"groups": {"": "admin"}}', "an empty value is mapped to 'admin'"),
    ('{"groups": {"a": 3}}', "'a' maps to 3, not to a role: use viewer"),
    ('{"groups": {"a": ["admin"]}}', "'a' maps to [\"admin\"], not to a role"),
    ('{"groups": {"a": "boss"}}', "'boss' is not a role"),
    ('{"groups": {"a": "admin", "a": "viewer"}}', "'a' is mapped twice, to different roles"),
    ("CN=Admins,OU=Grupper,DC=se=admin", "'DC=se=admin' has more than one '=': write a value "
                                         "that holds ',' or '=' in the JSON form"),
])
def test_a_badly_written_json_mapping_says_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(RoleMappingError, match=re.escape(problem)):
        parse_role_mapping(text)


def test_the_settings_are_read_from_the_environment() -> None:
    settings = oidc_settings(ENVIRONMENT)
    assert settings == OidcSettings("https://login.region.example/", "strategikarta", "hemligt",
                                    parse_role_mapping("strategikarta-planners=planner"))
    assert settings.discovery_url == (
        "https://login.region.example/.well-known/openid-configuration")
    assert (settings.scopes, settings.name_claim) == ("openid profile email", "preferred_username")


def test_without_any_variable_there_is_no_provider() -> None:
    assert oidc_settings({"STRATEGIKARTA_DATABASE_URL": "sqlite:///:memory:"}) is None


@pytest.mark.parametrize("changes, problem", [
    ({"STRATEGIKARTA_OIDC_ROLES": "a=boss"}, "STRATEGIKARTA_OIDC_ROLES: 'boss' is not a role"),
    ({"STRATEGIKARTA_OIDC_ROLES": ""}, "STRATEGIKARTA_OIDC_ROLES is not set"),
    ({"STRATEGIKARTA_OIDC_ROLES": '{"groups": {"CN=A,DC=se": "admin"'},
     "STRATEGIKARTA_OIDC_ROLES: it is not JSON"),
    ({"STRATEGIKARTA_OIDC_ROLES": "CN=A,DC=se=admin"},
     "STRATEGIKARTA_OIDC_ROLES: 'DC=se=admin' has more than one '='"),
    ({"STRATEGIKARTA_OIDC_CLIENT_SECRET": " "}, "STRATEGIKARTA_OIDC_CLIENT_SECRET is not set"),
    ({"STRATEGIKARTA_OIDC_ISSUER": ""}, "STRATEGIKARTA_OIDC_ISSUER is not set"),
    ({"STRATEGIKARTA_OIDC_ISSUER": "http://login.region.example"},
     "STRATEGIKARTA_OIDC_ISSUER 'http://login.region.example': use the provider's https://"),
    ({"STRATEGIKARTA_OIDC_SCOPES": "profile email"}, "STRATEGIKARTA_OIDC_SCOPES .* needs 'openid'"),
])
def test_a_bad_configuration_names_the_variable(changes: dict[str, str], problem: str) -> None:
    with pytest.raises(ConfigurationError, match=problem):
        oidc_settings({**ENVIRONMENT, **changes})


def test_http_is_allowed_only_on_this_machine() -> None:
    local = oidc_settings({**ENVIRONMENT, "STRATEGIKARTA_OIDC_ISSUER": "http://127.0.0.1:4000"})
    assert local is not None and local.issuer == "http://127.0.0.1:4000"


def test_serve_refuses_to_start_on_a_bad_configuration_and_names_the_variable(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {**ENVIRONMENT, "STRATEGIKARTA_OIDC_ROLES": "planerare=planner:RS"}.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    assert "STRATEGIKARTA_OIDC_ROLES: 'planner:RS': only a reporter has bodies" in result.output


def test_the_client_secret_is_never_shown() -> None:
    assert "hemligt" not in repr(oidc_settings(ENVIRONMENT))
