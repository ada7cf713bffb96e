"""Polling ingest sources end to end: real drop directories, a real FTP
server, real HTTP servers, the real importer (immediate task backend) on
the test database.

Each story's expected headline is read off its fixture file in
``tests/fixtures/sources``.  Import tasks are enqueued once their batch
commits, so these tests commit for real (transactional tests): with the
immediate backend of ``tests/settings.py`` every story is imported before
the poll returns, as on a site without workers.
"""

from __future__ import annotations

import datetime
import email.utils
import json
import logging
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from newsdesk.models import Article, FetchedItem, ImportBatch, ImportItem, IngestSource, NewsSource, WireCredit
from newsdesk.sources import polling
from tests.news_messages import news_item, news_message
from tests.sources_servers import (
    FTP_PASSWORD,
    FTP_USER,
    allowed_drop_root,  # noqa: F401 (fixture)
    fixture_bytes,
    ftp_server,  # noqa: F401 (fixture)
    http_server,  # noqa: F401 (fixture)
    put_old_file,
)
from tests.tcp_servers import free_port
from tests.wire_import_support import ensure_wire_credits

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("allowed_drop_root")]

DROP_HEADLINES = {
    "date_harvest.txt": "Date harvest festival opens in Nizwa",
    "desal_plant.txt": "Sohar desalination plant doubles its output",
    "metro_tender.txt": "Kuwait opens bids for first metro line",
}
NOW = datetime.datetime(2025, 12, 8, 6, 0, tzinfo=datetime.timezone.utc)


@pytest.fixture(autouse=True)
def _credits():
    ensure_wire_credits()


