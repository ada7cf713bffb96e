"""Embargoes in the data layer: read on import, enforced on every code path,
lifted by the clock alone (``published()`` checks when the query runs)."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from newsdesk.ingest import IMPORTED, import_story
from newsdesk.models import Article

from .factories import make_article

pytestmark = pytest.mark.django_db

VERSIONS = Path(__file__).resolve().parent / "fixtures" / "versions"
UTC = datetime.timezone.utc


def text(name: str) -> str:
    return (VERSIONS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["en_embargoed.txt", "ar_embargoed.txt"])
def test_the_embargo_line_becomes_embargo_until_and_leaves_the_body(name):
    result = import_story(text(name), source_name=name)
    assert result.status == IMPORTED, result.error
    article = result.article
    # en: "EMBARGOED UNTIL 0600 GMT 7 December 2025";
    # ar: "... الساعة 10:00 بتوقيت مسقط يوم ٧ ديسمبر ٢٠٢٥" (Muscat is UTC+4).
    assert article.embargo_until == datetime.datetime(2025, 12, 7, 6, 0, tzinfo=UTC)
    assert "EMBARGO" not in article.body and "محظور" not in article.body


def future_embargo_text(minutes: int = 90) -> tuple[str, datetime.datetime]:
    """en_embargoed.txt with its embargo moved to ``minutes`` from now (whole minutes, UTC)."""
    until = (timezone.now() + datetime.timedelta(minutes=minutes)).astimezone(UTC).replace(second=0, microsecond=0)
    line = f"EMBARGOED UNTIL {until:%H%M} GMT {until.day} {until:%B %Y}"
    return text("en_embargoed.txt").replace("EMBARGOED UNTIL 0600 GMT 7 December 2025", line), until


def test_publishing_before_the_embargo_is_refused_with_a_clear_message():
    story, until = future_embargo_text()
    article = import_story(story, source_name="embargoed.txt").article
    assert article.embargo_until == until
    with pytest.raises(ValidationError) as refused:
        article.publish()
    message = " ".join(refused.value.messages)
    assert "embargoed until" in message
    assert f"{timezone.localtime(until):%Y-%m-%d %H:%M}" in message
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_every_code_path_refuses_a_publication_time_before_the_embargo():
    until = timezone.now() + datetime.timedelta(hours=1)
    article = make_article("Embargoed", embargo_until=until)
    article.status = Article.Status.PUBLISHED
    # full_clean() (the admin's form): an error on the status field.
    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert "status" in refused.value.message_dict
    # save() with a publication time before the embargo.
    article.published_at = timezone.now()
    with pytest.raises(ValidationError):
        article.save()
    # A queryset update() skips save(): the database's constraint refuses it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status="published", published_at=timezone.now())
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_publishing_at_the_embargo_or_later_is_allowed():
    until = timezone.now() + datetime.timedelta(hours=1)
    article = make_article("Embargoed", embargo_until=until)
    article.publish(when=until)
    article.full_clean()
    article.save()
    assert article.status == Article.Status.PUBLISHED and article.published_at == until


def test_an_embargoed_article_appears_at_its_time_with_no_job_running():
    until = timezone.now() + datetime.timedelta(seconds=2)
    article = make_article("Embargoed", embargo_until=until, status="published", published_at=until)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    time.sleep(max(0.0, (until - timezone.now()).total_seconds()) + 0.2)
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_importing_an_embargoed_story_as_published_schedules_it_for_the_embargo():
    story, until = future_embargo_text()
    result = import_story(story, source_name="embargoed.txt", status="published")
    assert result.status == IMPORTED, result.error
    assert (result.article.status, result.article.published_at) == (Article.Status.PUBLISHED, until)
    assert any("Embargoed until" in warning for warning in result.warnings)
    assert not Article.objects.published().exists()

