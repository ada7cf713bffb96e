"""Reader pages: only published articles, canonical slugs, constant queries."""

from __future__ import annotations

import pytest

from tests.factories import afp, make_article, make_caption, make_published

pytestmark = pytest.mark.django_db


def test_list_shows_published_articles_only(client):
    make_published("Muscat port opens", credit=afp(), dateline="MUSCAT")
    make_article("Still a draft")
    content = client.get("/news/").content.decode()
    assert "Muscat port opens" in content
    assert '<span class="newsdesk-teaser__dateline">MUSCAT</span>' in content
    assert '<span class="newsdesk-teaser__credit">AFP</span>' in content
    assert "Still a draft" not in content


def test_article_page_shows_body_captions_and_credit(client):
    article = make_published("Rain in Salalah", body="<p>It rained.</p>", credit=afp(), dateline="SALALAH")
    article.tags.add("Weather")
    make_caption(
        article, "Clouds over the hills.", credit_text="Staff photographer",
        image="newsdesk/captions/clouds.jpg",
    )
    response = client.get(article.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "<p>It rained.</p>" in content
    assert '<img class="newsdesk-figure__image" src="/media/newsdesk/captions/clouds.jpg"' in content
    assert (
        '<figcaption class="newsdesk-figure__caption">Clouds over the hills. '
        '<span class="newsdesk-figure__credit">Staff photographer</span></figcaption>'
    ) in content
    assert '<p class="newsdesk-article__credit">Source: AFP</p>' in content
    assert '<li class="newsdesk-tags__tag">Weather</li>' in content


def test_drafts_are_not_found(client):
    draft = make_article("Draft")
    assert client.get(f"/news/{draft.pk}/{draft.slug}/").status_code == 404


def test_wrong_slug_redirects_to_the_canonical_address(client):
    article = make_published("Oman opens new port")
    response = client.get(f"/news/{article.pk}/old-slug/")
    assert response.status_code == 301
    assert response["Location"] == f"/news/{article.pk}/oman-opens-new-port/"


def test_arabic_article_page_is_right_to_left(client):
    article = make_published("مسقط تستضيف المعرض", language="ar")
    content = client.get(article.get_absolute_url()).content.decode()
    assert '<article class="newsdesk-article" lang="ar" dir="rtl">' in content


def test_list_page_queries_do_not_grow_with_articles(client):
    for i in range(3):
        make_published(f"story {i}", credit=afp())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/news/")
    for i in range(3, 20):
        make_published(f"story {i}", credit=afp())
    with CaptureQueriesContext(connection) as many:
        client.get("/news/")
    assert len(few.captured_queries) == len(many.captured_queries)
