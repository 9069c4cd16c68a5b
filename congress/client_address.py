"""The address of the client, as seen through the reverse proxies we trust.

Behind a proxy REMOTE_ADDR is the proxy's address: throttling logins by it would lock everyone
out together, and the login log would show one address for all. A proxy appends the address it
received the request from to X-Forwarded-For, so the header is read only when REMOTE_ADDR is a
proxy in TRUSTED_PROXIES, and from the right: every hop a trusted proxy wrote is believed, the
first untrusted one is the client. Anything left of it the client wrote itself and may have
forged (a spoofed header must not dodge a lockout).

django-axes resolves addresses with this (AXES_CLIENT_IP_CALLABLE), and so does the login log.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _trusted_networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    # Strict=False: "10.0.0.1/8" means the network it lies in, not a configuration error.
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(address: str) -> Address | None:
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def _is_trusted(address: Address) -> bool:
    return any(address in network for network in _trusted_networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request) -> str | None:
    """The rightmost address in REMOTE_ADDR + X-Forwarded-For that is not a trusted proxy.

    A hop that is not an address at all (a proxy passing on garbage) ends the walk: the last
    trusted proxy's address is the best one known then.
    """
    address = request.META.get("REMOTE_ADDR")
    parsed = _parse(address or "")
    if parsed is None or not _is_trusted(parsed):
        return address
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        parsed = _parse(hop)
        if parsed is None:
            break
        address = str(parsed)
        if not _is_trusted(parsed):
            break
    return address
