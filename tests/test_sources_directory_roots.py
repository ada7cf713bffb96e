"""Drop directories only inside the folders the site allows (issue 19,
item 3): an editor who may add sources cannot make the poller read
``/etc/passwd`` or the site's own settings, through the admin's form or
through a source saved before the setting changed, a symbolic link or
``..``.  Messages name what the editor typed and no other path of the
server.  Tested through the real admin, as a staff user holding exactly
the ingest source permissions, and real files."""

from __future__ import annotations

import os
import threading
import time

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from newsdesk.models import Article, FetchedItem, IngestSource
from newsdesk.sources import polling
from newsdesk.sources.fetchers import FetchError, SourceSettings, fetcher_for
from tests.factories import make_staff
from tests.sources_servers import fixture_bytes, put_old_file

pytestmark = pytest.mark.django_db(transaction=True)

ADD = "admin:newsdesk_ingestsource_add"
CHANGELIST = "admin:newsdesk_ingestsource_changelist"
SOURCE_PERMISSIONS = ("add_ingestsource", "change_ingestsource", "view_ingestsource")
NOT_ALLOWED = "is not in a folder this site allows for drop directories"
STORY = fixture_bytes("drop/metro_tender.txt")


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff("source-editor", *SOURCE_PERMISSIONS))
    return client


@pytest.fixture
def folders(tmp_path, settings):
    """``allowed`` (the one root, with a story in ``allowed/wire``) and
    ``outside`` (a folder with a secret next to it)."""
    allowed, outside = tmp_path / "allowed", tmp_path / "outside"
    (allowed / "wire").mkdir(parents=True)
    outside.mkdir()
    put_old_file(allowed / "wire" / "metro_tender.txt", STORY)
    put_old_file(outside / "settings.py", b'SECRET_KEY = "not-for-the-newsroom"\n')
    settings.NEWSDESK = {**settings.NEWSDESK, "SOURCE_DIRECTORY_ROOTS": [str(allowed)]}
    return allowed, outside


def add_directory_source(client, location: str, pattern: str = "*", slug: str = "drop"):
    return client.post(reverse(ADD), {
        "name": "Drop", "slug": slug, "kind": "directory", "location": location, "file_pattern": pattern,
        "encoding": "utf-8", "enabled": "on", "username": "", "password": "", "poll_every": 5, "timeout": 30,
        "default_status": "draft", "default_credit": "", "news_source": "",
    })


def make_directory_source(location: str, pattern: str = "*") -> IngestSource:
    return IngestSource.objects.create(name="Drop", slug="drop", kind="directory", location=location,
                                       file_pattern=pattern)


# --- saving ------------------------------------------------------------------------------------


def test_no_drop_directory_anywhere_by_default(editor_client, settings):
    assert "SOURCE_DIRECTORY_ROOTS" not in settings.NEWSDESK  # the default: []
    response = add_directory_source(editor_client, "/etc", "passwd")
    assert response.status_code == 200
    assert "This site allows no drop directories" in response.content.decode()
    assert not IngestSource.objects.exists()


def test_a_directory_outside_the_allowed_folders_is_refused(editor_client, folders):
    allowed, outside = folders
    for location in ("/etc", str(outside), str(allowed / "wire" / ".." / ".." / "outside")):
        response = add_directory_source(editor_client, location)
        html = response.content.decode()
        assert response.status_code == 200 and f"{location} {NOT_ALLOWED}" in html
    # Neither the allowed folder nor whether a folder outside it exists is told.
    response = add_directory_source(editor_client, "/no/such/folder")
    assert f"/no/such/folder {NOT_ALLOWED}" in response.content.decode()
    assert str(allowed) not in add_directory_source(editor_client, "/etc").content.decode()
    assert not IngestSource.objects.exists()


def test_a_link_out_of_the_allowed_folder_is_refused(editor_client, folders):
    allowed, outside = folders
    os.symlink(outside, allowed / "wire-link")
    response = add_directory_source(editor_client, str(allowed / "wire-link"))
    assert f"{allowed / 'wire-link'} {NOT_ALLOWED}" in response.content.decode()
    assert not IngestSource.objects.exists()


def test_a_directory_inside_an_allowed_folder_is_saved(editor_client, folders):
    allowed, _ = folders
    os.symlink(allowed / "wire", allowed / "wire-link")  # a link that stays inside is fine
    for slug, location in (("drop", allowed / "wire"), ("drop-2", allowed / "wire-link"), ("drop-3", allowed)):
        response = add_directory_source(editor_client, str(location), slug=slug)
        assert response.status_code == 302, response.content.decode()
    assert IngestSource.objects.count() == 3


# --- polling -----------------------------------------------------------------------------------


