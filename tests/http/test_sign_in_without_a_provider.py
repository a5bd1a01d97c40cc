"""Without STRATEGIKARTA_OIDC_* the site signs in with passwords only: no button, no routes."""

from flask.testing import FlaskClient


def test_without_a_provider_there_is_no_button_and_no_way_through(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert 'name="password"' in page and "regionens konto" not in page
    assert client.get("/auth/oidc/login").status_code == 404
    assert client.get("/auth/oidc/callback?code=x&state=y").status_code == 404
