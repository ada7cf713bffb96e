"""Model behaviour: seeded agencies, publishing, querysets, constraints."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from newsdesk.models import Article, HijriMonthStart, WireCredit
from tests.factories import afp, make_article, make_caption

pytestmark = pytest.mark.django_db


def test_data_migration_seeds_the_gulf_agencies():
    short_names = set(WireCredit.objects.values_list("short_name", flat=True))
    for expected in ["AFP", "Reuters", "AP", "ONA", "WAM", "SPA", "KUNA", "QNA", "BNA", "dpa", "Xinhua", "Bloomberg"]:
        assert expected in short_names
    ona = WireCredit.objects.get(short_name="ONA")
    assert ona.name == "Oman News Agency"
    assert "العمانية" in ona.alias_list


def test_all_names_lists_short_name_name_and_aliases_once():
    credit = WireCredit(short_name="XYZ", name="XYZ", aliases="Ex Why Zed\n\n  XYZ News \n")
    assert credit.all_names() == ["XYZ", "Ex Why Zed", "XYZ News"]


def test_str_of_each_model():
    article = make_article("Oman opens new port", credit=afp())
    caption = make_caption(article, "Ships at the new port.")
    start = HijriMonthStart.objects.create(year=1447, month=6, starts_on=datetime.date(2025, 11, 23))
    assert str(article) == "Oman opens new port"
    assert str(caption) == "Ships at the new port."
    assert str(afp()) == "AFP"
    assert str(start) == "1447-06 starts 2025-11-23"


def test_slug_is_filled_from_the_headline_including_arabic():
    assert make_article("Oman opens new port").slug == "oman-opens-new-port"
    assert make_article("مسقط تستضيف المعرض").slug == "مسقط-تستضيف-المعرض"


def test_published_excludes_drafts_withdrawn_and_future():
    now = timezone.now()
    live = make_article("live", status=Article.Status.PUBLISHED, published_at=now - datetime.timedelta(hours=1))
    make_article("draft")
    make_article("withdrawn", status=Article.Status.WITHDRAWN, published_at=now)
    make_article("scheduled", status=Article.Status.PUBLISHED, published_at=now + datetime.timedelta(days=1))
    assert list(Article.objects.published()) == [live]


def test_publish_keeps_an_existing_published_at():
    first = timezone.now() - datetime.timedelta(days=3)
    article = make_article("x", status=Article.Status.WITHDRAWN, published_at=first)
    article.publish()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == first


def test_source_hash_is_unique_but_many_articles_may_have_none():
    make_article("one")
    make_article("two")  # both NULL: allowed
    make_article("three", source_hash="a" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="four", source_hash="a" * 64)


def test_one_hijri_month_start_per_year_and_month():
    HijriMonthStart.objects.create(year=1447, month=6, starts_on=datetime.date(2025, 11, 23))
    with pytest.raises(IntegrityError), transaction.atomic():
        HijriMonthStart.objects.create(year=1447, month=6, starts_on=datetime.date(2025, 11, 22))


def test_credit_label_prefers_the_agency_then_the_free_text():
    assert make_article("a", credit=afp()).credit_label == "AFP"
    assert make_article("b", credit_text="Muscat Daily").credit_label == "Muscat Daily"


def test_for_listing_loads_credit_tags_and_captions_in_constant_queries(django_assert_num_queries):
    def build(n: int) -> None:
        for i in range(n):
            article = make_article(f"story {i}", credit=afp(), status=Article.Status.PUBLISHED,
                                   published_at=timezone.now())
            article.tags.add("Oman", f"tag{i}")
            make_caption(article, f"caption {i}", credit=afp())

    def read_all() -> int:
        total = 0
        for article in Article.objects.published().for_listing():
            total += len(article.credit_label) + len(list(article.tags.all()))
            total += sum(len(c.credit_label) for c in article.captions.all())
        return total

    build(3)
    # 1 articles (with credit joined) + 1 tags + 1 captions (with credit
    # joined) + 1 corrections
    with django_assert_num_queries(4):
        read_all()
    build(30)
    with django_assert_num_queries(4):
        read_all()
