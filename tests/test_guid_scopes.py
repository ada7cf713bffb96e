"""A guid names a story only within the source that issued it.

An agency's guid (NewsML-G2 ``guid``, ninjs ``uri``, an RSS entry's
``<guid>``) says which story an item is a version of, but only among the
items of the same issuer: the polled source it came from, the news source
an import names, or else the agency it is credited to.  An item from
another source that happens (or is made) to carry the same guid is a story
of its own: it never replaces, updates or withdraws the other's article.

The polled tests serve their feeds and documents from a real HTTP server on
127.0.0.1 and import them with the real importer (immediate task backend);
the documents are written here, and every expected text is read off them.
"""

from __future__ import annotations

import datetime
import importlib
import json

import pytest
from django.apps import apps

from newsdesk import updates
from newsdesk.ingest import IMPORTED, UPDATED, WITHDRAWN, import_story
from newsdesk.models import Article, ArticleUpdate, ImportBatch, ImportItem, IngestSource, NewsSource, WireCredit
from newsdesk.sources import polling
from tests.sources_servers import http_server  # noqa: F401 (fixture)
from tests.wire_import_support import ensure_wire_credits

AFP_GUID = "urn:newsml:afp.com:20251208:TX-PAR-KQV41"
AFP_HEADLINE = "Gulf states agree common rules for electric car charging"
AFP_LEAD = "Gulf Cooperation Council ministers agreed on Monday on one plug standard for electric car chargers."
AFP_SECOND = "The rules take effect across the six states in 2027, the council said."
AFP_THIRD = "Oman and Qatar will publish their charging maps first."

RSS_HEADLINE = "Ferry fares to Musandam cut for the winter season"
RSS_LEAD = "Ferry fares between Muscat and Khasab drop by a third from Monday, the operator said."
RSS_LATER_HEADLINE = "Ferry fares to Musandam cut by a third for the winter"
RSS_LATER_LEAD = "Ferry fares between Muscat and Khasab drop by a third from Monday until March, the operator said."

NOW = datetime.datetime(2025, 12, 8, 6, 0, tzinfo=datetime.timezone.utc)


def ninjs(*paragraphs: str, guid: str = AFP_GUID, version: int = 1, headline: str = AFP_HEADLINE,
          copyrightholder: str = "AFP", pubstatus: str = "usable") -> str:
    item: dict = {
        "uri": guid,
        "version": str(version),
        "type": "text",
        "pubstatus": pubstatus,
        "language": "en",
        "headlines": [{"role": "main", "value": headline}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}],
    }
    if copyrightholder:
        item["copyrightholder"] = copyrightholder
    return json.dumps(item, ensure_ascii=False)


def rss(title: str, lead: str, *, guid: str = AFP_GUID, published: str = "Mon, 08 Dec 2025 05:30:00 GMT") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>Coastal Ferries News</title>
    <link>http://ferries.invalid/</link>
    <description>Invented stories for newsdesk's tests.</description>
    <language>en</language>
    <item>
      <title>{title}</title>
      <link>http://ferries.invalid/2025/12/fares</link>
      <guid isPermaLink="false">{guid}</guid>
      <pubDate>{published}</pubDate>
      <description>&lt;p&gt;{lead}&lt;/p&gt;</description>
    </item>
  </channel>
</rss>
""".encode()


def imported(text: str, **options):
    result = import_story(text, source_name="item.json", **options)
    assert result.ok, result.error
    return result


def untouched_afp(article: Article) -> None:
    """``article`` still holds the AFP item's first version, and nothing waits to change it."""
    article.refresh_from_db()
    assert article.headline == AFP_HEADLINE
    assert article.body == f"<p>{AFP_LEAD}</p>\n<p>{AFP_SECOND}</p>"
    assert article.guid_version == 1
    assert article.status == Article.Status.DRAFT
    assert article.withdrawal_reason == ""
    assert not article.updates.exists()


# --- polled sources ---------------------------------------------------------------------


