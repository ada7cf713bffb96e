"""Hostile FTP servers on 127.0.0.1 (issue 19, items 3 and 7): a listing
that never ends, answers trickled one byte at a time, a server repeating
the password in its replies.  A poll ends by its deadline with an error
on the source, reads a bounded listing, and the password appears nowhere:
not in ``last_error``, the command's output, the log or the admin.

Each hostile server gives up by itself after a while (a hang guard about
ten times what the poll should take, see ``tests/sources_servers.py``), so
a poller without the bounds fails these tests instead of hanging them.
"""

from __future__ import annotations

import json
import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from newsdesk.models import Article, FetchedItem, IngestSource
from newsdesk.sources import polling
from tests.processes import command_process, needs_other_processes
from tests.sources_servers import (
    FTP_PASSWORD,
    FTP_USER,
    EchoesPasswordOnCwd,
    EchoesPasswordOnLogin,
    EndlessListing,
    TrickledDownloads,
    TrickledListing,
    TrickleGreetingServer,
    hostile_ftp_server,  # noqa: F401 (fixture)
)
from tests.wire_import_support import ensure_wire_credits

pytestmark = pytest.mark.django_db(transaction=True)


def ftp_source(server, slug: str = "hostile", **fields) -> IngestSource:
    options = {"username": FTP_USER, "password": FTP_PASSWORD, "timeout": 30, **fields}
    return IngestSource.objects.create(name=slug.title(), slug=slug, kind="ftp", location=server.url("/outgoing"),
                                       **options)


# --- bounds ----------------------------------------------------------------------------------


def test_an_endless_listing_is_cut_with_an_error(hostile_ftp_server):
    server = hostile_ftp_server(EndlessListing)
    source = ftp_source(server)

    report = polling.poll_source(source)

    assert report.error == "FTP listing: more than the 100,000 entries allowed"  # fetchers.MAX_LISTING_ENTRIES
    source.refresh_from_db()
    assert source.last_error == report.error and source.last_success_at is None
    assert FetchedItem.objects.count() == 0 and Article.objects.count() == 0


def test_a_listing_is_cut_at_the_download_size_too(hostile_ftp_server, settings):
    settings.NEWSDESK = {**settings.NEWSDESK, "POLL_MAX_DOWNLOAD_SIZE": 100_000}
    server = hostile_ftp_server(EndlessListing)
    report = polling.poll_source(ftp_source(server))
    assert report.error == "FTP listing: larger than the 100,000 bytes allowed"


def test_a_trickled_listing_ends_at_the_polls_time_limit(hostile_ftp_server, settings):
    # One byte every half second never trips the 30-second socket timeout.
    settings.NEWSDESK = {**settings.NEWSDESK, "POLL_TIME_LIMIT": 2}
    server = hostile_ftp_server(TrickledListing)
    source = ftp_source(server, timeout=30)

    report = polling.poll_source(source)

    assert report.error == (
        "FTP listing: stopped, the poll took longer than the 2 s allowed; the rest is left for the next poll"
    )
    assert IngestSource.objects.get(pk=source.pk).last_error == report.error


def test_a_trickled_listing_ends_at_the_sources_timeout(hostile_ftp_server):
    server = hostile_ftp_server(TrickledListing)
    report = polling.poll_source(ftp_source(server, timeout=2))
    assert report.error == "FTP listing: no answer within 2 s"


def test_trickled_downloads_stop_at_the_time_limit_and_wait_for_the_next_poll(hostile_ftp_server, settings):
    ensure_wire_credits()
    settings.NEWSDESK = {**settings.NEWSDESK, "POLL_TIME_LIMIT": 3}
    server = hostile_ftp_server(TrickledDownloads)
    for name in ("a-story.txt", "b-story.txt"):
        (server.home / "outgoing" / name).write_text("Listed at once, sent one byte at a time.\n")
    source = ftp_source(server)

    report = polling.poll_source(source)

    assert report.error == (
        "1 of the new items could not be downloaded: FTP a-story.txt: stopped, the poll took longer than the "
        "3 s allowed; the rest is left for the next poll"
    )
    assert (report.new, report.failed) == (0, 1)
    assert server.retrieved() == ["a-story.txt"]  # the second file is not even asked for
    assert FetchedItem.objects.count() == 0  # both are fetched at the next poll


