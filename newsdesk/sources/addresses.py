"""Which hosts a polled source may reach: public addresses only, unless the
site allows private ones (``SOURCE_ALLOW_PRIVATE_ADDRESSES``).

Whoever may add a source chooses where the server connects.  Without this
check a "feed" at ``http://127.0.0.1:6379/`` or ``http://169.254.169.254/``
makes the poller a probe of the server's own network, and its error
messages tell open ports from closed ones.  So a host is refused when any
address it resolves to is loopback, private, link-local, reserved,
multicast, unspecified or otherwise not public (an IPv4 address carried in
an IPv6 one is judged as itself).

The connection is then made to an address that was checked, never to the
name again: a DNS answer that changes between the check and the connect
(DNS rebinding) cannot slip a private address in.  :class:`PublicAddressBackend`
does this for each connection httpx opens (redirects included), and the
FTP fetcher connects to :func:`checked_addresses` itself.

No Django imports here.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

import httpcore

#: One ``socket.getaddrinfo`` answer: (family, type, proto, canonname, sockaddr).
AddressInfo = tuple[Any, ...]

#: IPv6 addresses that carry an IPv4 address in their last 32 bits (NAT64).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(Exception):  # noqa: N818 (reads as what happened, like ConnectionRefused)
    """The host is, or resolves to, an address sources may not reach.

    Not an ``OSError``: httpx and ftplib pass it on as it is instead of
    reporting a network failure."""

    def __init__(self, host: str, reason: str) -> None:
        super().__init__(
            f"{host} is {reason}; sources may only reach public addresses (SOURCE_ALLOW_PRIVATE_ADDRESSES)"
        )
        self.host = host


def refusal(address: str) -> str:
    """Why ``address`` (an IP address as text) may not be reached, or ""
    if it is a public address."""
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address)
    except ValueError:
        return "not an address that can be checked"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return refusal(str(embedded))
    for test, reason in (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a public address"),
    ):
        if test:
            return reason
    return ""


def resolve(host: str, port: int) -> list[AddressInfo]:
    """Every TCP address of ``host`` (``socket.gaierror`` if it has none)."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def checked_addresses(host: str, port: int, *, allow_private: bool) -> list[AddressInfo]:
    """The addresses to connect to for ``host``: all of them, each checked
    unless ``allow_private``.  One refused address refuses the host (the
    next resolution could pick it)."""
    addresses = resolve(host, port)
    if not allow_private:
        for info in addresses:
            reason = refusal(info[4][0])
            if reason:
                raise AddressRefused(host, reason)
    return addresses


def check_host(host: str, port: int, *, allow_private: bool) -> None:
    """Raise :class:`AddressRefused` if ``host`` is an address, or a name
    resolving to one, that may not be reached.  A name that does not
    resolve passes: the connection will fail on its own."""
    if allow_private:
        return
    try:
        checked_addresses(host, port, allow_private=False)
    except socket.gaierror:
        pass


def connect(addresses: Iterable[AddressInfo], timeout: float) -> socket.socket:
    """A TCP connection to the first of ``addresses`` that answers (the
    last failure is raised if none does)."""
    failure: OSError | None = None
    for family, kind, proto, _, sockaddr in addresses:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            sock.connect(sockaddr)
        except OSError as error:
            sock.close()
            failure = error
            continue
        return sock
    raise failure or OSError("no address to connect to")


class PublicAddressBackend(httpcore.NetworkBackend):
    """An httpcore network backend that connects only to checked public
    addresses: each ``connect_tcp`` resolves the host once, refuses it if
    any of its addresses is not public, and hands ``backend`` the checked
    address itself (TLS still verifies the host name: httpcore passes that
    to ``start_tls`` separately)."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = checked_addresses(host, port, allow_private=False)
        except socket.gaierror as error:
            raise httpcore.ConnectError(str(error)) from error
        failure: Exception | None = None
        for info in addresses:
            try:
                return self._backend.connect_tcp(info[4][0], port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        raise failure or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("sources connect over TCP only")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)