def afp_polled(http_server) -> tuple[IngestSource, Article]:  # noqa: F811 (the fixture's value)
    """The AFP item, polled from an AFP endpoint credited to AFP: a draft."""
    ensure_wire_credits()
    http_server.publish("/afp", ninjs(AFP_LEAD, AFP_SECOND).encode(), content_type="application/json")
    afp = make_source("afp-docs", "documents", http_server.url("/afp"),
                      default_credit=WireCredit.objects.get(short_name="AFP"))
    report = polling.poll_source(afp, now=NOW)
    assert report.results == {IMPORTED: 1}, report.error
    return afp, Article.objects.get(guid=AFP_GUID)


def make_source(slug: str, kind: str, location: str, **fields) -> IngestSource:
    return IngestSource.objects.create(name=slug.replace("-", " ").title(), slug=slug, kind=kind,
                                       location=location, timeout=5, **fields)


@pytest.mark.django_db(transaction=True)
def test_a_feed_entry_carrying_an_agency_drafts_guid_is_a_story_of_its_own(http_server):  # noqa: F811
    _, afp_article = afp_polled(http_server)
    http_server.publish("/ferries.rss", rss(RSS_HEADLINE, RSS_LEAD), content_type="application/rss+xml")
    feed = make_source("ferries-rss", "feed", http_server.url("/ferries.rss"))

    report = polling.poll_source(feed, now=NOW + datetime.timedelta(minutes=5))

    assert report.results == {IMPORTED: 1}, report.error
    untouched_afp(afp_article)
    assert ArticleUpdate.objects.count() == 0
    feed_article = Article.objects.exclude(pk=afp_article.pk).get(guid=AFP_GUID)
    assert feed_article.headline == RSS_HEADLINE
    assert feed_article.body == f"<p>{RSS_LEAD}</p>"
    assert feed_article.credit is None
    [item] = ImportItem.objects.filter(batch__source=feed)
    assert (item.status, item.article_id) == (IMPORTED, feed_article.pk)


@pytest.mark.django_db(transaction=True)
def test_the_same_guid_from_the_same_feed_still_updates_its_own_story(http_server):  # noqa: F811
    _, afp_article = afp_polled(http_server)
    http_server.publish("/ferries.rss", rss(RSS_HEADLINE, RSS_LEAD), content_type="application/rss+xml")
    feed = make_source("ferries-rss", "feed", http_server.url("/ferries.rss"))
    assert polling.poll_source(feed, now=NOW + datetime.timedelta(minutes=5)).results == {IMPORTED: 1}
    feed_article = Article.objects.exclude(pk=afp_article.pk).get(guid=AFP_GUID)

    # The feed edits its entry: a later update time is a higher version.
    http_server.publish("/ferries.rss", rss(RSS_LATER_HEADLINE, RSS_LATER_LEAD,
                                             published="Mon, 08 Dec 2025 07:45:00 GMT"),
                        content_type="application/rss+xml")
    report = polling.poll_source(feed, now=NOW + datetime.timedelta(minutes=10))

    assert report.results == {UPDATED: 1}, report.error
    feed_article.refresh_from_db()
    assert feed_article.headline == RSS_LATER_HEADLINE
    assert feed_article.body == f"<p>{RSS_LATER_LEAD}</p>"
    assert ArticleUpdate.objects.get().article_id == feed_article.pk
    untouched_afp(afp_article)
    assert Article.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_polled_from_another_source_leaves_the_agency_story_alone(http_server):  # noqa: F811
    _, afp_article = afp_polled(http_server)
    http_server.publish("/other", ninjs("This story has been withdrawn.", version=2, pubstatus="withdrawn").encode(),
                        content_type="application/json")
    other = make_source("other-docs", "documents", http_server.url("/other"))

    report = polling.poll_source(other, now=NOW + datetime.timedelta(minutes=5))

    assert report.ok, report.error
    untouched_afp(afp_article)
    [item] = ImportItem.objects.filter(batch__source=other)
    assert item.article_id is None
    assert any("never imported here" in warning for warning in item.warnings), item.warnings


