"""The demo site's header shows today's date bar and article pages show the
article's date with ``{% dual_date %}`` (templates from example_project)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from newsdesk import hijri as hijri_layer
from newsdesk.models import Article, HijriMonthStart

EXAMPLE_TEMPLATES = Path(__file__).resolve().parent.parent / "example_project" / "templates"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_calendar():
    hijri_layer.reset_calendar_cache()
    yield
    hijri_layer.reset_calendar_cache()


@pytest.fixture
def example_templates(settings):
    templates = [dict(settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [EXAMPLE_TEMPLATES]
    with override_settings(TEMPLATES=templates):
        yield


def test_article_page_shows_dual_date_and_header_today(client, example_templates):
    HijriMonthStart.objects.create(year=1447, month=6, starts_on=datetime.date(2025, 11, 23))
    # 10:00 in Muscat on 7 December 2025
    published = datetime.datetime(2025, 12, 7, 6, 0, tzinfo=datetime.timezone.utc)
    article = Article.objects.create(headline="Talks", status="published", published_at=published)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H" in page
    today = timezone.localdate().strftime("%A, %B %d, %Y")
    assert f'<span class="site-date">{today} | ' in page
