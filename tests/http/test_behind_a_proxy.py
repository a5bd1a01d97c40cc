"""Behind a reverse proxy (STRATEGIKARTA_TRUSTED_PROXIES=1) the sign-in limit counts each
client's forwarded address; without one, a forwarded address is not believed."""

from flask.testing import FlaskClient

from service.application import Strategikarta
from web import create_app


def failed_sign_ins(client: FlaskClient, count: int, remote: str, forwarded: str) -> list[int]:
    return [client.post("/login", data={"name": "ingen", "password": "fel-lösenord"},
                        environ_base={"REMOTE_ADDR": remote},
                        headers={"X-Forwarded-For": forwarded}).status_code for _ in range(count)]


def proxied_app(memory_service: Strategikarta, proxies: int) -> FlaskClient:
    return create_app({"TESTING": True, "SERVICE": memory_service, "WTF_CSRF_ENABLED": False,
                       "TRUSTED_PROXIES": proxies}).test_client()


def test_behind_a_proxy_each_client_has_its_own_sign_in_limit(memory_service: Strategikarta) -> None:
    client = proxied_app(memory_service, proxies=1)
    assert failed_sign_ins(client, 11, "10.9.0.1", "198.51.100.1")[-1] == 429
    assert failed_sign_ins(client, 1, "10.9.0.1", "198.51.100.2") == [401]


def test_without_a_proxy_a_forwarded_address_is_not_believed(memory_service: Strategikarta) -> None:
    client = proxied_app(memory_service, proxies=0)
    assert failed_sign_ins(client, 11, "203.0.113.9", "198.51.100.3")[-1] == 429
    assert failed_sign_ins(client, 1, "203.0.113.9", "198.51.100.4") == [429]
