"""Without STRATEGIKARTA_OIDC_* the site signs in with passwords only: no button, no routes."""

import re

from flask.testing import FlaskClient

from tests.conftest import Auth
from tests.http.test_pages import CSRF_FIELD


def test_without_a_provider_there_is_no_button_and_no_way_through(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert 'name="password"' in page and "regionens konto" not in page
    assert client.get("/auth/oidc/login").status_code == 404
    assert client.get("/auth/oidc/callback?code=x&state=y").status_code == 404


def test_without_a_provider_no_user_is_offered_a_link(client: FlaskClient, auth: Auth) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(CSRF_FIELD, page)
    assert token is not None
    client.post("/login", data={"name": "admin-user", "password": "lösenord-admin",
                                "csrf_token": token.group(1)})
    users = client.get("/admin/").get_data(as_text=True)
    assert "Användare" in users and "regionens konto" not in users
    assert client.post("/admin/users/link", data={
        "l0-name": "viewer-user", "l0-subject": "x",
        "l0-csrf_token": token.group(1)}).status_code == 404
