"""Sources reach public addresses only, unless the site allows private ones
(issue 19, item 9): with ``SOURCE_ALLOW_PRIVATE_ADDRESSES`` off, a feed,
endpoint or FTP server on a loopback, private, link-local... address is
refused when saved in the admin and again at each poll, before any
connection; and the error for a closed port reads as the one for a port
that accepts and stays silent.

The suite's settings allow private addresses (its servers listen on
127.0.0.1); these tests turn that off.  Only loopback servers are ever
connected to: 10.x and the like are refused by the checks before any
traffic, and are tried only where nothing would connect anyway (the form,
the pure check).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsdesk.models import IngestSource
from newsdesk.sources import polling
from newsdesk.sources.addresses import AddressRefused, PublicAddressBackend, refusal
from newsdesk.weather.deadline import Deadline, DeadlineBackend
from tests.sources_servers import (
    FTP_PASSWORD,
    FTP_USER,
    fixture_bytes,
    ftp_server,  # noqa: F401 (fixture)
    http_server,  # noqa: F401 (fixture)
)
from tests.tcp_servers import HungServer, free_port

pytestmark = pytest.mark.django_db(transaction=True)

NOT_PUBLIC = "is a loopback, private or otherwise non-public address"


@pytest.fixture
def private_refused(settings):
    settings.NEWSDESK = {**settings.NEWSDESK, "SOURCE_ALLOW_PRIVATE_ADDRESSES": False}


def add_source(client, kind: str, location: str):
    return client.post(reverse("admin:newsdesk_ingestsource_add"), {
        "name": "New source", "slug": "new-source", "kind": kind, "location": location, "file_pattern": "*",
        "encoding": "utf-8", "enabled": "on", "username": "", "password": "", "poll_every": 5, "timeout": 5,
        "default_status": "draft", "default_credit": "", "news_source": "",
    })


@pytest.mark.parametrize(
    ("kind", "location", "host"),
    [
        ("feed", "http://127.0.0.1:8080/rss", "127.0.0.1"),
        ("documents", "https://10.1.2.3/ninjs", "10.1.2.3"),
        ("feed", "http://[::1]:8080/rss", "::1"),
        ("ftp", "ftp://localhost/outgoing", "localhost"),
        ("documents", "http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("feed", "http://192.168.1.10/rss", "192.168.1.10"),
        ("feed", "http://0.0.0.0:8000/", "0.0.0.0"),
    ],
)
def test_saving_a_source_on_a_private_address_is_refused(admin_client, private_refused, kind, location, host):
    response = add_source(admin_client, kind, location)
    assert response.status_code == 200
    assert f"{host} {NOT_PUBLIC}" in response.content.decode()
    assert not IngestSource.objects.exists()


def test_private_addresses_are_saved_when_the_site_allows_them(admin_client):
    response = add_source(admin_client, "documents", "https://10.1.2.3/ninjs")
    assert response.status_code == 302, response.content.decode()


def test_polling_a_loopback_feed_is_refused_before_any_request(private_refused, http_server):
    http_server.publish("/rss", fixture_bytes("rss.xml"), content_type="application/rss+xml")
    port = http_server.server_address[1]
    for slug, host in (("ipv4", "127.0.0.1"), ("name", "localhost")):
        source = IngestSource.objects.create(name=slug, slug=slug, kind="feed",
                                             location=f"http://{host}:{port}/rss", timeout=5)
        report = polling.poll_source(source)
        assert report.error == (
            f"{host} is a loopback address; sources may only reach public addresses "
            "(SOURCE_ALLOW_PRIVATE_ADDRESSES)"
        )
    assert http_server.requests == []


def test_polling_a_loopback_ftp_server_is_refused_before_connecting(private_refused, ftp_server):
    source = IngestSource.objects.create(name="FTP", slug="ftp", kind="ftp", location=ftp_server.url("/outgoing"),
                                         username=FTP_USER, password=FTP_PASSWORD, timeout=5)
    report = polling.poll_source(source)
    assert report.error == (
        "FTP 127.0.0.1 is a loopback address; sources may only reach public addresses "
        "(SOURCE_ALLOW_PRIVATE_ADDRESSES)"
    )
    assert ftp_server.commands == []


def test_polling_an_ipv6_loopback_endpoint_is_refused(private_refused):
    hung = HungServer()  # listens on IPv4 only: ::1 would be refused anyway, and is never tried
    try:
        source = IngestSource.objects.create(name="v6", slug="v6", kind="documents",
                                             location=f"http://[::1]:{hung.port}/ninjs", timeout=5)
        assert polling.poll_source(source).error.startswith("::1 is a loopback address;")
    finally:
        hung.close()


def test_the_connection_goes_to_the_address_that_was_checked():
    """What defeats DNS rebinding: the backend resolves the name itself,
    checks every address and connects to a checked one, never to the
    name again; a name resolving to loopback gets no connection at all."""
    hung = HungServer()
    try:
        backend = PublicAddressBackend(DeadlineBackend(Deadline(5)))
        with pytest.raises(AddressRefused, match="localhost is a loopback address"):
            backend.connect_tcp("localhost", hung.port, timeout=5)
        assert hung.connections == 0
    finally:
        hung.close()


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("8.8.8.8", ""),
        ("2001:4860:4860::8888", ""),
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.10", "a private address"),
        ("fd00::1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("100.64.0.1", "not a public address"),  # carrier-grade NAT
        ("::ffff:127.0.0.1", "a loopback address"),  # IPv4 in IPv6, judged as itself
        ("64:ff9b::a01:203", "a private address"),  # NAT64 of 10.1.2.3
        ("2002:a01:203::1", "a private address"),  # 6to4 of 10.1.2.3
        ("not an address", "not an address that can be checked"),
    ],
)
def test_refusal(address, reason):
    assert refusal(address) == reason


@pytest.mark.parametrize("kind", ["feed", "ftp"])
def test_a_closed_port_and_a_silent_one_read_the_same(kind):
    """With private addresses allowed (an intranet), the error still does
    not tell an open port from a closed one."""
    hung = HungServer()
    closed = free_port()
    try:
        errors = []
        for port in (closed, hung.port):
            location = f"http://127.0.0.1:{port}/rss" if kind == "feed" else f"ftp://127.0.0.1:{port}/outgoing"
            source = IngestSource.objects.create(name=f"p{port}", slug=f"p{port}", kind=kind, location=location,
                                                 timeout=1)
            errors.append(polling.poll_source(source).error.replace(str(port), "PORT"))
    finally:
        hung.close()
    assert errors[0] == errors[1]
    assert errors[0].endswith("127.0.0.1:PORT: could not connect, or no answer within 1 s") or errors[0].endswith(
        "127.0.0.1:PORT/rss: could not connect, or no answer within 1 s"
    )