@pytest.mark.django_db(transaction=True)
def test_a_polled_story_is_no_version_of_a_story_imported_by_hand_with_its_guid(http_server):  # noqa: F811
    ensure_wire_credits()
    afp_article = imported(ninjs(AFP_LEAD, AFP_SECOND)).article
    http_server.publish("/afp", ninjs(AFP_LEAD, AFP_SECOND, AFP_THIRD, version=2).encode(),
                        content_type="application/json")
    source = make_source("afp-docs", "documents", http_server.url("/afp"),
                         default_credit=WireCredit.objects.get(short_name="AFP"))

    report = polling.poll_source(source, now=NOW)

    assert report.results == {IMPORTED: 1}, report.error
    untouched_afp(afp_article)
    assert Article.objects.filter(guid=AFP_GUID).count() == 2


# --- imports by hand ----------------------------------------------------------------------


@pytest.fixture
def credits(db):
    ensure_wire_credits()


def test_the_same_guid_credited_to_another_agency_is_a_new_story(credits):
    afp_article = imported(ninjs(AFP_LEAD, AFP_SECOND)).article
    other = imported(ninjs(AFP_LEAD, AFP_SECOND, AFP_THIRD, version=2, copyrightholder="Reuters"))
    assert other.status == IMPORTED
    assert other.article.pk != afp_article.pk
    assert other.article.credit.short_name == "Reuters"
    untouched_afp(afp_article)


def test_a_credit_given_to_the_import_scopes_the_guid_as_the_items_own_would(credits):
    afp_article = imported(ninjs(AFP_LEAD, AFP_SECOND, copyrightholder=""), credit="AFP").article
    assert afp_article.credit.short_name == "AFP"
    reuters = imported(ninjs(AFP_LEAD, AFP_SECOND, AFP_THIRD, version=2, copyrightholder=""), credit="Reuters")
    assert reuters.status == IMPORTED
    untouched_afp(afp_article)
    # The agency's own spelling of its name is the same agency: an update.
    again = imported(ninjs(AFP_LEAD, AFP_THIRD, version=2, copyrightholder="Agence France-Presse"))
    assert (again.status, again.update_of) == (UPDATED, afp_article.pk)


def test_a_cancellation_naming_no_agency_withdraws_the_story_imported_by_hand(credits):
    # Agencies' cancellations often carry nothing but the guid.
    afp_article = imported(ninjs(AFP_LEAD, AFP_SECOND)).article
    result = imported(ninjs(version=2, pubstatus="canceled", copyrightholder=""))
    assert (result.status, result.as_dict()["id"]) == (WITHDRAWN, afp_article.pk)
    afp_article.refresh_from_db()
    assert afp_article.status == Article.Status.WITHDRAWN


def test_a_cancellation_naming_no_agency_cannot_say_which_of_two_agencies_stories_it_takes_down(credits):
    afp_article = imported(ninjs(AFP_LEAD, AFP_SECOND)).article
    reuters_article = imported(ninjs(AFP_LEAD, AFP_SECOND, AFP_THIRD, copyrightholder="Reuters")).article
    result = imported(ninjs(version=2, pubstatus="canceled", copyrightholder=""))
    assert (result.status, result.as_dict()["id"]) == (WITHDRAWN, None)
    assert any("never imported here" in warning for warning in result.warnings)
    untouched_afp(afp_article)
    reuters_article.refresh_from_db()
    assert reuters_article.status == Article.Status.DRAFT


def test_a_story_naming_no_agency_is_never_a_version_of_a_polled_or_named_sources_story(credits):
    gulf = imported(ninjs(AFP_LEAD, AFP_SECOND), source="Gulf Wire").article
    result = imported(ninjs(version=2, pubstatus="canceled", copyrightholder=""))
    assert result.as_dict()["id"] is None
    untouched_afp(gulf)
    plain = imported(ninjs(AFP_LEAD, AFP_THIRD, version=2, copyrightholder=""))
    assert plain.status == IMPORTED
    untouched_afp(gulf)


def test_the_same_guid_from_the_same_agency_updates_its_story(credits):
    first = imported(ninjs(AFP_LEAD, AFP_SECOND))
    second = imported(ninjs(AFP_LEAD, AFP_SECOND, AFP_THIRD, version=2))
    assert second.status == UPDATED
    assert second.update_of == first.article.pk
    first.article.refresh_from_db()
    assert first.article.guid_version == 2


