"""congress.client_address: the client behind trusted proxies, through the WSGI environ."""

import pytest
from django.test import RequestFactory

from congress.client_address import client_address

PROXY, OFFICE = "10.0.0.2", "203.0.113.7"


@pytest.fixture(autouse=True)
def trusted(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8::/32"]


def address(remote: str, forwarded: str | None = None) -> str | None:
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_without_a_proxy_the_header_is_ignored():
    assert address(OFFICE, "1.2.3.4") == OFFICE


def test_an_address_just_outside_the_trusted_network_is_not_a_proxy():
    assert address("10.0.1.2", "1.2.3.4") == "10.0.1.2"


def test_through_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client():
    assert address(PROXY, f"1.2.3.4, {OFFICE}") == OFFICE
    assert address(PROXY, f"1.2.3.4, {OFFICE}, 10.0.0.9") == OFFICE  # two proxies of ours
    assert address("2001:db8::1", "2001:db9::5") == "2001:db9::5"


def test_a_trusted_proxy_without_the_header_is_the_client():
    assert address(PROXY) == PROXY


def test_when_every_hop_is_trusted_the_leftmost_is_the_client():
    assert address(PROXY, "10.0.0.5, 10.0.0.9") == "10.0.0.5"


def test_a_hop_that_is_no_address_ends_the_walk_at_the_last_trusted_one():
    assert address(PROXY, f"{OFFICE}, not-an-address") == PROXY
    assert address(PROXY, "10.0.0.9, 1.2.3.4\n") == "1.2.3.4"


def test_no_proxy_is_trusted_by_default(settings):
    settings.TRUSTED_PROXIES = []
    assert address(PROXY, OFFICE) == PROXY
