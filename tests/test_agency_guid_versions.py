"""Agency items that name themselves: the same guid at a higher version is an
update of the article, a canceled or withdrawn item withdraws it.

The items are ninjs 2.x documents written here from the specification
(``uri``, ``version``, ``pubstatus``, ``headlines``, ``bodies``); the
expected texts are read off these documents, not off the importer's output.
"""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from newsdesk import updates
from newsdesk.ingest import DUPLICATE, FAILED, IMPORTED, UPDATE_PENDING, UPDATED, WITHDRAWN, import_story
from newsdesk.models import Article, ArticleUpdate

pytestmark = pytest.mark.django_db

GUID = "urn:newsml:omannews.example:20251207:dhofar-rain"
HEADLINE = "Heavy rain closes mountain roads in Dhofar"
LEAD = "Heavy rain closed three mountain roads in Dhofar on Sunday, police said."
SECOND = "The Royal Oman Police urged drivers to avoid wadis until the water recedes."
THIRD = "Schools in Taqah and Mirbat will stay shut on Monday."


def ninjs(*paragraphs: str, version: int | None = 1, guid: str = GUID, headline: str = HEADLINE,
          pubstatus: str = "usable", language: str = "en") -> str:
    item: dict = {
        "uri": guid,
        "type": "text",
        "pubstatus": pubstatus,
        "language": language,
        "headlines": [{"role": "main", "value": headline}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}],
    }
    if version is not None:
        item["version"] = str(version)
    return json.dumps(item, ensure_ascii=False)


def imported(text: str, **options):
    result = import_story(text, source_name="item.json", **options)
    assert result.ok, result.error
    return result


def test_the_first_version_is_a_new_article_carrying_the_guid_and_version():
    result = imported(ninjs(LEAD, SECOND))
    assert result.status == IMPORTED
    article = Article.objects.get()
    assert (article.guid, article.guid_version) == (GUID, 1)
    assert article.headline == HEADLINE
    assert result.as_dict()["guid"] == GUID
    assert result.as_dict()["version"] == 1


def test_a_higher_version_of_an_untouched_draft_replaces_its_text():
    first = imported(ninjs(LEAD, SECOND))
    second = imported(ninjs(LEAD, SECOND, THIRD, version=2))

    assert second.status == UPDATED
    assert second.as_dict()["id"] == first.article.pk
    article = Article.objects.get()
    assert THIRD in article.body
    assert article.guid_version == 2
    applied = ArticleUpdate.objects.get()
    assert applied.status == ArticleUpdate.Status.APPLIED
    assert applied.guid_version == 2
    assert applied.match_reason == "same agency guid, version 2"


def test_a_guid_is_trusted_over_the_text_even_when_the_new_version_is_rewritten():
    imported(ninjs(LEAD, SECOND))
    rewritten = imported(ninjs("Police reopened two of the three roads by evening.", version=2,
                               headline="Two Dhofar roads reopen after rain"))
    assert rewritten.status == UPDATED
    article = Article.objects.get()
    assert article.headline == "Two Dhofar roads reopen after rain"


def test_a_published_article_keeps_its_text_and_gets_a_pending_update_that_carries_the_version():
    first = imported(ninjs(LEAD, SECOND))
    article = first.article
    article.publish()
    article.save()

    second = imported(ninjs(LEAD, SECOND, THIRD, version=2))
    assert second.status == UPDATE_PENDING
    assert second.as_dict()["id"] == article.pk
    article.refresh_from_db()
    assert THIRD not in article.body
    assert article.guid_version == 1

    pending = updates.pending_updates(article).get()
    updates.apply_update(pending, may_publish=True)  # the article is published: a publisher's decision
    article.refresh_from_db()
    assert THIRD in article.body
    assert article.guid_version == 2


def test_an_earlier_or_equal_version_arriving_late_changes_nothing():
    imported(ninjs(LEAD, SECOND))
    imported(ninjs(LEAD, SECOND, THIRD, version=3))
    # Version 2 (a text never seen) arrives after version 3.
    late = imported(ninjs(LEAD, "The police asked drivers to stay home.", version=2))

    assert late.status == DUPLICATE
    article = Article.objects.get()
    assert late.duplicate_of == article.pk
    assert THIRD in article.body
    assert article.guid_version == 3
    assert any("already has version 3" in warning for warning in late.warnings)
    kept = ArticleUpdate.objects.get(guid_version=2)
    assert kept.status == ArticleUpdate.Status.SUPERSEDED


def test_the_same_version_sent_again_is_a_duplicate():
    first = imported(ninjs(LEAD, SECOND))
    again = imported(ninjs(LEAD, SECOND))
    assert again.status == DUPLICATE
    assert again.duplicate_of == first.article.pk
    assert Article.objects.count() == 1


def test_different_guids_are_different_stories_even_with_the_same_text():
    imported(ninjs(LEAD, SECOND))
    other = imported(ninjs(LEAD, SECOND, guid="urn:newsml:omannews.example:20251207:dhofar-rain-2"))
    assert other.status == IMPORTED
    assert Article.objects.count() == 2


@pytest.mark.parametrize("pubstatus", ["canceled", "withdrawn"])
def test_a_canceled_or_withdrawn_item_withdraws_the_published_article(client, pubstatus):
    article = imported(ninjs(LEAD, SECOND)).article
    article.publish(when=timezone.now() - timezone.timedelta(minutes=5))
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 200

    # Imported with the publish authority (the operator's command, a publisher in the admin).
    result = imported(ninjs(version=2, pubstatus=pubstatus), may_publish=True)
    assert result.status == WITHDRAWN
    assert result.as_dict()["id"] == article.pk
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert article.withdrawal_reason == "The agency withdrew this story."
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    assert not Article.objects.published().exists()


def test_the_agency_note_on_a_withdrawal_is_the_reason_readers_see():
    article = imported(ninjs(LEAD, SECOND)).article
    note = "This story has been withdrawn: the police statement was issued in error."
    result = imported(ninjs(note, version=2, pubstatus="withdrawn"))
    assert result.status == WITHDRAWN
    article.refresh_from_db()
    assert article.withdrawal_reason == note


def test_the_default_withdrawal_notice_is_in_the_articles_language():
    guid = "urn:newsml:omannews.example:20251207:ar-rain"
    article = imported(ninjs("أغلقت الأمطار الغزيرة ثلاث طرق جبلية في ظفار يوم الأحد.", guid=guid,
                             headline="أمطار غزيرة تغلق طرقا جبلية في ظفار", language="ar")).article
    imported(ninjs(version=2, guid=guid, pubstatus="canceled", headline="أمطار غزيرة تغلق طرقا جبلية في ظفار",
                   language="ar"))
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert article.withdrawal_reason == "سحبت الوكالة هذا الخبر."


def test_withdrawing_a_story_never_imported_changes_nothing_and_says_so():
    imported(ninjs(LEAD, SECOND))
    result = imported(ninjs(version=2, guid="urn:newsml:omannews.example:unknown", pubstatus="canceled"))
    assert result.status == WITHDRAWN
    assert result.as_dict()["id"] is None
    assert any("never imported here" in warning for warning in result.warnings)
    assert Article.objects.get().status == Article.Status.DRAFT


def test_a_withdrawal_in_a_dry_run_changes_nothing():
    article = imported(ninjs(LEAD, SECOND)).article
    result = import_story(ninjs(version=2, pubstatus="withdrawn"), source_name="item.json", dry_run=True)
    assert result.update_outcome == WITHDRAWN
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert result.status != FAILED
