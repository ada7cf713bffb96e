"""The ingest sources' admin: the password is never shown (list, form,
history), an empty password field keeps the stored one, the location must
suit the kind, and *Poll now* polls and reports per source."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from newsdesk.models import Article, IngestSource
from tests.sources_servers import (
    FTP_PASSWORD,
    FTP_USER,
    allowed_drop_root,  # noqa: F401 (fixture)
    fixture_bytes,
    ftp_server,  # noqa: F401 (fixture)
    http_server,  # noqa: F401 (fixture)
)
from tests.wire_import_support import ensure_wire_credits

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:newsdesk_ingestsource_changelist"


@pytest.fixture
def ftp_source(ftp_server) -> IngestSource:
    return IngestSource.objects.create(
        name="Gulf Wire FTP", slug="gulf-wire-ftp", kind="ftp", location=ftp_server.url("/outgoing"),
        username=FTP_USER, password=FTP_PASSWORD, timeout=5, last_error="FTP 127.0.0.1: connection refused",
        last_counts={"new": 2, "seen": 7, "failed": 1},
    )


def form_data(source: IngestSource, **changes) -> dict:
    data = {
        "name": source.name, "slug": source.slug, "kind": source.kind, "location": source.location,
        "file_pattern": source.file_pattern, "encoding": source.encoding, "enabled": "on" if source.enabled else "",
        "username": source.username, "password": "", "poll_every": source.poll_every, "timeout": source.timeout,
        "default_status": source.default_status, "default_credit": "", "news_source": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not False}


def change_url(source: IngestSource) -> str:
    return reverse("admin:newsdesk_ingestsource_change", args=[source.pk])


def test_changelist_shows_the_state_but_never_the_password(admin_client, ftp_source):
    html = admin_client.get(reverse(CHANGELIST)).content.decode()
    assert FTP_PASSWORD not in html
    assert "Gulf Wire FTP" in html
    assert "2 new, 7 seen, 1 failed" in html
    assert "FTP 127.0.0.1: connection refused" in html
    batches = reverse("admin:newsdesk_importbatch_changelist")
    assert f'href="{batches}?source__id__exact={ftp_source.pk}"' in html


def test_changelist_search_and_filter(admin_client, ftp_source, tmp_path):
    IngestSource.objects.create(name="Drop folder", slug="drop", kind="directory", location=str(tmp_path))
    html = admin_client.get(reverse(CHANGELIST), {"kind__exact": "directory"}).content.decode()
    assert "Drop folder" in html and "Gulf Wire FTP" not in html
    html = admin_client.get(reverse(CHANGELIST), {"q": "wire"}).content.decode()
    assert "Gulf Wire FTP" in html and "Drop folder" not in html


def test_change_form_never_renders_the_password(admin_client, ftp_source):
    html = admin_client.get(change_url(ftp_source)).content.decode()
    assert FTP_PASSWORD not in html
    assert '<input type="password" name="password"' in html
    assert 'name="clear_password"' in html


def test_empty_password_keeps_the_stored_one_and_history_never_shows_it(admin_client, ftp_source):
    response = admin_client.post(change_url(ftp_source), form_data(ftp_source, poll_every=15))
    assert response.status_code == 302, response.content.decode()
    ftp_source.refresh_from_db()
    assert (ftp_source.password, ftp_source.poll_every) == (FTP_PASSWORD, 15)
    entry = LogEntry.objects.get(object_id=str(ftp_source.pk))
    assert "password" not in entry.get_change_message().lower()  # left empty: not a change

    admin_client.post(change_url(ftp_source), form_data(ftp_source, password="Muscat-Rain-2025"))
    ftp_source.refresh_from_db()
    assert ftp_source.password == "Muscat-Rain-2025"
    history = admin_client.get(reverse("admin:newsdesk_ingestsource_history", args=[ftp_source.pk]))
    html = history.content.decode()
    assert "Muscat-Rain-2025" not in html and FTP_PASSWORD not in html
    assert "Changed Password." in html  # the field is named, never its value
    assert [e.get_change_message() for e in LogEntry.objects.order_by("pk")] == [
        "Changed Poll every (minutes).", "Changed Password.",
    ]


def test_clearing_the_password(admin_client, ftp_source):
    admin_client.post(change_url(ftp_source), form_data(ftp_source, clear_password="on"))
    ftp_source.refresh_from_db()
    assert ftp_source.password == ""
    html = admin_client.get(change_url(ftp_source)).content.decode()
    assert 'name="clear_password"' not in html  # nothing left to clear


def test_add_form_prepopulates_the_slug_and_has_no_clear_box(admin_client):
    html = admin_client.get(reverse("admin:newsdesk_ingestsource_add")).content.decode()
    assert 'name="clear_password"' not in html
    assert "&quot;dependency_ids&quot;: [&quot;#id_name&quot;]" in html  # the slug follows the name


@pytest.mark.parametrize(
    ("kind", "location", "message"),
    [
        ("directory", "incoming/wire", "Enter the full path of a directory on this server"),
        ("directory", "ROOT/no/such/dir", "There is no directory ROOT/no/such/dir on this server."),
        ("ftp", "https://wire.example.invalid/out", "Enter an ftp://host/directory address."),
        ("ftp", "ftp://gulfwire:secret@127.0.0.1/out", "Put the user name and password in their own fields"),
        ("feed", "ftp://127.0.0.1/feed.xml", "Enter an http:// or https:// address."),
        ("documents", "http:///ninjs", "Enter an http:// or https:// address."),
    ],
)
def test_location_must_suit_the_kind(admin_client, allowed_drop_root, kind, location, message):
    location, message = (text.replace("ROOT", str(allowed_drop_root)) for text in (location, message))
    source = IngestSource(name="New source", slug="new-source", kind=kind, location=location)
    response = admin_client.post(reverse("admin:newsdesk_ingestsource_add"), form_data(source))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IngestSource.objects.exists()


def test_password_from_the_environment_must_name_a_variable(admin_client, allowed_drop_root, tmp_path):
    source = IngestSource(name="Drop", slug="drop", kind="directory", location=str(tmp_path))
    response = admin_client.post(
        reverse("admin:newsdesk_ingestsource_add"), form_data(source, username="u", password="env:not a name")
    )
    assert "After env: write the name of an environment variable" in response.content.decode()
    response = admin_client.post(
        reverse("admin:newsdesk_ingestsource_add"), form_data(source, username="u", password="env:AGENCY_FTP")
    )
    assert response.status_code == 302
    assert IngestSource.objects.get().password == "env:AGENCY_FTP"


def test_poll_now_reports_each_source(admin_client, ftp_server, ftp_source, http_server,
                                      django_capture_on_commit_callbacks):
    ensure_wire_credits()
    (ftp_server.home / "outgoing" / "metro_tender.txt").write_bytes(fixture_bytes("drop/metro_tender.txt"))
    http_server.publish("/rss", b"<html>Bad gateway</html>", content_type="text/html")
    broken = IngestSource.objects.create(name="Broken feed", slug="broken", kind="feed",
                                         location=http_server.url("/rss"), timeout=5)
    ftp_source.enabled = False  # "Poll now" polls whatever the schedule says
    ftp_source.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(CHANGELIST),
            {"action": "poll_now", "_selected_action": [ftp_source.pk, broken.pk]},
            follow=True,
        )
    shown = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert shown[0][0] == "error" and shown[0][1].startswith(
        f"Polling Broken feed failed: {http_server.url('/rss')}: not an RSS or Atom feed"
    )
    assert shown[1] == ("success", "Gulf Wire FTP: 1 new item imported or queued, 0 seen before.")
    assert Article.objects.filter(headline="Kuwait opens bids for first metro line").count() == 1
    assert ftp_server.retrieved() == ["metro_tender.txt"]
    html = response.content.decode()
    assert FTP_PASSWORD not in html


def test_poll_now_leaves_a_source_another_poll_holds_alone(admin_client, ftp_server, ftp_source):
    (ftp_server.home / "outgoing" / "metro_tender.txt").write_bytes(fixture_bytes("drop/metro_tender.txt"))
    # A cron poll of the source is under way (its lease runs for ten more minutes).
    IngestSource.objects.filter(pk=ftp_source.pk).update(
        claimed_until=timezone.now() + datetime.timedelta(minutes=10), claimed_by="cron-host:4242:1a2b3c"
    )
    response = admin_client.post(
        reverse(CHANGELIST), {"action": "poll_now", "_selected_action": [ftp_source.pk]}, follow=True,
    )
    shown = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert shown == [("warning", "Gulf Wire FTP was not polled: another poll of it is running.")]
    assert ftp_server.commands == []  # not even connected
    # Who holds it, and until when, is on the source's page.
    page = admin_client.get(change_url(ftp_source)).content.decode()
    assert "cron-host:4242:1a2b3c" in page and "Claimed until" in page
