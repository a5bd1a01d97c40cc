"""Which role the region's identity provider gives a person: its claims mapped to a role.

Written as `[claim:]value=role,value=role,…` (STRATEGIKARTA_OIDC_ROLES), e.g.
`groups:strategikarta-admins=admin,strategikarta-planners=planner,rs-rapportorer=reporter:RS+RUN`.
Without `claim:` the claim is `groups`. A reporter names the bodies it reports for after
`reporter:`, joined with `+`. A person in several mapped groups gets the highest role of them
(admin, planner, auditor, reporter, viewer); a reporter the bodies of all its reporter groups.

Values that hold `,`, `=` or `:` (an LDAP distinguished name, a URN) are written as JSON
instead, the claim naming the values' roles: `{"groups": {"CN=Planerare,OU=Grupper,DC=region,
DC=se": "planner", "urn:region:rs": "reporter:RS"}}`.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from domain.user import Role
from domain.values import key_problem

DEFAULT_CLAIM = "groups"
ROLE_SPELLINGS = "viewer, reporter:BODY[+BODY…], auditor, planner or admin"
RANK = {role: rank for rank, role in enumerate(Role)}  # the enum lists the roles lowest first
JSON_FORM = '{"groups": {"CN=…,DC=…": "admin", …}}'


class RoleMappingError(ValueError):
    """The mapping is written wrong; the message says what and where (no variable name)."""


@dataclass(frozen=True)
class Grant:
    """What the claims give: a role, and for a reporter its bodies."""

    role: Role
    bodies: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleMapping:
    """Claim values and what each grants."""

    claim: str
    grants: Mapping[str, Grant]

    def matched(self, claims: Mapping[str, object]) -> list[str]:
        """The claim's values (a list, or one string) that the mapping names."""
        found = claims.get(self.claim)
        values = [found] if isinstance(found, str) else found if isinstance(found, list) else []
        return [v for v in values if isinstance(v, str) and v in self.grants]

    def grant(self, claims: Mapping[str, object]) -> Grant | None:
        """The highest grant among the matched values; None if none maps."""
        granted = [self.grants[value] for value in self.matched(claims)]
        if not granted:
            return None
        role = max((g.role for g in granted), key=RANK.__getitem__)
        bodies = dict.fromkeys(body for g in granted if g.role is role for body in g.bodies)
        return Grant(role, tuple(bodies))


def parse_role_mapping(text: str) -> RoleMapping:
    """The mapping `text` writes, as JSON or `[claim:]value=role,…`; RoleMappingError saying
    what is wrong otherwise."""
    if text.lstrip().startswith("{"):
        return parse_json_mapping(text)
    claim, entries = DEFAULT_CLAIM, text.strip()
    head = entries.partition("=")[0]
    if ":" in head:
        claim, _, entries = entries.partition(":")
        claim = claim.strip()
        if not claim:
            raise RoleMappingError("the claim before ':' is empty")
    pairs: list[tuple[str, str]] = []
    for entry in (e.strip() for e in entries.split(",")):
        if not entry:
            continue
        value, equals, role_text = (part.strip() for part in entry.partition("="))
        if "=" in role_text:
            raise RoleMappingError(f"{entry!r} has more than one '=': write a value that holds "
                                   f"',' or '=' in the JSON form, {JSON_FORM}")
        if not equals or not value:
            raise RoleMappingError(f"{entry!r} is not value=role")
        pairs.append((value, role_text))
    return RoleMapping(claim, grants_of(pairs))


def parse_json_mapping(text: str) -> RoleMapping:
    """`{"claim": {"value": "role", …}}`: any value, as JSON writes strings."""
    try:  # objects as tuples of their pairs, in order and with any value written twice
        written = json.loads(text, object_pairs_hook=tuple)
    except json.JSONDecodeError as error:
        raise RoleMappingError(f"it is not JSON ({error.msg} at character {error.pos + 1}): "
                               f"write {JSON_FORM}") from None
    if not (isinstance(written, tuple) and len(written) == 1
            and isinstance(written[0][1], tuple)):
        raise RoleMappingError(f"the JSON names one claim and maps its values: {JSON_FORM}")
    claim, pairs = written[0]
    if not claim.strip():
        raise RoleMappingError("the claim in the JSON is empty")
    for value, role in pairs:
        if not isinstance(role, str):
            raise RoleMappingError(f"{value!r} maps to {json.dumps(role)}, not to a role: "
                                   f"use {ROLE_SPELLINGS}")
    return RoleMapping(claim, grants_of(pairs))


def grants_of(pairs: Iterable[tuple[str, str]]) -> dict[str, Grant]:
    """Each value's grant; a value mapped twice is a mistake unless to the same role."""
    grants: dict[str, Grant] = {}
    for value, role_text in pairs:
        if not value:
            raise RoleMappingError(f"an empty value is mapped to {role_text!r}")
        grant = parse_grant(role_text)
        if grants.get(value, grant) != grant:
            raise RoleMappingError(f"{value!r} is mapped twice, to different roles")
        grants[value] = grant
    if not grants:
        raise RoleMappingError("it maps no value to a role: write e.g. "
                               "groups:strategikarta-planners=planner")
    return grants


def parse_grant(text: str) -> Grant:
    name, colon, bodies_text = text.partition(":")
    try:
        role = Role(name.strip())
    except ValueError:
        raise RoleMappingError(f"{text!r} is not a role: use {ROLE_SPELLINGS}") from None
    bodies = tuple(body.strip() for body in bodies_text.split("+")) if colon else ()
    if role is Role.REPORTER and not bodies:
        raise RoleMappingError("a reporter reports for at least one body: write reporter:BODY")
    if role is not Role.REPORTER and colon:
        raise RoleMappingError(f"{text!r}: only a reporter has bodies")
    for body in bodies:
        if key_problem(body):
            raise RoleMappingError(f"{body!r} in {text!r} is not a body's key")
    return Grant(role, bodies)
