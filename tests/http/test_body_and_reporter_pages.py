"""Bodies and reporters on the pages: planners and administrators add bodies; administrators
give a reporter its bodies and anyone an e-mail address; the messages at their fields."""

from flask import Flask

from service.application import Strategikarta
from tests.http.test_pages import csrf, signed_in
from tests.http.test_pages import site as site  # noqa: F401  (the demo site fixture)


def test_a_planner_adds_a_body_and_a_duplicate_gets_its_message_at_the_key(
        site: Flask, memory_service: Strategikarta) -> None:  # noqa: F811
    client = signed_in(site, "planner")
    body = {"key": "PN", "name": "Patientnämnden", "kind": "committee"}
    response = client.post("/bodies", data={**body, "csrf_token": csrf(client, "/bodies")})
    assert response.status_code == 302
    page = client.get("/bodies").data.decode()
    assert "Patientnämnden" in page and "<td>Nämnd</td>" in page
    again = client.post("/bodies", data={**body, "csrf_token": csrf(client, "/bodies")})
    assert again.status_code == 422 and 'id="key-error"' in again.data.decode()
    assert [b.key for b in memory_service.bodies.all()] == ["PN"]


def test_viewers_may_not_keep_bodies(site: Flask) -> None:  # noqa: F811
    client = signed_in(site, "viewer")
    assert client.get("/bodies").status_code == 403
    assert client.post("/bodies", data={"key": "X", "name": "X", "kind": "board",
                                        "csrf_token": csrf(client, "/")}).status_code == 403


def test_an_administrator_adds_a_reporter_with_bodies_and_an_address(
        site: Flask, memory_service: Strategikarta) -> None:  # noqa: F811
    memory_service.bodies.add("PN", "Patientnämnden", "committee", actor="test-setup")
    client = signed_in(site, "admin")
    page = client.get("/admin/").data.decode()
    assert 'type="checkbox" value="PN"' in page and "E-postadress" in page
    user = {"name": "pn-rapportor", "role": "reporter", "password": "lösenord-123"}
    bodiless = client.post("/admin/users", data={**user, "csrf_token": csrf(client, "/admin/")})
    assert bodiless.status_code == 422 and 'id="bodies-error"' in bodiless.data.decode()
    bad_address = client.post("/admin/users", data={
        **user, "bodies": "PN", "email": "inte en adress", "csrf_token": csrf(client, "/admin/")})
    assert bad_address.status_code == 422 and 'id="email-error"' in bad_address.data.decode()
    assert memory_service.users.find("pn-rapportor") is None
    added = client.post("/admin/users", data={
        **user, "bodies": "PN", "email": "pn@region.invalid",
        "csrf_token": csrf(client, "/admin/")})
    assert added.status_code == 302
    record = memory_service.users.get("pn-rapportor")
    assert (record.bodies, record.email) == (("PN",), "pn@region.invalid")


def test_an_administrator_changes_a_users_bodies_and_address_or_nothing(
        site: Flask, memory_service: Strategikarta) -> None:  # noqa: F811
    memory_service.bodies.add("PN", "Patientnämnden", "committee", actor="test-setup")
    client = signed_in(site, "admin")
    index = [u.name for u in memory_service.users.list()].index("viewer-user")
    prefix = f"u{index}"
    wrong = client.post("/admin/users/reach", data={
        f"{prefix}-name": "viewer-user", f"{prefix}-bodies": "PN", f"{prefix}-email": "fel",
        f"{prefix}-csrf_token": csrf(client, "/admin/")})
    assert wrong.status_code == 422 and f'id="{prefix}-email-error"' in wrong.data.decode()
    assert memory_service.users.get("viewer-user").bodies == ()
    right = client.post("/admin/users/reach", data={
        f"{prefix}-name": "viewer-user", f"{prefix}-bodies": "PN",
        f"{prefix}-email": "v@region.invalid", f"{prefix}-csrf_token": csrf(client, "/admin/")})
    assert right.status_code == 302
    record = memory_service.users.get("viewer-user")
    assert (record.bodies, record.email) == (("PN",), "v@region.invalid")