@pytest.fixture
def django_capture_on_commit_callbacks():
    """Call ``fn`` and run the tasks it enqueued on commit."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def make_source(slug: str, kind: str, location: str, **fields) -> IngestSource:
    return IngestSource.objects.create(name=fields.pop("name", slug.replace("-", " ").title()), slug=slug,
                                       kind=kind, location=location, **fields)


def drop_directory(tmp_path, names=tuple(DROP_HEADLINES)):
    drop = tmp_path / "drop"
    drop.mkdir(exist_ok=True)
    for name in names:
        put_old_file(drop / name, fixture_bytes(f"drop/{name}"))
    return drop


# --- poll twice, import once --------------------------------------------------------------


def test_directory_polled_twice_imports_once_with_the_sources_defaults(tmp_path):
    drop = drop_directory(tmp_path)
    wam = WireCredit.objects.get(short_name="WAM")
    paper = NewsSource.objects.create(name="Gulf Wire")
    source = make_source("drop", "directory", str(drop), default_status="ready", default_credit=wam,
                         news_source=paper)

    first = polling.poll_source(source, now=NOW)
    assert (first.ok, first.new, first.seen, first.failed) == (True, 3, 0, 0)
    assert first.results == {"imported": 3}
    articles = Article.objects.order_by("headline")
    assert [a.headline for a in articles] == sorted(DROP_HEADLINES.values())
    # The stories say "— ONA" and "— KUNA"; the source's credit wins.
    assert {(a.status, a.credit_id, a.news_source_id) for a in articles} == {("ready", wam.pk, paper.pk)}
    assert FetchedItem.objects.filter(source=source).count() == 3
    [batch] = ImportBatch.objects.filter(source=source)
    assert batch.label == "Drop 2025-12-08 10:00"  # Asia/Muscat is UTC+4
    assert batch.options["status"] == "ready"

    second = polling.poll_source(source, now=NOW + datetime.timedelta(minutes=5))
    assert (second.ok, second.new, second.seen) == (True, 0, 3)
    assert Article.objects.count() == 3
    assert ImportBatch.objects.filter(source=source).count() == 1
    assert FetchedItem.objects.filter(source=source).count() == 3

    source.refresh_from_db()
    assert source.last_polled_at == NOW + datetime.timedelta(minutes=5)
    assert source.last_success_at == NOW + datetime.timedelta(minutes=5)
    assert source.last_error == ""
    assert source.last_counts == {"new": 0, "seen": 3, "failed": 0}


def test_ftp_polled_twice_downloads_once_and_a_changed_file_again(ftp_server):
    outgoing = ftp_server.home / "outgoing"
    (outgoing / "desal_plant.txt").write_bytes(fixture_bytes("drop/desal_plant.txt"))
    (outgoing / "metro_tender.txt").write_bytes(fixture_bytes("drop/metro_tender.txt"))
    source = make_source("agency-ftp", "ftp", ftp_server.url("/outgoing"), username=FTP_USER,
                         password=FTP_PASSWORD, file_pattern="*.txt", timeout=5)

    first = polling.poll_source(source, now=NOW)
    assert (first.ok, first.new) == (True, 2), first.error
    assert sorted(ftp_server.retrieved()) == ["desal_plant.txt", "metro_tender.txt"]
    assert Article.objects.count() == 2

    second = polling.poll_source(source, force=True)
    assert (second.new, second.seen) == (0, 2)
    assert len(ftp_server.retrieved()) == 2  # no RETR the second time
    assert Article.objects.count() == 2

    # The agency replaces one file with a corrected story.
    (outgoing / "metro_tender.txt").write_bytes(fixture_bytes("drop/date_harvest.txt"))
    third = polling.poll_source(source, force=True)
    assert (third.new, third.seen) == (1, 1)
    assert ftp_server.retrieved()[2:] == ["metro_tender.txt"]
    assert FetchedItem.objects.filter(source=source).count() == 3
    assert Article.objects.filter(headline=DROP_HEADLINES["date_harvest.txt"]).count() == 1


def test_rss_polled_twice_asks_conditionally_and_imports_once(http_server):
    http_server.publish("/rss", fixture_bytes("rss.xml"), content_type="application/rss+xml")
    qna = WireCredit.objects.get(short_name="QNA")
    source = make_source("gulf-rss", "feed", http_server.url("/rss"), default_credit=qna, timeout=5)

    first = polling.poll_source(source, now=NOW)
    assert (first.ok, first.new) == (True, 2), first.error
    source.refresh_from_db()
    assert source.http_etag == http_server.documents["/rss"].etag_value

    second = polling.poll_source(source, force=True)
    assert second.ok and second.not_modified and second.new == 0
    assert http_server.full_answers("/rss") == 1
    assert http_server.asked("/rss")[1].headers["If-None-Match"] == source.http_etag
    assert FetchedItem.objects.filter(source=source).count() == 2
    assert ImportItem.objects.filter(batch__source=source).count() == 2

    # The entries reach the importer's ninjs parser with their guid.
    ferry = Article.objects.get(guid="urn:gulfwire:2025:ferry-link")
    assert ferry.headline == "Doha opens new ferry link to Hamad Port"
    assert ferry.credit_id == qna.pk
    assert Article.objects.get(guid="urn:gulfwire:2025:pearl-diving").headline == (
        "Bahrain pearl diving season draws record entries"
    )


def test_feed_without_validators_is_read_again_but_nothing_reimported(http_server):
    http_server.publish("/atom", fixture_bytes("atom.xml"), content_type="application/atom+xml", etag=False)
    source = make_source("gulf-atom", "feed", http_server.url("/atom"), timeout=5)
    assert polling.poll_source(source, now=NOW).new == 1
    second = polling.poll_source(source, force=True)
    assert (second.new, second.seen, second.not_modified) == (0, 1, False)
    assert http_server.full_answers("/atom") == 2
    assert ImportBatch.objects.filter(source=source).count() == 1
    assert Article.objects.get(guid="urn:gulfwire:ar:2025:salalah-road").headline == (
        "افتتاح طريق جديد بين صلالة وثمريت"
    )


ENTRY_WORDS = (
    "harbour cargo ministry budget tanker airline desert solar rainfall wadi festival dates bourse tender "
    "metro bridge school clinic fishermen dhow pearl museum stadium refinery pipeline tourism visa runway"
).split()


def feed_of(count: int) -> bytes:
    """An RSS feed of ``count`` entries, the newest (the highest number)
    first as feeds list them, each a story of its own words."""
    items = []
    for number in reversed(range(count)):
        words = random.Random(number).sample(ENTRY_WORDS, 8)
        published = email.utils.format_datetime(NOW - datetime.timedelta(hours=count - number), usegmt=True)
        items.append(
            f"<item><title>{' '.join(words[:5]).capitalize()} {number}</title>"
            f"<guid isPermaLink=\"false\">urn:gulfwire:bulk:{number}</guid><pubDate>{published}</pubDate>"
            f"<description>&lt;p&gt;MUSCAT: {' '.join(words).capitalize()}, number {number}.&lt;/p&gt;</description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bulk</title>'
        f"{''.join(items)}</channel></rss>"
    ).encode()


def test_a_poll_imports_at_most_poll_max_items_oldest_first_and_leaves_the_rest_for_the_next(
    http_server, settings
):
    settings.NEWSDESK = {**getattr(settings, "NEWSDESK", {}), "POLL_MAX_ITEMS": 10}
    http_server.publish("/bulk", feed_of(25), content_type="application/rss+xml")
    source = make_source("bulk", "feed", http_server.url("/bulk"), timeout=5)

    def imported_numbers() -> list[int]:
        return sorted(int(guid.rsplit(":", 1)[1]) for guid in Article.objects.values_list("guid", flat=True))

    first = polling.poll_source(source, now=NOW)
    assert (first.ok, first.new, first.seen, first.waiting) == (True, 10, 0, 15), first.error
    assert imported_numbers() == list(range(10))  # the oldest ten
    assert first.summary() == "bulk: 10 new, 0 seen before, 10 imported, 15 left for the next poll"
    source.refresh_from_db()
    assert source.last_counts["waiting"] == 15
    # Entries were left: no validator is kept, so the next poll reads the feed whole.
    assert (source.http_etag, source.http_last_modified) == ("", "")

    second = polling.poll_source(source, force=True)
    assert (second.new, second.seen, second.waiting) == (10, 10, 5)
    third = polling.poll_source(source, force=True)
    assert (third.ok, third.new, third.seen, third.waiting) == (True, 5, 20, 0)
    assert imported_numbers() == list(range(25))
    assert FetchedItem.objects.filter(source=source).count() == 25
    source.refresh_from_db()
    assert source.http_etag == http_server.documents["/bulk"].etag_value
    assert polling.poll_source(source, force=True).not_modified


@pytest.mark.parametrize(
    ("fixture", "content_type", "guid", "headline"),
    [
        ("ninjs.json", "application/json", "urn:gulfwire:ninjs:2025:abu-dhabi-solar",
         "Abu Dhabi switches on desert solar park"),
        ("newsml-g2.xml", "application/vnd.iptc.g2.newsmessage+xml", "urn:gulfwire:g2:2025:riyadh-book-fair",
         "Riyadh book fair sells a million books in a week"),
    ],
)
def test_documents_endpoint_imported_once(http_server, fixture, content_type, guid, headline):
    http_server.publish("/latest", fixture_bytes(fixture), content_type=content_type)
    source = make_source("agency-docs", "documents", http_server.url("/latest"), timeout=5)
    first = polling.poll_source(source, now=NOW)
    assert (first.ok, first.new) == (True, 1), first.error
    second = polling.poll_source(source, force=True)
    assert (second.new, second.not_modified) == (0, True)
    assert http_server.full_answers("/latest") == 1
    article = Article.objects.get(guid=guid)
    assert article.headline == headline


# --- large documents: split first, each story within the limit ----------------------------------


def test_a_news_message_larger_than_a_story_imports_every_item(http_server, settings):
    message = news_message(200).encode()
    # Each item fits the story limit; the message is thirty times over it.
    settings.NEWSDESK = {**getattr(settings, "NEWSDESK", {}), "IMPORT_MAX_STORY_SIZE": 2000}
    assert len(message) > 30 * 2000 and max(len(news_item(n).encode()) for n in range(200)) < 1000
    http_server.publish("/g2", message, content_type="application/vnd.iptc.g2.newsmessage+xml")
    source = make_source("agency-g2", "documents", http_server.url("/g2"), timeout=5)

    report = polling.poll_source(source, now=NOW)
    assert (report.ok, report.new, report.results) == (True, 1, {"imported": 200}), report.error
    assert sorted(Article.objects.values_list("guid", flat=True)) == sorted(
        f"urn:gulfwire:bulk:{n}" for n in range(200)
    )
    assert Article.objects.get(guid="urn:gulfwire:bulk:137").headline.endswith(" 137")
    assert FetchedItem.objects.filter(source=source).count() == 1


def test_a_document_refused_whole_is_an_error_of_the_source_and_fetched_again(http_server, settings):
    one_item = news_message(1).encode()  # one story, nothing to split it into
    settings.NEWSDESK = {**getattr(settings, "NEWSDESK", {}), "IMPORT_MAX_STORY_SIZE": 500}
    assert len(one_item) > 500
    http_server.publish("/g2", one_item, content_type="application/vnd.iptc.g2.newsmessage+xml")
    source = make_source("agency-g2", "documents", http_server.url("/g2"), timeout=5)

    first = polling.poll_source(source, now=NOW)
    url = http_server.url("/g2")
    assert (first.ok, first.new, first.failed) == (False, 0, 1)
    assert first.error == (
        f"1 of the new items could not be imported: {url}: too large to be one story: "
        f"{len(one_item):,} bytes (0.0 MB), over the limit of 500 bytes (0.0 MB) set by IMPORT_MAX_STORY_SIZE"
    )
    source.refresh_from_db()
    assert source.last_error == first.error and source.last_success_at is None
    assert FetchedItem.objects.count() == 0 and ImportBatch.objects.count() == 0
    assert source.http_etag == ""  # a 304 must not hide it next time

    settings.NEWSDESK = {**settings.NEWSDESK, "IMPORT_MAX_STORY_SIZE": 2 * 1024 * 1024}
    second = polling.poll_source(source, force=True)
    assert (second.ok, second.new, second.results) == (True, 1, {"imported": 1}), second.error
    assert http_server.full_answers("/g2") == 2
    assert Article.objects.get().guid == "urn:gulfwire:bulk:0"


def test_a_file_that_cannot_be_decoded_is_an_error_of_the_source_until_its_encoding_is_set(tmp_path):
    drop = drop_directory(tmp_path, names=["metro_tender.txt"])
    arabic = "افتتاح مهرجان مسقط\n\nمسقط: افتتح مهرجان مسقط مساء الخميس بحضور آلاف الزوار.\n"
    put_old_file(drop / "festival.txt", arabic.encode("cp1256"))
    source = make_source("drop", "directory", str(drop))

    first = polling.poll_source(source, now=NOW)
    assert (first.ok, first.new, first.failed) == (False, 1, 1)
    assert first.error.startswith("1 of the new items could not be imported: festival.txt: not valid utf-8 text")
    assert list(FetchedItem.objects.values_list("remote_name", flat=True)) == ["metro_tender.txt"]

    IngestSource.objects.filter(pk=source.pk).update(encoding="windows-1256")
    source.refresh_from_db()
    second = polling.poll_source(source, force=True)
    assert (second.ok, second.new, second.seen) == (True, 1, 1), second.error
    assert Article.objects.filter(headline="افتتاح مهرجان مسقط").count() == 1


# --- failures ---------------------------------------------------------------------------------


def test_failing_sources_never_stop_the_next_one(tmp_path, http_server, caplog):
    http_server.publish("/slow", fixture_bytes("rss.xml"), delay=3)
    http_server.publish("/garbage", b"<html><body>Gateway Timeout</body></html>", content_type="text/html")
    make_source("a-slow-feed", "feed", http_server.url("/slow"), timeout=1)
    dead_port = free_port()
    make_source("b-dead-ftp", "ftp", f"ftp://127.0.0.1:{dead_port}/outgoing", username=FTP_USER,
                password=FTP_PASSWORD, timeout=1)
    make_source("c-garbage", "feed", http_server.url("/garbage"), timeout=5)
    make_source("d-drop", "directory", str(drop_directory(tmp_path)))

    with caplog.at_level(logging.ERROR, logger="newsdesk.sources.polling"):
        reports = polling.poll_due_sources(now=NOW)

    by_slug = {report.slug: report for report in reports}
    assert list(by_slug) == ["a-slow-feed", "b-dead-ftp", "c-garbage", "d-drop"]
    assert by_slug["a-slow-feed"].error == f"{http_server.url('/slow')}: could not connect, or no answer within 1 s"
    assert by_slug["b-dead-ftp"].error == f"FTP 127.0.0.1:{dead_port}: could not connect, or no answer within 1 s"
    assert by_slug["c-garbage"].error.startswith(f"{http_server.url('/garbage')}: not an RSS or Atom feed")
    assert by_slug["d-drop"].ok and by_slug["d-drop"].new == 3
    assert Article.objects.count() == 3

    stored = {s.slug: s for s in IngestSource.objects.all()}
    for slug in ("a-slow-feed", "b-dead-ftp", "c-garbage"):
        assert stored[slug].last_error == by_slug[slug].error
        assert stored[slug].last_polled_at == NOW and stored[slug].last_success_at is None
    assert stored["d-drop"].last_success_at == NOW
    # Each failure is logged with its message (no traceback: it is no bug);
    # the password never is.
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage().rsplit(" failed: ", 1)[1] for r in failures] == [
        by_slug[slug].error for slug in ("a-slow-feed", "b-dead-ftp", "c-garbage")
    ]
    assert not any(r.exc_info for r in failures)
    assert FTP_PASSWORD not in caplog.text


def test_a_later_good_poll_clears_the_error(http_server):
    http_server.publish("/rss", b"Service Unavailable", content_type="text/plain")
    source = make_source("gulf-rss", "feed", http_server.url("/rss"), timeout=5)
    assert not polling.poll_source(source, now=NOW).ok
    assert source.last_error.startswith(f"{http_server.url('/rss')}: not an RSS or Atom feed (")
    http_server.publish("/rss", fixture_bytes("rss.xml"))
    assert polling.poll_source(source, force=True).ok
    source.refresh_from_db()
    assert source.last_error == ""
    assert source.last_counts == {"new": 2, "seen": 0, "failed": 0, "batches": source.last_counts["batches"],
                                  "results": source.last_counts["results"]}


def test_item_not_downloaded_is_tried_again_next_poll(tmp_path, settings):
    drop = drop_directory(tmp_path)
    big = len(fixture_bytes("drop/desal_plant.txt"))
    suite = settings.NEWSDESK
    settings.NEWSDESK = {**suite, "POLL_MAX_DOWNLOAD_SIZE": big - 1}  # only desal_plant.txt is larger
    assert big - 1 >= max(len(fixture_bytes(f"drop/{n}")) for n in ("date_harvest.txt", "metro_tender.txt"))
    source = make_source("drop", "directory", str(drop))

    first = polling.poll_source(source, now=NOW)
    assert (first.new, first.failed) == (2, 1)
    assert first.error == (
        f"1 of the new items could not be downloaded: desal_plant.txt: larger than the {big - 1:,} bytes "
        "allowed for one download"
    )
    assert sorted(FetchedItem.objects.values_list("remote_name", flat=True)) == ["date_harvest.txt", "metro_tender.txt"]
    assert IngestSource.objects.get(pk=source.pk).last_counts["failed"] == 1

    settings.NEWSDESK = suite
    second = polling.poll_source(source, force=True)
    assert (second.ok, second.new, second.seen) == (True, 1, 2)
    assert Article.objects.filter(headline=DROP_HEADLINES["desal_plant.txt"]).count() == 1


def test_password_read_from_the_environment(ftp_server, monkeypatch):
    (ftp_server.home / "outgoing" / "metro_tender.txt").write_bytes(fixture_bytes("drop/metro_tender.txt"))
    source = make_source("agency-ftp", "ftp", ftp_server.url("/outgoing"), username=FTP_USER,
                         password="env:NEWSDESK_TEST_AGENCY_PASSWORD", timeout=5)
    monkeypatch.delenv("NEWSDESK_TEST_AGENCY_PASSWORD", raising=False)
    missing = polling.poll_source(source, now=NOW)
    assert missing.error == "the environment variable NEWSDESK_TEST_AGENCY_PASSWORD named for the password is not set"
    assert ftp_server.commands == []  # never even connected

    monkeypatch.setenv("NEWSDESK_TEST_AGENCY_PASSWORD", FTP_PASSWORD)
    found = polling.poll_source(source, force=True)
    assert (found.ok, found.new) == (True, 1), found.error
    assert ("PASS", FTP_PASSWORD) in ftp_server.commands


# --- which sources, when -----------------------------------------------------------------------


def test_only_due_sources_are_polled(tmp_path):
    drop = str(drop_directory(tmp_path, names=()))
    make_source("never", "directory", drop)
    make_source("due", "directory", drop, poll_every=5, last_polled_at=NOW - datetime.timedelta(minutes=5))
    make_source("recent", "directory", drop, poll_every=5, last_polled_at=NOW - datetime.timedelta(minutes=4))
    make_source("off", "directory", drop, enabled=False)

    reports = {r.slug: r for r in polling.poll_due_sources(now=NOW)}
    assert {slug: r.skipped for slug, r in reports.items()} == {
        "never": "", "due": "", "recent": polling.NOT_DUE, "off": polling.DISABLED,
    }
    polled_at = dict(IngestSource.objects.values_list("slug", "last_polled_at"))
    assert polled_at == {
        "never": NOW, "due": NOW, "recent": NOW - datetime.timedelta(minutes=4), "off": None,
    }

    forced = polling.poll_due_sources(now=NOW, slugs=["recent", "off"], force=True)
    assert [(r.slug, r.polled) for r in forced] == [("off", True), ("recent", True)]


def test_a_source_claimed_by_another_run_is_skipped_even_when_forced(tmp_path):
    source = make_source("drop", "directory", str(drop_directory(tmp_path)))
    # Another poll_sources process claims the source after this one read it,
    # and is still polling it: its lease runs for ten more minutes.
    IngestSource.objects.filter(pk=source.pk).update(
        last_polled_at=NOW, claimed_until=timezone.now() + datetime.timedelta(minutes=10), claimed_by="other-run"
    )
    source.refresh_from_db()  # read after the claim: only the lease tells
    for force in (False, True):
        report = polling.poll_source(source, now=NOW + datetime.timedelta(hours=1), force=force)
        assert report.skipped == polling.BUSY
    assert Article.objects.count() == 0 and FetchedItem.objects.count() == 0
    stored = IngestSource.objects.get(pk=source.pk)
    assert (stored.claimed_by, stored.last_polled_at) == ("other-run", NOW)


def test_a_run_that_read_the_source_before_another_polled_it_does_not_poll_it_again(tmp_path):
    source = make_source("drop", "directory", str(drop_directory(tmp_path)), poll_every=5)
    # Another run polled the source, and finished, after this one read it.
    IngestSource.objects.filter(pk=source.pk).update(last_polled_at=NOW)
    report = polling.poll_source(source, now=NOW + datetime.timedelta(minutes=1))
    assert report.skipped == polling.BUSY
    assert FetchedItem.objects.count() == 0


def test_the_claim_of_a_poller_that_died_is_taken_over_once_it_expires(tmp_path):
    source = make_source("drop", "directory", str(drop_directory(tmp_path)))
    IngestSource.objects.filter(pk=source.pk).update(
        last_polled_at=NOW, claimed_until=timezone.now() - datetime.timedelta(seconds=1), claimed_by="dead-run"
    )
    source.refresh_from_db()
    report = polling.poll_source(source, now=NOW + datetime.timedelta(minutes=10))
    assert (report.polled, report.ok, report.new) == (True, True, 3), report.error
    assert Article.objects.count() == 3
    stored = IngestSource.objects.get(pk=source.pk)
    assert (stored.claimed_until, stored.claimed_by) == (None, "")


def test_a_poll_releases_its_claim_when_it_ends_also_on_failure(tmp_path, http_server):
    http_server.publish("/garbage", b"<html><body>Gateway Timeout</body></html>", content_type="text/html")
    good = make_source("drop", "directory", str(drop_directory(tmp_path)))
    bad = make_source("garbage", "feed", http_server.url("/garbage"), timeout=5)
    assert polling.poll_source(good, now=NOW).ok
    assert not polling.poll_source(bad, now=NOW).ok
    assert list(IngestSource.objects.values_list("claimed_until", "claimed_by")) == [(None, ""), (None, "")]
    # Released, so the next forced poll (Poll now) polls at once.
    assert polling.poll_source(good, force=True).polled


def test_a_poll_that_lost_its_claim_stops(tmp_path):
    source = make_source("drop", "directory", str(drop_directory(tmp_path)))
    claim = polling.Claim.take(source, now=NOW, force=False)
    assert claim is not None
    # The lease ran out (a stuck poll) and another run took the source over.
    IngestSource.objects.filter(pk=source.pk).update(claimed_by="next-run")
    with pytest.raises(polling.ClaimLost):
        claim.extend()
    claim.release()
    assert IngestSource.objects.get(pk=source.pk).claimed_by == "next-run"


def test_queries_of_a_poll_with_nothing_new_do_not_grow_with_the_files(tmp_path,
                                                                        django_assert_num_queries):
    source = make_source("drop", "directory", str(drop_directory(tmp_path)))
    polling.poll_source(source, now=NOW)
    # 1. UPDATE claiming the source (last_polled_at, claimed_until, claimed_by)
    # 2. SELECT the known keys among the listed items
    # 3. UPDATE the source with the outcome, releasing the claim
    with django_assert_num_queries(3):
        report = polling.poll_source(source, force=True)
    assert (report.new, report.seen) == (0, 3)


# --- the command -------------------------------------------------------------------------------


def test_command_output_and_exit_status(tmp_path, http_server):
    http_server.publish("/garbage", b"{}", content_type="application/json")
    make_source("drop", "directory", str(drop_directory(tmp_path)))
    stdout, stderr = StringIO(), StringIO()
    call_command("poll_sources", stdout=stdout, stderr=stderr)
    assert stdout.getvalue().splitlines() == [
        "drop: 3 new, 0 seen before, 3 imported",
        "Polled 1 of 1 sources: 3 new items, 0 sources failed.",
    ]
    assert stderr.getvalue() == ""

    make_source("broken", "feed", http_server.url("/garbage"), timeout=5)
    stdout, stderr = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 sources failed: broken") as failed:
        call_command("poll_sources", "--force", stdout=stdout, stderr=stderr)
    assert failed.value.returncode == 1
    assert stderr.getvalue().startswith(f"broken: 0 new, 0 seen before; FAILED: {http_server.url('/garbage')}: ")
    assert stdout.getvalue().splitlines() == [
        "drop: 0 new, 3 seen before",
        "Polled 2 of 2 sources: 0 new items, 1 sources failed.",
    ]


def test_command_json(tmp_path):
    make_source("drop", "directory", str(drop_directory(tmp_path, names=["metro_tender.txt"])))
    stdout = StringIO()
    call_command("poll_sources", "--json", "--source", "drop", stdout=stdout)
    [report] = json.loads(stdout.getvalue())
    batch = ImportBatch.objects.get()
    assert report == {
        "source": "drop", "name": "Drop", "kind": "directory", "polled": True, "skipped": "", "ok": True,
        "error": "", "new": 1, "seen": 0, "failed": 0, "not_modified": False, "batches": [batch.pk],
        "results": {"imported": 1},
    }


def test_command_unknown_source_polls_nothing(tmp_path):
    make_source("drop", "directory", str(drop_directory(tmp_path)))
    with pytest.raises(CommandError, match="unknown ingest source: nowhere") as failed:
        call_command("poll_sources", "--source", "drop", "--source", "nowhere", stdout=StringIO())
    assert failed.value.returncode == 2
    assert IngestSource.objects.get().last_polled_at is None


def test_command_names_a_source_that_is_not_due(tmp_path):
    make_source("drop", "directory", str(drop_directory(tmp_path)), last_polled_at=timezone.now())
    stdout = StringIO()
    call_command("poll_sources", "--source", "drop", stdout=stdout)
    assert stdout.getvalue().splitlines() == [
        "drop: skipped (not due)",
        "Polled 0 of 1 sources: 0 new items, 0 sources failed.",
    ]