def test_poll_now_of_a_source_at_etc_reads_nothing(editor_client, folders):
    """The issue's attack: a source at /etc taking ``passwd``, saved
    around the form (or before the setting), and *Poll now*."""
    allowed, _ = folders
    source = make_directory_source("/etc", "passwd")
    response = editor_client.post(reverse(CHANGELIST), {"action": "poll_now", "_selected_action": [source.pk]},
                                  follow=True)
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == (
        f"Polling Drop failed: the directory /etc {NOT_ALLOWED} (SOURCE_DIRECTORY_ROOTS)"
    )
    assert "root:" not in response.content.decode() and str(allowed) not in response.content.decode()
    assert Article.objects.count() == 0 and FetchedItem.objects.count() == 0
    assert IngestSource.objects.get().last_error == message.removeprefix("Polling Drop failed: ")


def test_a_source_saved_before_the_setting_changed_is_refused_at_the_poll(folders, settings):
    allowed, _ = folders
    source = make_directory_source(str(allowed / "wire"))
    assert polling.poll_source(source).new == 1

    settings.NEWSDESK = {**settings.NEWSDESK, "SOURCE_DIRECTORY_ROOTS": []}
    put_old_file(allowed / "wire" / "date_harvest.txt", fixture_bytes("drop/date_harvest.txt"))
    report = polling.poll_source(source, force=True)
    assert report.error == f"the directory {allowed / 'wire'} {NOT_ALLOWED} (SOURCE_DIRECTORY_ROOTS)"
    assert FetchedItem.objects.count() == 1


def test_links_and_dots_out_of_the_allowed_folder_are_refused_at_the_poll(folders):
    allowed, outside = folders
    os.symlink(outside, allowed / "wire-link")
    for slug, location in (("link", allowed / "wire-link"), ("dots", f"{allowed}/wire/../../outside")):
        source = IngestSource.objects.create(name=slug, slug=slug, kind="directory", location=str(location))
        report = polling.poll_source(source)
        # The path as typed, never where the link leads.
        assert report.error == f"the directory {location} {NOT_ALLOWED} (SOURCE_DIRECTORY_ROOTS)"
        assert str(outside) not in report.error.replace(str(location), "")
    assert FetchedItem.objects.count() == 0


def test_a_file_linked_out_of_the_folder_is_not_read(folders):
    allowed, outside = folders
    os.symlink(outside / "settings.py", allowed / "wire" / "settings.py")
    source = make_directory_source(str(allowed / "wire"))
    report = polling.poll_source(source)
    assert (report.ok, report.new) == (True, 1)
    assert list(FetchedItem.objects.values_list("remote_name", flat=True)) == ["metro_tender.txt"]


def test_the_fetcher_itself_reads_no_directory_outside_its_roots(tmp_path):
    put_old_file(tmp_path / "story.txt", STORY)
    with pytest.raises(FetchError, match=NOT_ALLOWED):
        fetcher_for(SourceSettings(kind="directory", location=str(tmp_path))).scan()  # no roots: none
    settings = SourceSettings(kind="directory", location=str(tmp_path), directory_roots=("relative/root",))
    with pytest.raises(FetchError, match=NOT_ALLOWED):
        fetcher_for(settings).scan()
    settings = SourceSettings(kind="directory", location=str(tmp_path), directory_roots=(str(tmp_path.parent),))
    assert [item.name for item in fetcher_for(settings).scan().items] == ["story.txt"]


def test_a_file_swapped_for_a_link_after_the_listing_is_not_followed(folders):
    allowed, outside = folders
    wire = allowed / "wire"
    fetcher = fetcher_for(SourceSettings(kind="directory", location=str(wire), directory_roots=(str(allowed),)))
    [item] = fetcher.scan().items
    os.remove(wire / "metro_tender.txt")
    os.symlink(outside / "settings.py", wire / "metro_tender.txt")
    with pytest.raises(FetchError, match="^metro_tender.txt: Too many levels of symbolic links$"):
        fetcher.download(item)


def test_a_file_swapped_for_a_named_pipe_is_not_waited_on(folders):
    allowed, _ = folders
    wire = allowed / "wire"
    fetcher = fetcher_for(SourceSettings(kind="directory", location=str(wire), directory_roots=(str(allowed),)))
    [item] = fetcher.scan().items
    os.remove(wire / "metro_tender.txt")
    os.mkfifo(wire / "metro_tender.txt")
    # Hang guard: a writer that opens the pipe (and closes it) as soon as a
    # reader waits on it, for ten seconds at most.
    writer = threading.Thread(target=_open_pipe_once_read, args=(wire / "metro_tender.txt", 10.0), daemon=True)
    writer.start()
    with pytest.raises(FetchError, match="^metro_tender.txt: not a regular file$"):
        fetcher.download(item)


def _open_pipe_once_read(path, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            return
        except OSError:  # no reader yet
            time.sleep(0.05)
