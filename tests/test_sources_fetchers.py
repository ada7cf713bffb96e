"""The fetchers on their own (no database): a real drop directory, a real
FTP server and a real HTTP server on 127.0.0.1.  Expected values are read
off the fixtures in ``tests/fixtures/sources``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.sources.credentials import MissingSecret, resolve_password
from newsdesk.sources.fetchers import (
    DownloadTooLarge,
    FetchError,
    RemoteItem,
    SourceSettings,
    fetcher_for,
    not_a_document,
    still_being_written,
)
from tests.sources_servers import (
    FTP_PASSWORD,
    FTP_USER,
    WithoutMLSD,
    fixture_bytes,
    ftp_server,  # noqa: F401 (fixture)
    hostile_ftp_server,  # noqa: F401 (fixture)
    http_date,
    http_server,  # noqa: F401 (fixture)
    put_old_file,
)
from tests.tcp_servers import HungServer, free_port

DESAL = fixture_bytes("drop/desal_plant.txt")
HARVEST = fixture_bytes("drop/date_harvest.txt")


def directory_settings(path, **kw) -> SourceSettings:
    """A drop directory at ``path``, in the folders allowed (``path`` itself)."""
    return SourceSettings(kind="directory", location=str(path), directory_roots=(str(path),), **kw)


# --- drop directory ----------------------------------------------------------------


def test_directory_lists_settled_matching_files_only(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    put_old_file(drop / "desal_plant.txt", DESAL)
    put_old_file(drop / "date_harvest.txt", HARVEST)
    put_old_file(drop / "upload.txt.part", b"half a story")
    put_old_file(drop / "copy.tmp", b"half a story")
    put_old_file(drop / ".desal_plant.txt.Xy12", b"rsync's temporary name")
    put_old_file(drop / "photo.jpg", b"\xff\xd8", age=60)
    (drop / "fresh.txt").write_bytes(b"being written right now")  # modified just now
    (drop / "archive").mkdir()
    put_old_file(drop / "archive" / "old.txt", b"in a subdirectory")

    with fetcher_for(directory_settings(drop, file_pattern="*.txt")) as fetcher:
        listing = fetcher.scan()
        names = [item.name for item in listing.items]
        assert names == ["date_harvest.txt", "desal_plant.txt"]
        assert [item.size for item in listing.items] == [len(HARVEST), len(DESAL)]
        assert fetcher.download(listing.items[1]) == DESAL


def test_directory_follows_links_inside_it_but_never_out(tmp_path):
    drop = tmp_path / "drop"
    (drop / "store").mkdir(parents=True)
    outside = tmp_path / "secret.txt"
    put_old_file(outside, b"not for the newsroom")
    put_old_file(drop / "store" / "harvest.txt", HARVEST)
    os.symlink(outside, drop / "leak.txt")
    os.symlink(drop / "store" / "harvest.txt", drop / "linked.txt")

    with fetcher_for(directory_settings(drop)) as fetcher:
        items = fetcher.scan().items
        assert [item.name for item in items] == ["linked.txt"]
        assert fetcher.download(items[0]) == HARVEST


def test_directory_version_changes_with_the_file(tmp_path):
    path = put_old_file(tmp_path / "desal_plant.txt", DESAL)
    settings = directory_settings(tmp_path)
    [before] = fetcher_for(settings).scan().items
    [again] = fetcher_for(settings).scan().items
    assert again.key == before.key
    put_old_file(path, DESAL + b"\nCorrects the output figure.\n", age=30)
    [after] = fetcher_for(settings).scan().items
    assert after.key != before.key
    assert len(after.key) == 64


def test_directory_refuses_a_file_over_the_limit_without_reading_it(tmp_path):
    put_old_file(tmp_path / "desal_plant.txt", DESAL)
    fetcher = fetcher_for(directory_settings(tmp_path, max_download_size=100))
    [item] = fetcher.scan().items
    with pytest.raises(DownloadTooLarge, match="desal_plant.txt: larger than the 100 bytes"):
        fetcher.download(item)


def test_directory_stops_reading_at_the_limit_when_the_file_grew(tmp_path):
    path = put_old_file(tmp_path / "desal_plant.txt", b"short")
    fetcher = fetcher_for(directory_settings(tmp_path, max_download_size=100))
    [item] = fetcher.scan().items  # listed at 5 bytes
    path.write_bytes(DESAL)  # then grows past the limit before the download
    with pytest.raises(DownloadTooLarge, match="100 bytes"):
        fetcher.download(item)


def test_missing_directory_is_a_fetch_error(tmp_path):
    with pytest.raises(FetchError, match="cannot read the directory"):
        fetcher_for(directory_settings(tmp_path / "nowhere")).scan()


def test_still_being_written():
    now = 1_000_000.0
    assert still_being_written("story.txt", now - 2, now)  # 2 s ago: may still grow
    assert not still_being_written("story.txt", now - 6, now)
    assert still_being_written("story.txt.PART", now - 600, now)
    assert still_being_written(".story.txt.a1b2", now - 600, now)
    assert still_being_written("story.txt~", now - 600, now)


# --- FTP ---------------------------------------------------------------------------------


def ftp_settings(server, **kw) -> SourceSettings:
    options = {"username": FTP_USER, "password": FTP_PASSWORD, "timeout": 5, "allow_private_addresses": True, **kw}
    return SourceSettings(kind="ftp", location=server.url("/outgoing"), **options)


def test_ftp_lists_with_sizes_then_downloads_only_what_is_asked(ftp_server):
    outgoing = ftp_server.home / "outgoing"
    (outgoing / "desal_plant.txt").write_bytes(DESAL)
    (outgoing / "date_harvest.txt").write_bytes(HARVEST)
    (outgoing / "upload.txt.part").write_bytes(b"half")
    (outgoing / "notes.doc").write_bytes(b"not a story")

    with fetcher_for(ftp_settings(ftp_server, file_pattern="*.txt")) as fetcher:
        items = fetcher.scan().items
        assert [(item.name, item.size) for item in items] == [
            ("date_harvest.txt", len(HARVEST)), ("desal_plant.txt", len(DESAL)),
        ]
        assert ftp_server.retrieved() == []  # listing downloads nothing
        assert fetcher.download(items[1]) == DESAL
    assert ftp_server.retrieved() == ["desal_plant.txt"]
    assert ("PASV", "") in ftp_server.commands or ("EPSV", "") in ftp_server.commands


def test_ftp_version_changes_when_the_file_is_replaced(ftp_server):
    path = ftp_server.home / "outgoing" / "desal_plant.txt"
    path.write_bytes(DESAL)
    os.utime(path, (1_765_000_000, 1_765_000_000))
    [before] = fetcher_for(ftp_settings(ftp_server)).scan().items
    path.write_bytes(DESAL.replace(b"250,000", b"260,000"))  # same size, new time
    os.utime(path, (1_765_000_600, 1_765_000_600))
    [after] = fetcher_for(ftp_settings(ftp_server)).scan().items
    assert (before.size, before.name) == (after.size, after.name)
    assert after.key != before.key


def test_ftp_download_is_bounded_and_the_session_recovers(ftp_server):
    outgoing = ftp_server.home / "outgoing"
    (outgoing / "desal_plant.txt").write_bytes(DESAL)
    (outgoing / "date_harvest.txt").write_bytes(HARVEST)
    with fetcher_for(ftp_settings(ftp_server, max_download_size=len(HARVEST))) as fetcher:
        items = {item.name: item for item in fetcher.scan().items}
        # Listed as larger than the limit: refused before any RETR.
        with pytest.raises(DownloadTooLarge, match=f"larger than the {len(HARVEST)} bytes"):
            fetcher.download(items["desal_plant.txt"])
        assert ftp_server.retrieved() == []
        # A size the listing did not give: the transfer stops at the limit.
        with pytest.raises(DownloadTooLarge):
            fetcher.download(RemoteItem("desal_plant.txt", "unknown size"))
        assert ftp_server.retrieved() == ["desal_plant.txt"]
        assert fetcher.download(items["date_harvest.txt"]) == HARVEST


def test_ftp_server_without_mlsd_is_listed_with_nlst(hostile_ftp_server):
    server = hostile_ftp_server(WithoutMLSD)
    outgoing = server.home / "outgoing"
    (outgoing / "desal_plant.txt").write_bytes(DESAL)
    (outgoing / "notes.doc").write_bytes(b"not a story")
    (outgoing / "archive.txt").mkdir()  # matches the pattern, but SIZE refuses a directory
    with fetcher_for(ftp_settings(server, file_pattern="*.txt")) as fetcher:
        [item] = fetcher.scan().items
        assert (item.name, item.size) == ("desal_plant.txt", len(DESAL))
        assert fetcher.download(item) == DESAL
    listed = [cmd for cmd, _ in server.commands if cmd in ("MLSD", "NLST", "SIZE", "MDTM", "RETR")]
    assert listed == ["NLST", "SIZE", "SIZE", "MDTM", "RETR"]  # archive.txt, desal_plant.txt


def test_ftp_wrong_password_is_refused(ftp_server):
    with pytest.raises(FetchError, match="login refused") as caught:
        fetcher_for(ftp_settings(ftp_server, password="not-the-password")).scan()
    assert "not-the-password" not in str(caught.value)


def test_ftp_server_unreachable():
    settings = SourceSettings(kind="ftp", location=f"ftp://127.0.0.1:{free_port()}/outgoing", timeout=1,
                              allow_private_addresses=True)
    with pytest.raises(FetchError, match="could not connect"):
        fetcher_for(settings).scan()


def test_ftp_server_that_never_answers_times_out():
    hung = HungServer()
    try:
        settings = SourceSettings(kind="ftp", location=f"ftp://127.0.0.1:{hung.port}/", timeout=1,
                                  allow_private_addresses=True)
        # The same words as for a closed port: errors never tell the two apart.
        with pytest.raises(FetchError, match=f"FTP 127.0.0.1:{hung.port}: could not connect, or no answer within 1 s"):
            fetcher_for(settings).scan()
        assert hung.connections == 1
    finally:
        hung.close()


# --- feeds -----------------------------------------------------------------------------------


def feed_settings(server, path, **kw) -> SourceSettings:
    return SourceSettings(kind="feed", location=server.url(path), timeout=5, allow_private_addresses=True, **kw)


def test_rss_entries_become_ninjs_documents(http_server):
    http_server.publish("/rss", fixture_bytes("rss.xml"), content_type="application/rss+xml")
    fetcher = fetcher_for(feed_settings(http_server, "/rss"))
    listing = fetcher.scan()
    # The feed lists the newest first; the oldest is imported first.
    assert [item.name for item in listing.items] == [
        "http://gulfwire.invalid/2025/12/pearl-diving", "http://gulfwire.invalid/2025/12/ferry-link",
    ]
    ferry = json.loads(fetcher.download(listing.items[1]).decode("utf-8"))
    assert ferry["uri"] == "urn:gulfwire:2025:ferry-link"
    assert ferry["headlines"][0]["value"] == "Doha opens new ferry link to Hamad Port"
    assert ferry["bodies"][0]["contenttype"] == "text/html"
    assert ferry["bodies"][0]["value"] == (
        "<p>DOHA: A ferry service between the Corniche and Hamad Port started on Monday, "
        "the transport ministry said.</p><p>Boats will leave every 40 minutes from 6 am.</p>"
    )
    assert ferry["by"] == "Mariam Al-Kuwari"
    assert ferry["language"] == "en"
    assert ferry["subjects"] == [{"name": "Transport"}]
    # Mon, 08 Dec 2025 06:30:00 GMT: 20430 days after 1970-01-01, plus 6.5 h.
    assert ferry["versioncreated"] == "2025-12-08T06:30:00Z"
    assert ferry["version"] == str(20430 * 86400 + 6 * 3600 + 1800)
    assert listing.etag == http_server.documents["/rss"].etag_value


def test_atom_entry_keeps_its_language_and_update_time(http_server):
    http_server.publish("/atom", fixture_bytes("atom.xml"), content_type="application/atom+xml")
    fetcher = fetcher_for(feed_settings(http_server, "/atom"))
    [item] = fetcher.scan().items
    document = json.loads(fetcher.download(item).decode("utf-8"))
    assert document["uri"] == "urn:gulfwire:ar:2025:salalah-road"
    assert document["headlines"][0]["value"] == "افتتاح طريق جديد بين صلالة وثمريت"
    assert document["language"] == "ar"
    assert document["by"] == "سالم المعشني"
    assert document["firstcreated"] == "2025-12-08T05:00:00Z"
    assert document["versioncreated"] == "2025-12-08T07:45:00Z"
    assert document["bodies"][0]["value"].startswith("<p>صلالة: افتتحت وزارة النقل")


def test_feed_conditional_get_answered_304_is_nothing_new(http_server):
    http_server.publish("/rss", fixture_bytes("rss.xml"), last_modified=http_date(1_765_180_000))
    first = fetcher_for(feed_settings(http_server, "/rss")).scan()
    second = fetcher_for(
        feed_settings(http_server, "/rss", etag=first.etag, last_modified=first.last_modified)
    ).scan()
    assert second.not_modified and second.items == []
    assert (second.etag, second.last_modified) == (first.etag, first.last_modified)
    [_, conditional] = http_server.asked("/rss")
    assert conditional.headers["If-None-Match"] == first.etag
    assert conditional.headers["If-Modified-Since"] == "Mon, 08 Dec 2025 07:46:40 GMT"
    assert http_server.full_answers("/rss") == 1


def test_garbage_is_not_a_feed(http_server):
    http_server.publish("/rss", b"<html><body><h1>502 Bad Gateway</h1></body></html>", content_type="text/html")
    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        fetcher_for(feed_settings(http_server, "/rss")).scan()


def test_http_error_status_is_a_fetch_error(http_server):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher_for(feed_settings(http_server, "/missing")).scan()


def test_slow_feed_times_out_at_the_source_timeout(http_server):
    http_server.publish("/slow", fixture_bytes("rss.xml"), delay=3)
    settings = SourceSettings(kind="feed", location=http_server.url("/slow"), timeout=1, allow_private_addresses=True)
    # No answer at all: the same words as for a closed port (never telling the two apart).
    with pytest.raises(FetchError, match=r"/slow: could not connect, or no answer within 1 s\Z"):
        fetcher_for(settings).scan()


def test_http_download_stops_at_the_limit(http_server):
    http_server.publish("/rss", fixture_bytes("rss.xml"))
    with pytest.raises(DownloadTooLarge, match="larger than the 1,000 bytes"):
        fetcher_for(feed_settings(http_server, "/rss", max_download_size=1000)).scan()


# --- documents endpoints -----------------------------------------------------------------------


def test_documents_endpoint_gives_the_body_whole_keyed_by_etag(http_server):
    body = fixture_bytes("ninjs.json")
    http_server.publish("/ninjs", body, content_type="application/json")
    settings = SourceSettings(kind="documents", location=http_server.url("/ninjs"), timeout=5,
                              allow_private_addresses=True)
    [item] = fetcher_for(settings).scan().items
    assert item.content == body
    assert item.name == http_server.url("/ninjs")
    assert item.version == http_server.documents["/ninjs"].etag_value


def test_documents_endpoint_without_validators_is_keyed_by_digest(http_server):
    body = fixture_bytes("newsml-g2.xml")
    http_server.publish("/g2", body, etag=False)
    settings = SourceSettings(kind="documents", location=http_server.url("/g2"), timeout=5,
                              allow_private_addresses=True)
    [first] = fetcher_for(settings).scan().items
    [again] = fetcher_for(settings).scan().items
    assert first.key == again.key
    http_server.publish("/g2", body.replace(b"a million", b"1.2 million"), etag=False)
    [changed] = fetcher_for(settings).scan().items
    assert changed.key != first.key


def test_documents_endpoint_serving_garbage(http_server):
    http_server.publish("/ninjs", b"<!DOCTYPE html><html><body>Maintenance</body></html>", content_type="text/html")
    settings = SourceSettings(kind="documents", location=http_server.url("/ninjs"), timeout=5,
                              allow_private_addresses=True)
    with pytest.raises(FetchError, match=r"malformed XML|HTML page"):
        fetcher_for(settings).scan()


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b'{"uri": "urn:x", "headlines": []}', ""),
        (b"\xef\xbb\xbf  [{}]", ""),
        (b"<newsMessage xmlns='http://iptc.org/std/nar/2006-10-01/'/>", ""),
        (b'{"uri": "urn:x", ', "malformed JSON"),
        (b'"a string"', "neither JSON nor XML"),
        (b"42", "neither JSON nor XML"),
        (b"<newsItem><unclosed></newsItem>", "malformed XML"),
        (b"<html><body>502</body></html>", "an HTML page"),
        (b"Service Unavailable", "neither JSON nor XML"),
        (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "malformed XML"),
    ],
)
def test_not_a_document(body, problem):
    assert not_a_document(body).startswith(problem)
    assert bool(not_a_document(body)) == bool(problem)


def test_unknown_kind_and_bad_addresses():
    with pytest.raises(FetchError, match="unknown kind"):
        fetcher_for(SourceSettings(kind="telex", location="x"))
    with pytest.raises(FetchError, match="not an ftp:// address"):
        fetcher_for(SourceSettings(kind="ftp", location="http://127.0.0.1/"))
    with pytest.raises(FetchError, match=r"not an http\(s\):// address"):
        fetcher_for(SourceSettings(kind="feed", location="ftp://127.0.0.1/"))


def test_password_never_in_the_settings_repr():
    settings = SourceSettings(kind="ftp", location="ftp://127.0.0.1/", username="u", password=FTP_PASSWORD)
    assert FTP_PASSWORD not in repr(settings)


def test_password_from_the_environment():
    assert resolve_password("plain-secret", {}) == "plain-secret"
    assert resolve_password("env:AGENCY_FTP_PASSWORD", {"AGENCY_FTP_PASSWORD": "s3cret"}) == "s3cret"
    with pytest.raises(MissingSecret, match="AGENCY_FTP_PASSWORD"):
        resolve_password("env:AGENCY_FTP_PASSWORD", {})


def test_fetchers_import_no_django():
    """The pure layer: importing the fetchers (and what they import) in a
    fresh interpreter loads no Django module."""
    code = (
        "import sys, newsdesk.sources.fetchers, newsdesk.sources.credentials; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "[]"
