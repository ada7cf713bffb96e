"""Saving models stores sanitised HTML (real database, both backends)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from newsdesk.models import Article, Caption


@pytest.fixture(params=["nh3", "bleach"])
def backend(request):
    with override_settings(NEWSDESK={"SANITIZER": request.param}):
        yield request.param


@pytest.mark.django_db
def test_article_body_and_standfirst_are_sanitised_on_save(backend):
    article = Article.objects.create(
        headline="Russia, US diplomats discuss 'next steps' on Ukraine",
        body='<p onclick="steal()">Russia and the US <script>alert(1)</script>met.</p>'
        '<a href="javascript\u200b:alert(1)">more</a>',
        standfirst='<img src=x onerror=alert(1)><b>Talks</b> <a href="https://example.com/">on</a>',
    )
    stored = Article.objects.get(pk=article.pk)
    assert stored.body == "<p>Russia and the US met.</p><a>more</a>"
    assert stored.standfirst == '<img src="x"><b>Talks</b> <a href="https://example.com/">on</a>'


@pytest.mark.django_db
def test_arabic_body_is_stored_unchanged(backend):
    body = '<p dir="rtl" lang="ar">مسقط: اجتمع الدبلوماسيون <strong>اليوم</strong>.</p>'
    article = Article.objects.create(headline="محادثات", body=body)
    assert Article.objects.get(pk=article.pk).body == body


@pytest.mark.django_db
def test_update_through_save_is_sanitised_too(backend):
    article = Article.objects.create(headline="h", body="<p>fine</p>")
    article.body = '<p>x</p><iframe src="https://evil.example/"></iframe>'
    article.save()
    assert Article.objects.get(pk=article.pk).body == "<p>x</p>"


@pytest.mark.django_db
def test_full_clean_sanitises_before_validation(backend):
    article = Article(headline="h", body='<p style="x">a</p><svg onload=alert(1)></svg>')
    article.full_clean()
    assert article.body == "<p>a</p>"


@pytest.mark.django_db
def test_caption_text_is_sanitised_on_save(backend):
    article = Article.objects.create(headline="Firefighters")
    caption = Caption.objects.create(
        article=article,
        text='Firefighters work <a href="JaVaScRiPt:alert(1)">at the site</a>'
        "<script>alert(1)</script>",
    )
    assert Caption.objects.get(pk=caption.pk).text == "Firefighters work <a>at the site</a>"
