"""The address of the client behind the reverse proxy, resolved once per request (AUTH-04).

The proxy of docs/operations.md ("Reverse proxy") appends the address it received the request
from to ``X-Forwarded-For``. Everything to the left of what the trusted proxies wrote came from
the client and can say anything, so the header is read from the right:

- ``TRUSTED_PROXY_COUNT = n``: ``REMOTE_ADDR`` is the last of n proxies and the n-th entry from
  the right of ``X-Forwarded-For`` is the client;
- ``TRUSTED_PROXIES`` (addresses or networks): from ``REMOTE_ADDR`` leftwards, the first
  address that is not a listed proxy is the client. A request whose ``REMOTE_ADDR`` is not a
  listed proxy did not come through it, and its header is ignored.

A missing or too short header, or a malformed entry where the client should be, gives
``REMOTE_ADDR``. django-axes, the access log and the rate limits all use this one answer; the
middleware puts it on ``request.client_address`` and in a context variable, so code without
the request (``current_client_address()``) sees the same.
"""

import ipaddress
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings

_client_address: ContextVar[str | None] = ContextVar("client_address", default=None)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def client_address(request) -> str | None:
    """The client's address for ``request`` (or of the request being served, without one)."""
    if request is None:
        return _client_address.get()
    try:
        return request.client_address
    except AttributeError:
        address = resolve(request.META)
        request.client_address = address
        return address


def current_client_address() -> str | None:
    return _client_address.get()


def set_client_address(value: str | None):
    return _client_address.set(value)


def reset_client_address(token) -> None:
    _client_address.reset(token)


def resolve(meta) -> str | None:
    """The client address from a request's META, as the trusted proxies set it."""
    remote = _parse(meta.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    header = meta.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = header.split(",") if header.strip() else []
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if networks:
        # Step left while the address in hand is a trusted proxy: the first one that is not
        # (or, when all are, the leftmost) is the client.
        client = remote
        for entry in reversed(forwarded):
            if not _trusted(client, networks):
                break
            client = _parse(entry)
            if client is None:
                return str(remote)
        return str(client)
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0 or len(forwarded) < count:
        return str(remote)
    client = _parse(forwarded[-count])
    return str(client if client is not None else remote)


def lockout_address(request) -> str | None:
    """The address django-axes locks: the client's, or for IPv6 its /64 network.

    One IPv6 connection usually has a whole /64 to choose addresses from; locking a single
    address would give an attacker billions of fresh starts.
    """
    address = client_address(request)
    if address is None:
        return None
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return address


def rate_key(address: str | None) -> str:
    """The key rate limits count a client address under (IPv6: its /64 network)."""
    if not address:
        return ""
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return address


def _parse(value: str) -> Address | None:
    """One address as proxies write it (``1.2.3.4``, ``1.2.3.4:5678``, ``[::1]:80``), or None."""
    value = value.strip().strip('"')
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    value = value.partition("%")[0]  # an IPv6 zone names a local interface, not a client
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@lru_cache(maxsize=8)
def _trusted_networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _trusted(address: Address, networks) -> bool:
    return any(address.version == network.version and address in network for network in networks)
