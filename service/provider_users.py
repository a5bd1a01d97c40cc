"""People who sign in with the region's identity provider (OpenID Connect): made users, and
kept in the role its claims give, by what they sign in with.

The provider's account (`iss` and `sub`) is linked to the user when it is made; later sign-ins
find the user by that link, never by name, so a local user, or another account at the
provider that would get the same name, is never taken over. A user made this way has no
password: it signs in only through the provider, unless an administrator gives it one.
A local user becomes one who signs in through the provider only by an administrator's word
(`link`), given for the account's `sub`, which the refused sign-in shows its person.
"""

import unicodedata
from collections.abc import Mapping

from domain.errors import N_, ConflictError, ForbiddenError, InvalidValueError
from domain.fields import USER, check
from domain.user import Role, User, user_id
from domain.values import key_problem
from service.role_mapping import RoleMapping
from service.store import EventStore
from service.users import EMAIL, UserRecord, Users

IDENTITY_PROVIDER = "oidc"  # the actor of what a sign-in through the provider records
NO_ROLE = N_("Your account at the region gives you no role in Strategikarta: ask an "
             "administrator for access.")
NAME_OF_A_LOCAL_USER = N_("There is already a user %(name)r who does not sign in with the "
                          "region's account. If it is you, ask an administrator to link it to "
                          "your account at the region (account id: %(subject)s); meanwhile, "
                          "sign in with a password.")
NAME_OF_ANOTHER_ACCOUNT = N_("There is already a user %(name)r, who signs in with another "
                             "account at the region: ask an administrator.")
ACCOUNT_IN_USE = N_("The region's account %(subject)r already signs in as %(other)r: nothing "
                    "was changed")
LINKED_TO_ANOTHER = N_("%(name)r already signs in with the region's account %(subject)r: "
                       "nothing was changed (replace that link to change it)")
LINKED_BY_AN_ADMINISTRATOR = "linked by an administrator"


def user_name(claims: Mapping[str, object], name_claim: str) -> str:
    """The user name for a first sign-in: the claim (an address's part before the @), without
    accents (å → a), so `Åsa.Öberg@region.se` becomes `Asa.Oberg`."""
    value = claims.get(name_claim)
    text = value.partition("@")[0] if isinstance(value, str) else ""
    name = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    if key_problem(name):
        raise InvalidValueError(N_("The region's account gives no user name that Strategikarta "
                                   "can use (%(claim)s: %(value)r): ask an administrator."),
                                "name", claim=name_claim, value=value)
    return name


def email_of(claims: Mapping[str, object]) -> str:
    """The account's e-mail address for reminders, if it gives a usable, not unverified one."""
    email = claims.get("email")
    usable = (isinstance(email, str) and len(email) <= 254 and EMAIL.fullmatch(email)
              and claims.get("email_verified") is not False)
    return email if usable and isinstance(email, str) else ""


class ProviderUsers:
    """Users who sign in with the region's identity provider."""

    def __init__(self, store: EventStore, users: Users) -> None:
        self.store = store
        self.users = users

    def linked(self, issuer: str, subject: str) -> UserRecord | None:
        """The user signing in as the provider's account `subject`, if there is one."""
        return next((user for user in self.store.catch_up().users.values()
                     if user.subject == subject and user.issuer == issuer), None)

    def sign_in(self, issuer: str, claims: Mapping[str, object], roles: RoleMapping,
                name_claim: str) -> UserRecord:
        """The user the provider vouches for: made at the first sign-in; its role (a reporter's
        bodies too) and e-mail address brought in line with the claims at every one. Nothing
        is recorded when refused: no mapped role (ForbiddenError), a name in use by another
        user (ConflictError) or none usable (InvalidValueError)."""
        subject = str(claims["sub"])
        grant = roles.grant(claims)
        if grant is None:
            raise ForbiddenError(NO_ROLE, "role")
        self.users.check_bodies(grant.role, list(grant.bodies))
        reason = f"{roles.claim} at {issuer}: {', '.join(roles.matched(claims))}"
        email = email_of(claims)

        def attempt() -> list[User]:
            found = self.linked(issuer, subject)
            if found is None:
                name = user_name(claims, name_claim)
                if self.store.exists(user_id(name)):
                    taken = self.store.user(name).subject
                    raise ConflictError(NAME_OF_ANOTHER_ACCOUNT if taken else
                                        NAME_OF_A_LOCAL_USER, "name", name=name, subject=subject)
                user = User.add(name, grant.role, "", IDENTITY_PROVIDER)
                user.link_identity(issuer, subject, IDENTITY_PROVIDER, reason)
            else:
                user = self.store.user(found.name)
                if user.role is not grant.role:
                    # The provider decides, even for the last administrator: a person it no
                    # longer counts as one is not one here (`strategikarta user add` makes one).
                    user.change_role(grant.role, IDENTITY_PROVIDER, reason)
            if grant.role is Role.REPORTER and list(user.bodies) != list(grant.bodies):
                user.assign_bodies(list(grant.bodies), IDENTITY_PROVIDER, reason)
            if email and user.email != email:
                user.set_email(email, IDENTITY_PROVIDER, reason)
            return [user] if user.pending_events else []

        self.store.save_with_retries(attempt)
        found = self.linked(issuer, subject)
        assert found is not None  # just saved, or already there
        return found

    def link(self, name: str, issuer: str, subject: str, actor: str, replace: bool = False,
             drop_password: bool = False) -> UserRecord:
        """An administrator's word that the provider's account `subject` at `issuer` is the
        person of user `name`, who then signs in as that user, in the role its claims give at
        every sign-in. Refused (ConflictError) if the account already signs in as another
        user, or the user as another account unless `replace`. `drop_password`: the password
        stops working, and every session begun before ends."""
        check(USER, "issuer", issuer)
        check(USER, "subject", subject)

        def attempt() -> list[User]:
            user = self.store.user(name)
            other = self.linked(issuer, subject)
            if other is not None and other.name != name:
                raise ConflictError(ACCOUNT_IN_USE, "subject", subject=subject, other=other.name)
            if (user.issuer, user.subject) != (issuer, subject):
                if user.subject and not replace:
                    raise ConflictError(LINKED_TO_ANOTHER, "replace", name=name,
                                        subject=user.subject)
                user.link_identity(issuer, subject, actor, LINKED_BY_AN_ADMINISTRATOR)
            if drop_password and user.password_hash:
                user.change_password("", actor, LINKED_BY_AN_ADMINISTRATOR)
            return [user] if user.pending_events else []

        self.store.save_with_retries(attempt)
        self.store.catch_up()  # this process refuses the ended sessions from now on
        return self.users.get(name)