def test_a_trickled_greeting_is_a_server_that_could_not_be_reached(settings):
    server = TrickleGreetingServer()
    try:
        source = IngestSource.objects.create(name="Trickle", slug="trickle", kind="ftp",
                                             location=f"ftp://127.0.0.1:{server.port}/outgoing", timeout=2)
        report = polling.poll_source(source)
    finally:
        server.close()
    assert report.error == f"FTP 127.0.0.1:{server.port}: could not connect, or no answer within 2 s"


# --- the password a server echoes -------------------------------------------------------------


ECHOING_SERVERS = [
    pytest.param(EchoesPasswordOnLogin, "login refused by the FTP server (530)", id="530-reply"),
    pytest.param(EchoesPasswordOnCwd, "no such file or directory, or not allowed (550)", id="550-reply"),
]


def assert_no_password(text: str) -> None:
    assert FTP_PASSWORD.lower() not in text.lower()


@pytest.mark.parametrize(("behaviour", "refusal"), ECHOING_SERVERS)
@pytest.mark.parametrize("stored", [FTP_PASSWORD, "env:NEWSDESK_TEST_ECHOED_PASSWORD"])
def test_a_password_the_server_echoes_is_shown_nowhere(
    hostile_ftp_server, admin_client, caplog, monkeypatch, behaviour, refusal, stored
):
    monkeypatch.setenv("NEWSDESK_TEST_ECHOED_PASSWORD", FTP_PASSWORD)
    # Refusing the login: the server knows another password, and repeats the one it got.
    server = hostile_ftp_server(behaviour, password="not-" + FTP_PASSWORD if behaviour is EchoesPasswordOnLogin
                                else FTP_PASSWORD)
    source = ftp_source(server, password=stored)
    caplog.set_level(logging.DEBUG)

    report = polling.poll_source(source)
    assert report.error == f"FTP 127.0.0.1:{server.port}: {refusal}"
    assert ("PASS", FTP_PASSWORD) in server.commands  # the server did get it

    stdout, stderr = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("poll_sources", "--force", stdout=stdout, stderr=stderr)
    json_out = StringIO()
    with pytest.raises(CommandError):
        call_command("poll_sources", "--force", "--json", stdout=json_out, stderr=stderr)
    [as_json] = json.loads(json_out.getvalue())
    assert as_json["error"] == report.error

    changelist = admin_client.get(reverse("admin:newsdesk_ingestsource_changelist"))
    change = admin_client.get(reverse("admin:newsdesk_ingestsource_change", args=[source.pk]))
    poll_now = admin_client.post(
        reverse("admin:newsdesk_ingestsource_changelist"),
        {"action": "poll_now", "_selected_action": [source.pk]}, follow=True,
    )
    assert f"Polling Hostile failed: {report.error}" in poll_now.content.decode()

    source.refresh_from_db()
    for text in (source.last_error, stdout.getvalue(), stderr.getvalue(), json_out.getvalue(), caplog.text,
                 changelist.content.decode(), change.content.decode(), poll_now.content.decode()):
        assert_no_password(text)
    assert source.last_error == report.error


@needs_other_processes
def test_the_command_in_its_own_process_never_prints_an_echoed_password(hostile_ftp_server):
    """The log records of a real ``poll_sources`` run go to its stderr
    (Python's last-resort handler, no logging configured): both streams are
    free of the password."""
    server = hostile_ftp_server(EchoesPasswordOnLogin, password="not-" + FTP_PASSWORD)
    ftp_source(server)
    for arguments in (["poll_sources"], ["poll_sources", "--json"]):
        process = command_process(*arguments)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 1, err[-3000:]
        assert "login refused by the FTP server (530)" in (out if "--json" in arguments else err)
        assert_no_password(out)
        assert_no_password(err)
        IngestSource.objects.update(last_polled_at=None)  # due again