def test_a_named_news_source_is_the_issuer_of_its_items_guids(credits):
    gulf = imported(ninjs(AFP_LEAD, AFP_SECOND), source="Gulf Wire").article
    ledger = imported(ninjs(AFP_LEAD, AFP_SECOND, AFP_THIRD, version=2), source="Dhofar Ledger")
    assert ledger.status == IMPORTED
    untouched_afp(gulf)
    # Credited to AFP, but from no named source: not Gulf Wire's story either.
    plain = imported(ninjs(AFP_LEAD, "Kuwait joins in 2028.", version=2))
    assert plain.status == IMPORTED
    untouched_afp(gulf)
    again = imported(ninjs(AFP_LEAD, AFP_THIRD, version=2), source="gulf wire")
    assert (again.status, again.update_of) == (UPDATED, gulf.pk)


def test_a_withdrawal_credited_to_another_agency_withdraws_nothing(credits):
    afp_article = imported(ninjs(AFP_LEAD, AFP_SECOND)).article
    result = imported(ninjs(version=2, pubstatus="withdrawn", copyrightholder="Reuters"))
    assert result.status == WITHDRAWN
    assert result.as_dict()["id"] is None
    assert any("never imported here" in warning for warning in result.warnings)
    untouched_afp(afp_article)


def test_the_scope_is_stored_with_the_guid(credits):
    afp = WireCredit.objects.get(short_name="AFP")
    article = imported(ninjs(AFP_LEAD, AFP_SECOND)).article
    assert article.guid_scope == updates.guid_scope(credit=afp) == f"agency:{afp.pk}"
    unknown = imported(ninjs(AFP_LEAD, version=1, guid="urn:x:1", copyrightholder="Muscat Daily Wire")).article
    assert unknown.guid_scope == "credit:muscat daily wire"
    source = NewsSource.objects.create(name="Gulf Wire")
    named = imported(ninjs(AFP_LEAD, version=1, guid="urn:x:2"), source=source).article
    assert named.guid_scope == f"news:{source.pk}"
    anonymous = imported(ninjs(AFP_LEAD, version=1, guid="urn:x:3", copyrightholder="")).article
    assert anonymous.guid_scope == ""


# --- articles stored before scopes --------------------------------------------------------


def test_the_migration_gives_stored_articles_the_scope_they_were_imported_in(credits):
    backfill = importlib.import_module("newsdesk.migrations.0010_article_guid_scope").backfill_guid_scopes
    afp = WireCredit.objects.get(short_name="AFP")
    paper = NewsSource.objects.create(name="Gulf Wire")
    feed = IngestSource.objects.create(name="Ferries", slug="ferries", kind="feed", location="http://x.invalid/",
                                       news_source=paper, default_credit=afp)
    polled = Article.objects.create(headline="Polled", guid="urn:a", credit=afp, news_source=paper)
    batch = ImportBatch.objects.create(source=feed)
    ImportItem.objects.create(batch=batch, position=0, name="a", state="done", status=IMPORTED, article=polled)
    # A later item of the poll that only updated the article does not decide.
    other_feed = IngestSource.objects.create(name="Other", slug="other", kind="feed", location="http://y.invalid/")
    ImportItem.objects.create(batch=ImportBatch.objects.create(source=other_feed), position=0, name="b",
                              state="done", status=UPDATED, article=polled)
    Article.objects.create(headline="Named", guid="urn:b", credit=afp, news_source=paper)
    Article.objects.create(headline="Credited", guid="urn:c", credit=afp)
    Article.objects.create(headline="By text", guid="urn:d", credit_text="Muscat Daily Wire")
    Article.objects.create(headline="Anonymous", guid="urn:e")
    Article.objects.create(headline="No guid", credit=afp)

    backfill(apps, None)

    scopes = dict(Article.objects.values_list("headline", "guid_scope"))
    assert scopes == {
        "Polled": f"ingest:{feed.pk}",
        "Named": f"news:{paper.pk}",
        "Credited": f"agency:{afp.pk}",
        "By text": "credit:muscat daily wire",
        "Anonymous": "",
        "No guid": "",
    }
    assert scopes["Polled"] == updates.guid_scope(ingest_source_id=feed.pk, news_source=paper, credit=afp)

